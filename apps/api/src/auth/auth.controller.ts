import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import bcrypt from 'bcryptjs';
import type { Request, Response } from 'express';
import type { Scope } from '#auth';
import { APP_CONFIG, correlationIdOf, type AppConfig } from '#platform';
import { Access, Public, principalOf } from './access.decorator.js';
import { AccountSyncService, localAccountId } from './account-sync.service.js';
import { AccountsRepository } from './accounts.repository.js';
import { tooManyAttempts } from './auth-errors.js';
import { CreateAccountRequestDto, LoginRequestDto, SetPasswordRequestDto } from './auth.request.dto.js';
import { LoginService } from './login.service.js';
import { MeResponseDto } from './me.response.dto.js';

/** Logins, and the administrator's account management (apps/api/src/auth/README.md). */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logins: LoginService,
    private readonly accounts: AccountsRepository,
    private readonly sync: AccountSyncService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a username and password for a short-lived Bearer access token' })
  async login(
    @Body() body: LoginRequestDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.logins.login(
      body.username,
      body.password,
      request.ip ?? 'unknown',
      correlationIdOf(request),
    );
    if ('retryAfterSeconds' in result) {
      response.setHeader('Retry-After', String(result.retryAfterSeconds));
      throw tooManyAttempts();
    }
    response.setHeader('Cache-Control', 'no-store');
    return result;
  }

  @Get('me')
  @Access('authenticated')
  @ApiOperation({ summary: 'Who the caller is: account id, username, display name, roles and scope' })
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

  @Post('accounts')
  @Access('operations.write')
  @ApiOperation({
    summary:
      'Administrators: create a district-wide login (analyst, administrator, centre operator) or a district department login',
  })
  async createAccount(@Body() body: CreateAccountRequestDto) {
    const accountId = localAccountId(body.username);
    // A district department's login acts for its one department; the other local roles are district-wide.
    const scope: Scope =
      body.role === 'district_department' ? { kind: 'department', name: body.department! } : { kind: 'all' };
    const created = await this.accounts.insertLocal({
      accountId,
      username: body.username,
      passwordHash: await bcrypt.hash(body.password, this.config.auth.bcryptCost),
      roles: [body.role],
      scope,
    });
    if (!created)
      throw new ConflictException({
        code: 'AUTH.USERNAME_TAKEN',
        message: 'an account with this username exists',
      });
    return { id: accountId, username: body.username, roles: [body.role], scope };
  }

  @Post('accounts/sync')
  @HttpCode(200)
  @Access('operations.write')
  @ApiOperation({ summary: 'Administrators: bring the accounts table in step with the registry logins now' })
  async syncAccounts() {
    return { changed: await this.sync.syncFromRegistry() };
  }

  @Post('accounts/:username/password')
  @HttpCode(204)
  @Access('operations.write')
  @ApiOperation({
    summary:
      'Administrators: set the password of a login (registry logins have none until set, outside the demo)',
  })
  async setPassword(@Param('username') username: string, @Body() body: SetPasswordRequestDto) {
    await this.sync.syncOne(username);
    const done = await this.accounts.setPassword(
      username,
      await bcrypt.hash(body.password, this.config.auth.bcryptCost),
    );
    if (!done)
      throw new NotFoundException({ code: 'AUTH.UNKNOWN_ACCOUNT', message: 'no account has this username' });
  }
}
