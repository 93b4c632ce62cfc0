import { applyDecorators, Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { correlationIdOf } from '#platform';
import { Access, Public, principalOf } from './access.decorator.js';
import { tooManyAttempts } from './auth-errors.js';
import { ChangePasswordRequestDto, LoginRequestDto } from './auth.request.dto.js';
import { AccountSyncService } from './account-sync.service.js';
import { AccountsRepository } from './accounts.repository.js';
import { LoginService, type LoginResult } from './login.service.js';
import { MeResponseDto } from './me.response.dto.js';
import { ApiBodyProblems, ApiProblems, type ProblemCodes } from '../openapi/api-problems.decorator.js';
import { LoginResponseDto } from './auth.response.dto.js';

/** What a login answers (and a password change, which answers like one): a token, or why not. */
const ApiLoginAnswer = (own: ProblemCodes) =>
  applyDecorators(
    ApiOkResponse({
      type: LoginResponseDto,
      headers: { 'Cache-Control': { description: 'no-store', schema: { type: 'string' } } },
    }),
    ApiBodyProblems(),
    ApiProblems({
      401: ['AUTH.INVALID_CREDENTIALS'],
      429: ['AUTH.TOO_MANY_ATTEMPTS'],
      503: ['DATABASE.UNAVAILABLE'],
      ...own,
    }),
  );

/** Logins and the holder's own password (apps/api/src/auth/README.md); administration: accounts.controller.ts. */
@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly logins: LoginService,
    private readonly accounts: AccountsRepository,
    private readonly sync: AccountSyncService,
  ) {}

  @Post('login')
  @ApiLoginAnswer({ 403: ['AUTH.PASSWORD_CHANGE_REQUIRED'] })
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a username and password for a short-lived Bearer access token' })
  async login(
    @Body() body: LoginRequestDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return answer(response, await this.logins.login(attemptOf(body, request)));
  }

  @Post('password')
  @ApiLoginAnswer({ 422: ['AUTH.PASSWORD_UNCHANGED'] })
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Change your own password (required after an administrator set it); throttled like a login, answers like one',
  })
  async changePassword(
    @Body() body: ChangePasswordRequestDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return answer(response, await this.logins.changePassword(attemptOf(body, request), body.newPassword));
  }

  @Get('me')
  @Access('authenticated')
  @ApiOperation({
    summary:
      'Who the caller is, as the account stands now: account id, username, display name, roles and scope',
  })
  @ApiOkResponse({ type: MeResponseDto })
  async me(@Req() request: Request): Promise<MeResponseDto> {
    const principal = principalOf(request);
    const [account, login] = await Promise.all([
      this.accounts.findById(principal.id),
      this.sync.registryLogin(principal.id),
    ]);
    const username = account?.username ?? principal.id;
    return {
      id: principal.id,
      username,
      // A registry login shows its holder's name; a local account (administrator, analyst, department) its username.
      displayName: login?.holderName ?? username,
      role: principal.roles[0]!,
      roles: [...principal.roles],
      scope: principal.scope as MeResponseDto['scope'],
      unitId: login?.unitId ?? null,
    };
  }
}

function attemptOf(body: LoginRequestDto, request: Request) {
  // request.ip follows TRUST_PROXY (create-app.ts): the socket's address unless a trusted proxy says otherwise.
  return {
    username: body.username,
    password: body.password,
    ip: request.ip ?? 'unknown',
    correlationId: correlationIdOf(request),
  };
}

function answer(response: Response, result: LoginResult | { retryAfterSeconds: number }): LoginResult {
  if ('retryAfterSeconds' in result) {
    response.setHeader('Retry-After', String(result.retryAfterSeconds));
    throw tooManyAttempts();
  }
  response.setHeader('Cache-Control', 'no-store');
  return result;
}
