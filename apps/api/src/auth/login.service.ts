import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import bcrypt from 'bcryptjs';
import { throttleKeys, usernameFingerprint, type Principal } from '#auth';
import { APP_CONFIG, type AppConfig } from '#platform';
import { AccountSyncService } from './account-sync.service.js';
import { AccountsRepository } from './accounts.repository.js';
import { invalidCredentials } from './auth-errors.js';
import { LoginThrottleStore } from './login-throttle.store.js';

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; username: string; roles: Principal['roles']; scope: Principal['scope'] };
}

/** A bcrypt hash of nothing anyone knows: unknown usernames cost the same time as wrong passwords. */
const NO_ACCOUNT_HASH = '$2b$10$3PX.irQQT9arpRFccWR3YO8tiFjl5ZR4zprBEuFyA5RcJRbnBPkdu';

/**
 * Checks a username and password and issues a short-lived HS256 access token. Failed attempts are
 * counted per username and per client address; at the limit the answer is 429 with Retry-After,
 * before any password is checked. Logs carry a fingerprint of the username, never the username
 * itself (it may be a phone number), the password or the token.
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
  ) {}

  async login(
    username: string,
    password: string,
    ip: string,
    correlationId: string,
  ): Promise<LoginResult | { retryAfterSeconds: number }> {
    const keys = throttleKeys(username, ip);
    const fingerprint = usernameFingerprint(username);
    const decision = await this.throttle.check(keys);
    if (decision.blocked) {
      this.logger.warn(
        {
          event: 'auth.login_throttled',
          usernameFingerprint: fingerprint,
          ip,
          key: decision.key.startsWith('ip:') ? 'ip' : 'username',
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
    const reason = !account
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
    await this.throttle.clear(keys[0]!);
    const expiresIn = this.config.auth.accessTokenTtlSeconds;
    const accessToken = await this.jwt.signAsync(
      { sub: account.accountId, roles: account.roles, scope: account.scope, typ: 'access' },
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
