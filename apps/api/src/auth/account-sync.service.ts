import { localDateOf } from '#domain-kernel';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import bcrypt from 'bcryptjs';
import { v5 as uuidv5 } from 'uuid';
import { roleOfRegistryAccount, type Role, type Scope } from '#auth';
import { APP_CONFIG, type AppConfig } from '#platform';
import { registryView, type LoginAccount } from '#registry-domain';
import { RegistryStateCache } from '../registry/registry-state.cache.js';
import {
  AccountsRepository,
  type AccountNameConflict,
  type RegistryAccountUpsert,
} from './accounts.repository.js';

/** Never change: local account ids derive from it. */
const LOCAL_ACCOUNT_NAMESPACE = '0b8f3a52-6c1d-5e7a-9f24-3d6e1c8b7a90';
/** The embedded demo's analyst (no such role exists in the registry). */
export const DEMO_ANALYST_USERNAME = 'analyst';
/** The embedded demo's district departments (local accounts: the registry has no departments), README "Demo accounts". */
export const DEMO_DEPARTMENT_ACCOUNTS: ReadonlyArray<{
  readonly username: string;
  readonly department: string;
}> = [
  { username: 'dept-minzheng', department: '区民政局' },
  { username: 'dept-zhujian', department: '区住建委' },
  { username: 'dept-yingji', department: '区应急管理局' },
  { username: 'dept-weijian', department: '区卫生健康委' },
  { username: 'dept-shichang', department: '区市场监管局' },
];

export function localAccountId(username: string): string {
  return uuidv5(`local/${username.toLowerCase()}`, LOCAL_ACCOUNT_NAMESPACE);
}

/**
 * Keeps the accounts table in step with the registry's logins (grid workers, grid duty accounts,
 * unit staff): on start, after the demo seed, on an administrator's request, and for one login
 * the first time it is used. Idempotent. Also ensures the configured administrator and, in the
 * embedded demo, a local analyst and five district-department logins.
 */
@Injectable()
export class AccountSyncService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');
  private demoHash: Promise<string> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsRepository,
    private readonly registry: RegistryStateCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureAdministrator();
    if (this.config.seedDemo && this.config.auth.demoAccountPassword) {
      await this.accounts.insertLocal({
        accountId: localAccountId(DEMO_ANALYST_USERNAME),
        username: DEMO_ANALYST_USERNAME,
        passwordHash: await this.demoPasswordHash(),
        roles: ['analyst'],
        scope: { kind: 'all' },
      });
      for (const { username, department } of DEMO_DEPARTMENT_ACCOUNTS) {
        await this.accounts.insertLocal({
          accountId: localAccountId(username),
          username,
          passwordHash: await this.demoPasswordHash(),
          roles: ['district_department'],
          scope: { kind: 'department', name: department },
        });
      }
    }
    // Registry data must never keep the API from starting: a failed sync is logged, and retried at
    // each login and by POST /auth/accounts/sync.
    try {
      await this.syncFromRegistry();
    } catch (error) {
      this.logger.error(
        { event: 'auth.accounts_sync_failed', err: error },
        'accounts could not be synced from the registry at start-up; logins sync one by one',
      );
    }
  }

  async ensureAdministrator(): Promise<void> {
    const { adminUsername, adminPassword, bcryptCost } = this.config.auth;
    if (!adminPassword) return;
    const existing = await this.accounts.findById(localAccountId(adminUsername));
    // Hash only when the configured password changed: bcrypt at cost ≥ 10 is slow on purpose.
    if (existing?.passwordHash && (await bcrypt.compare(adminPassword, existing.passwordHash))) return;
    await this.accounts.ensureLocal({
      accountId: localAccountId(adminUsername),
      username: adminUsername,
      passwordHash: await bcrypt.hash(adminPassword, bcryptCost),
      roles: ['administrator'],
      scope: { kind: 'all' },
    });
  }

  /**
   * Every registry login into the accounts table: how many rows were added or changed, and the
   * logins left out because another account has their name (reported, logged, never thrown).
   */
  async syncFromRegistry(): Promise<{ changed: number; conflicts: AccountNameConflict[] }> {
    const logins = await this.registryLogins();
    if (logins.length === 0) return { changed: 0, conflicts: [] };
    const hash = this.config.auth.demoAccountPassword ? await this.demoPasswordHash() : null;
    const result = await this.accounts.upsertRegistryAccounts(logins.map((login) => toUpsert(login, hash)));
    this.logger.log(
      { event: 'auth.accounts_synced', changed: result.changed },
      'accounts synced from the registry',
    );
    if (result.conflicts.length > 0) {
      this.logger.warn(
        { event: 'auth.account_name_conflicts', conflicts: result.conflicts.map((c) => c.accountId) },
        `${result.conflicts.length} registry login(s) left out: another account has the name (POST /api/v1/auth/accounts/sync lists them)`,
      );
    }
    return result;
  }

  /** True when the registry in force today gives this name (case-insensitively) to a login. */
  async registryHasLogin(username: string): Promise<boolean> {
    const wanted = username.toLowerCase();
    return (await this.registryLogins()).some((login) => login.accountName.toLowerCase() === wanted);
  }

  /** Syncs the one registry login with this name (a login registered since start); true when it exists. */
  async syncOne(username: string): Promise<boolean> {
    const login = (await this.registryLogins()).find(
      (candidate) => candidate.accountName.toLowerCase() === username.toLowerCase(),
    );
    if (!login) return false;
    const hash = this.config.auth.demoAccountPassword ? await this.demoPasswordHash() : null;
    const { conflicts } = await this.accounts.upsertRegistryAccounts([toUpsert(login, hash)]);
    return conflicts.length === 0;
  }

  /** The registry login of an account (its holder's name and unit today), undefined for a local account. */
  async registryLogin(accountId: string): Promise<LoginAccount | undefined> {
    return (await this.registryLogins()).find((login) => login.accountId === accountId);
  }

  private async registryLogins(): Promise<readonly LoginAccount[]> {
    const folded = await this.registry.current();
    if (!folded || folded.state.status !== 'open') return [];
    return registryView(folded.state, localDateOf(new Date().toISOString())).accounts();
  }

  /** One hash for the documented demo password, shared by every demo login (hashing ~900 would take minutes). */
  private demoPasswordHash(): Promise<string> {
    this.demoHash ??= bcrypt.hash(this.config.auth.demoAccountPassword!, this.config.auth.bcryptCost);
    return this.demoHash;
  }
}

function toUpsert(login: LoginAccount, initialPasswordHash: string | null): RegistryAccountUpsert {
  const roles: Role[] = [roleOfRegistryAccount(login.role)];
  return {
    accountId: login.accountId,
    username: login.accountName,
    roles,
    scope: login.scope as Scope | null,
    initialPasswordHash,
  };
}
