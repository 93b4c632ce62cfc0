import {
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import bcrypt from 'bcryptjs';
import type { Request } from 'express';
import { usernameFingerprint, type Scope } from '#auth';
import { APP_CONFIG, correlationIdOf, isSingleLine, type AppConfig } from '#platform';
import { Access, principalOf } from './access.decorator.js';
import { AccountAuditRepository, type AccountAuditAction } from './account-audit.repository.js';
import { AccountStateService } from './account-state.service.js';
import { AccountSyncService, localAccountId } from './account-sync.service.js';
import { AccountsRepository, type AccountRow } from './accounts.repository.js';
import {
  AccountAuditQueryDto,
  ClearThrottleRequestDto,
  CreateAccountRequestDto,
  DisableAccountRequestDto,
  SetPasswordRequestDto,
} from './auth.request.dto.js';
import { LoginThrottleStore } from './login-throttle.store.js';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { ApiBodyProblems, ApiProblems } from '../openapi/api-problems.decorator.js';
import {
  AccountAuditPageDto,
  AccountSyncResultDto,
  AccountViewDto,
  CreatedAccountDto,
  ThrottleClearedDto,
} from './auth.response.dto.js';

/**
 * The administrator's account management (apps/api/src/auth/README.md, "Accounts"): create, sync,
 * reset a password, disable, enable, delete, lift a login lock, read the audit. Every change is
 * recorded in `account_audit` with the acting account, and takes effect on the target's tokens at once.
 */
@ApiTags('auth')
@ApiBearerAuth()
@Access('operations.write')
@ApiBodyProblems()
@Controller('api/v1/auth')
export class AccountsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsRepository,
    private readonly sync: AccountSyncService,
    private readonly audit: AccountAuditRepository,
    private readonly accountStates: AccountStateService,
    private readonly throttle: LoginThrottleStore,
  ) {}

  @Post('accounts')
  @ApiCreatedResponse({ type: CreatedAccountDto })
  @ApiProblems({ 409: ['AUTH.USERNAME_TAKEN'] })
  @ApiOperation({
    summary:
      'Administrators: create a district-wide login (analyst, administrator, centre operator) or a district department login',
  })
  async createAccount(@Body() body: CreateAccountRequestDto, @Req() request: Request) {
    // A name the registry gives a login (even one not synced yet) is not free for a local account.
    if (await this.sync.registryHasLogin(body.username)) throw usernameTaken();
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
    if (!created) throw usernameTaken();
    await this.record(request, 'account_created', accountId, { roles: [body.role] });
    return { id: accountId, username: body.username, roles: [body.role], scope };
  }

  @Post('accounts/sync')
  @ApiOkResponse({ type: AccountSyncResultDto })
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Administrators: bring the accounts table in step with the registry logins now; lists logins left out because another account has the name',
  })
  async syncAccounts() {
    return this.sync.syncFromRegistry();
  }

  @Get('accounts/:username')
  @ApiOkResponse({ type: AccountViewDto })
  @ApiProblems({ 404: ['AUTH.UNKNOWN_ACCOUNT'] })
  @ApiOperation({ summary: 'Administrators: one account, its roles, scope and state' })
  async getAccount(@Param('username') username: string) {
    return view(await this.target(username));
  }

  @Post('accounts/:username/password')
  @ApiNoContentResponse({ description: 'Set; the holder must choose their own at the next login' })
  @ApiProblems({ 404: ['AUTH.UNKNOWN_ACCOUNT'], 409: ['AUTH.CONFIGURED_ADMINISTRATOR'] })
  @HttpCode(204)
  @ApiOperation({
    summary:
      "Administrators: set a login's password (audited; its tokens stop, and the holder must change it at the next login)",
  })
  async setPassword(
    @Param('username') username: string,
    @Body() body: SetPasswordRequestDto,
    @Req() request: Request,
  ) {
    await this.sync.syncOne(username);
    const account = await this.target(username);
    this.refuseConfiguredAdministrator(account, 'set the password of');
    await this.accounts.resetPassword(
      account.accountId,
      await bcrypt.hash(body.password, this.config.auth.bcryptCost),
    );
    this.accountStates.forget(account.accountId);
    await this.record(request, 'password_reset', account.accountId, {
      hadPassword: account.passwordHash !== null,
    });
  }

  @Post('accounts/:username/disable')
  @ApiOkResponse({ type: AccountViewDto })
  @ApiProblems({ 404: ['AUTH.UNKNOWN_ACCOUNT'], 409: ['AUTH.OWN_ACCOUNT', 'AUTH.CONFIGURED_ADMINISTRATOR'] })
  @HttpCode(200)
  @ApiOperation({ summary: 'Administrators: disable a login; its tokens stop at once (audited)' })
  async disable(
    @Param('username') username: string,
    @Body() body: DisableAccountRequestDto,
    @Req() request: Request,
  ) {
    const account = await this.changeable(username, request, 'disable');
    await this.accounts.setDisabled(account.accountId, true);
    this.accountStates.forget(account.accountId);
    await this.record(request, 'account_disabled', account.accountId, { reason: body.reason });
    return view((await this.accounts.findById(account.accountId))!);
  }

  @Post('accounts/:username/enable')
  @ApiOkResponse({ type: AccountViewDto })
  @ApiProblems({ 404: ['AUTH.UNKNOWN_ACCOUNT'], 409: ['AUTH.OWN_ACCOUNT', 'AUTH.CONFIGURED_ADMINISTRATOR'] })
  @HttpCode(200)
  @ApiOperation({ summary: 'Administrators: enable a disabled login again (audited)' })
  async enable(@Param('username') username: string, @Req() request: Request) {
    const account = await this.changeable(username, request, 'enable');
    await this.accounts.setDisabled(account.accountId, false);
    this.accountStates.forget(account.accountId);
    await this.record(request, 'account_enabled', account.accountId, {});
    return view((await this.accounts.findById(account.accountId))!);
  }

  @Delete('accounts/:username')
  @ApiNoContentResponse({
    description: 'Deleted: a tombstone keeps the id (an actor in the log) and the username taken',
  })
  @ApiProblems({ 404: ['AUTH.UNKNOWN_ACCOUNT'], 409: ['AUTH.OWN_ACCOUNT', 'AUTH.CONFIGURED_ADMINISTRATOR'] })
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Administrators: delete a login (audited); its tokens stop at once, its id stays in the log and its name stays taken',
  })
  async delete(@Param('username') username: string, @Req() request: Request) {
    const account = await this.changeable(username, request, 'delete');
    await this.accounts.markDeleted(account.accountId);
    this.accountStates.forget(account.accountId);
    await this.record(request, 'account_deleted', account.accountId, {});
  }

  @Post('login-throttle/clear')
  @ApiOkResponse({ type: ThrottleClearedDto })
  @ApiProblems({ 404: ['AUTH.THROTTLE_TARGET_REQUIRED'] })
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Administrators: lift a login lock: a username's failures from every address, an address's, or one pair's (audited)",
  })
  async clearThrottle(@Body() body: ClearThrottleRequestDto, @Req() request: Request) {
    if (body.username === undefined && body.ip === undefined) {
      throw new NotFoundException({
        code: 'AUTH.THROTTLE_TARGET_REQUIRED',
        message: 'name a username, an ip, or both',
      });
    }
    const cleared = await this.throttle.clear(body);
    const target =
      body.username === undefined ? undefined : await this.accounts.findByUsername(body.username);
    await this.record(request, 'throttle_cleared', target?.accountId ?? null, {
      ...(body.username === undefined ? {} : { usernameFingerprint: usernameFingerprint(body.username) }),
      ...(body.ip === undefined ? {} : { ip: body.ip }),
      cleared,
    });
    return { cleared };
  }

  @Get('audit')
  @ApiOkResponse({ type: AccountAuditPageDto })
  @ApiProblems({ 404: ['AUTH.UNKNOWN_ACCOUNT'] })
  @ApiOperation({
    summary: 'Administrators: the account audit, newest first (of one account with ?username=)',
  })
  async auditEntries(@Query() query: AccountAuditQueryDto) {
    const target = query.username === undefined ? undefined : await this.target(query.username);
    return {
      items: await this.audit.list({
        targetAccountId: target?.accountId,
        limit: query.limit === undefined ? 100 : Number(query.limit),
      }),
    };
  }

  /** The account named in the path; deleted accounts are gone for these routes. */
  private async target(username: string): Promise<AccountRow> {
    const account =
      username.length <= 100 && isSingleLine(username)
        ? await this.accounts.findByUsername(username)
        : undefined;
    if (!account || account.deleted)
      throw new NotFoundException({ code: 'AUTH.UNKNOWN_ACCOUNT', message: 'no account has this username' });
    return account;
  }

  /** An account the caller may disable, enable or delete: not its own, not the configured administrator. */
  private async changeable(username: string, request: Request, verb: string): Promise<AccountRow> {
    await this.sync.syncOne(username);
    const account = await this.target(username);
    if (account.accountId === principalOf(request).id) {
      throw new ConflictException({
        code: 'AUTH.OWN_ACCOUNT',
        message: `you may not ${verb} your own account (another administrator may)`,
      });
    }
    this.refuseConfiguredAdministrator(account, verb);
    return account;
  }

  private refuseConfiguredAdministrator(account: AccountRow, verb: string): void {
    if (account.accountId !== localAccountId(this.config.auth.adminUsername)) return;
    throw new ConflictException({
      code: 'AUTH.CONFIGURED_ADMINISTRATOR',
      message: `the administrator of ADMIN_USERNAME is managed by configuration (ADMIN_PASSWORD); you may not ${verb} it here`,
    });
  }

  private record(
    request: Request,
    action: AccountAuditAction,
    targetAccountId: string | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record({
      actorAccountId: principalOf(request).id,
      action,
      targetAccountId,
      detail,
      correlationId: correlationIdOf(request),
    });
  }
}

function usernameTaken(): ConflictException {
  return new ConflictException({
    code: 'AUTH.USERNAME_TAKEN',
    message: 'an account with this username exists (or the registry gives it to a login)',
  });
}

function view(account: AccountRow) {
  return {
    id: account.accountId,
    username: account.username,
    roles: account.roles,
    scope: account.scope,
    source: account.source,
    disabled: account.disabled,
    mustChangePassword: account.mustChangePassword,
    hasPassword: account.passwordHash !== null,
  };
}
