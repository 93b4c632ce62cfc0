import { ForbiddenException, Inject, Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import bcrypt from 'bcryptjs';
import { throttleKeys, usernameFingerprint, type Principal } from '#auth';
import { APP_CONFIG, type AppConfig } from '#platform';
import { AccountAuditRepository } from './account-audit.repository.js';
import { AccountStateService } from './account-state.service.js';
import { AccountSyncService } from './account-sync.service.js';
import { AccountsRepository, type AccountRow } from './accounts.repository.js';
import { invalidCredentials } from './auth-errors.js';
import { LoginThrottleStore } from './login-throttle.store.js';

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; username: string; roles: Principal['roles']; scope: Principal['scope'] };
}

export interface LoginAttempt {
  readonly username: string;
  readonly password: string;
  readonly ip: string;
  readonly correlationId: string;
}

/** A bcrypt hash of nothing anyone knows: unknown usernames cost the same time as wrong passwords. */
const NO_ACCOUNT_HASH = '$2b$10$3PX.irQQT9arpRFccWR3YO8tiFjl5ZR4zprBEuFyA5RcJRbnBPkdu';

/**
 * Checks a username and password and issues a short-lived HS256 access token carrying the
 * account's token version. The throttle (libs/auth login-throttle.ts) is consulted before any
 * password is checked; at its limits the answer is 429 with Retry-After. Logs carry a fingerprint
 * of the username, never the username itself (it may be a phone number), the password or the token.
 */
@Injectable()
export class LoginService {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JwtService) private readonly jwt: JwtService,
    private readonly accounts: AccountsRepository,
    private readonly sync: AccountSyncService,
    private readonly throttle: LoginThrottleStore,
    private readonly audit: AccountAuditRepository,
    private readonly accountStates: AccountStateService,
  ) {}

  /**
   * 200 with a token; 401 for a wrong or unknown login; 429 while throttled; 403
   * `AUTH.PASSWORD_CHANGE_REQUIRED` for the right password of an account whose password an
   * administrator set (it must be changed first, changePassword).
   */
  async login(attempt: LoginAttempt): Promise<LoginResult | { retryAfterSeconds: number }> {
    const checked = await this.verify(attempt);
    if ('retryAfterSeconds' in checked) return checked;
    if (checked.mustChangePassword) {
      throw new ForbiddenException({
        code: 'AUTH.PASSWORD_CHANGE_REQUIRED',
        message:
          'an administrator set this password: choose your own with POST /api/v1/auth/password {username, password, newPassword}',
      });
    }
    return this.issue(checked, attempt.correlationId);
  }

  /** The holder changes the password (voluntarily, or as required after a reset); answers like a login. */
  async changePassword(
    attempt: LoginAttempt,
    newPassword: string,
  ): Promise<LoginResult | { retryAfterSeconds: number }> {
    const checked = await this.verify(attempt);
    if ('retryAfterSeconds' in checked) return checked;
    if (newPassword === attempt.password) {
      throw new UnprocessableEntityException({
        code: 'AUTH.PASSWORD_UNCHANGED',
        message: 'the new password must differ from the current one',
      });
    }
    await this.accounts.changeOwnPassword(
      checked.accountId,
      await bcrypt.hash(newPassword, this.config.auth.bcryptCost),
    );
    this.accountStates.forget(checked.accountId);
    await this.audit.record({
      actorAccountId: checked.accountId,
      action: 'password_changed',
      targetAccountId: checked.accountId,
      detail: {},
      correlationId: attempt.correlationId,
    });
    const updated = await this.accounts.findById(checked.accountId);
    return this.issue(updated!, attempt.correlationId);
  }

  /** The throttle, then the account and its password; records and logs a failure. */
  private async verify(attempt: LoginAttempt): Promise<AccountRow | { retryAfterSeconds: number }> {
    const { username, password, ip, correlationId } = attempt;
    const keys = throttleKeys(username, ip);
    const fingerprint = usernameFingerprint(username);
    const decision = await this.throttle.check(keys);
    if (decision.blocked) {
      this.logger.warn(
        {
          event: 'auth.login_throttled',
          usernameFingerprint: fingerprint,
          ip,
          key: decision.reason,
          retryAfterSeconds: decision.retryAfterSeconds,
          correlationId,
        },
        'login throttled',
      );
      return { retryAfterSeconds: decision.retryAfterSeconds };
    }
    // A registry login is refreshed (scope, role) from the registry before it is checked.
    let account = await this.accounts.findByUsername(username);
    if (!account || account.source === 'registry') {
      if (await this.sync.syncOne(username)) account = await this.accounts.findByUsername(username);
    }
    const matches = await bcrypt.compare(password, account?.passwordHash ?? NO_ACCOUNT_HASH);
    const reason =
      !account || account.deleted
        ? 'unknown_account'
        : account.disabled
          ? 'disabled'
          : !account.passwordHash
            ? 'no_password'
            : !matches
              ? 'wrong_password'
              : undefined;
    if (reason !== undefined || !account) {
      await this.throttle.recordFailure(keys);
      this.logger.warn(
        {
          event: 'auth.login_failed',
          reason,
          usernameFingerprint: fingerprint,
          accountId: account?.accountId,
          ip,
          correlationId,
        },
        'login failed',
      );
      throw invalidCredentials();
    }
    await this.throttle.clearAfterSuccess(keys);
    return account;
  }

  private async issue(account: AccountRow, correlationId: string): Promise<LoginResult> {
    const expiresIn = this.config.auth.accessTokenTtlSeconds;
    const accessToken = await this.jwt.signAsync(
      {
        sub: account.accountId,
        roles: account.roles,
        scope: account.scope,
        typ: 'access',
        ver: account.tokenVersion,
      },
      { expiresIn },
    );
    this.logger.log(
      { event: 'auth.login', accountId: account.accountId, roles: account.roles, correlationId },
      'login',
    );
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn,
      user: { id: account.accountId, username: account.username, roles: account.roles, scope: account.scope },
    };
  }
}
