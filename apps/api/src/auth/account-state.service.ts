import { Injectable } from '@nestjs/common';
import { roleOfRegistryAccount, type Principal, type Role, type Scope } from '#auth';
import { localDateOf } from '#domain-kernel';
import { registryView, type LoginAccount } from '#registry-domain';
import { RegistryStateCache } from '../registry/registry-state.cache.js';
import { AccountsRepository, type AccountRow } from './accounts.repository.js';

/**
 * How long a replica may act on an account state it read: a disable, delete or password reset on
 * this replica applies to its next request at once (the entry is dropped); other replicas follow
 * within this time.
 */
export const ACCOUNT_STATE_TTL_MS = 5_000;

/** Why a token that verifies is still refused. */
export type TokenRefusal = 'unknown_account' | 'deleted' | 'disabled' | 'revoked';

interface Cached {
  readonly row: AccountRow | undefined;
  readonly readAt: number;
}

/**
 * The caller of a request as the accounts table and the registry say now, not as the token said
 * when it was issued: a token carries the account's token version, and stops working once the
 * account is disabled, deleted or has its password reset (the version moved). Roles come from the
 * account; a registry login's scope from the registry in force today (a grid worker moved to
 * another grid from today acts there from today, whatever the token says).
 */
@Injectable()
export class AccountStateService {
  private readonly cache = new Map<string, Cached>();
  private registryLogins: { key: string; readAt: number; byId: Map<string, LoginAccount> } | undefined;

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly registry: RegistryStateCache,
  ) {}

  /** The principal a verified token stands for now, or why it is refused. */
  async principalFor(accountId: string, tokenVersion: number): Promise<Principal | TokenRefusal> {
    const row = await this.account(accountId);
    if (!row) return 'unknown_account';
    if (row.deleted) return 'deleted';
    if (row.disabled) return 'disabled';
    if (row.tokenVersion !== tokenVersion) return 'revoked';
    if (row.source !== 'registry') return { id: row.accountId, roles: row.roles, scope: row.scope };
    const login = (await this.loginsToday()).get(accountId);
    if (!login) return { id: row.accountId, roles: row.roles, scope: row.scope };
    const roles: Role[] = [roleOfRegistryAccount(login.role)];
    return { id: row.accountId, roles, scope: login.scope as Scope | null };
  }

  /** Drops what this replica knows of an account (after a change to it here). */
  forget(accountId: string): void {
    this.cache.delete(accountId);
  }

  private async account(accountId: string): Promise<AccountRow | undefined> {
    const cached = this.cache.get(accountId);
    if (cached && Date.now() - cached.readAt < ACCOUNT_STATE_TTL_MS) return cached.row;
    const row = await this.accounts.findById(accountId);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(accountId, { row, readAt: Date.now() });
    return row;
  }

  /** The registry's logins as of today, kept per registry revision and date, re-checked every few seconds. */
  private async loginsToday(): Promise<Map<string, LoginAccount>> {
    const today = localDateOf(new Date().toISOString());
    const known = this.registryLogins;
    if (known?.key.endsWith(`/${today}`) && Date.now() - known.readAt < ACCOUNT_STATE_TTL_MS)
      return known.byId;
    const folded = await this.registry.current();
    if (!folded || folded.state.status !== 'open') return new Map();
    const key = `${folded.revision}/${today}`;
    const byId =
      known?.key === key
        ? known.byId
        : new Map(
            registryView(folded.state, today)
              .accounts()
              .map((login) => [login.accountId, login]),
          );
    this.registryLogins = { key, readAt: Date.now(), byId };
    return byId;
  }
}
