import { Inject, Injectable } from '@nestjs/common';
import {
  decideThrottle,
  throttleKeys,
  usernameFingerprint,
  type ThrottleDecision,
  type ThrottleKeys,
  type ThrottleLimits,
} from '#auth';
import { APP_CONFIG, type AppConfig, type Database } from '#platform';
import { DATABASE } from '../infrastructure/infrastructure.tokens.js';

/**
 * Failed logins per throttle key in PostgreSQL, so the limits hold across API replicas (the rules:
 * decideThrottle in libs/auth). Counting uses the database clock; a burst racing the same key may
 * pass a failure or two over a limit.
 */
@Injectable()
export class LoginThrottleStore {
  private readonly limits: ThrottleLimits;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limits = {
      windowSeconds: config.auth.loginFailureWindowSeconds,
      freeFailuresPerPair: config.auth.loginFreeFailuresPerPair,
      maxFailuresPerUsername: config.auth.loginMaxFailuresPerUsername,
      maxFailuresPerIp: config.auth.loginMaxFailuresPerIp,
    };
  }

  async check(keys: ThrottleKeys): Promise<ThrottleDecision> {
    const { rows } = await this.database.pool.query<{
      key: string;
      failures: string | number;
      oldest_age: string | number;
      newest_age: string | number;
    }>(
      `SELECT key, count(*) AS failures, EXTRACT(EPOCH FROM now() - min(failed_at)) AS oldest_age,
              EXTRACT(EPOCH FROM now() - max(failed_at)) AS newest_age
         FROM login_failures
        WHERE key = ANY($1::text[]) AND failed_at > now() - make_interval(secs => $2)
        GROUP BY key`,
      [Object.values(keys), this.limits.windowSeconds],
    );
    return decideThrottle(
      rows.map((row) => ({
        key: row.key,
        failures: Number(row.failures),
        oldestAgeSeconds: Number(row.oldest_age),
        newestAgeSeconds: Number(row.newest_age),
      })),
      this.limits,
    );
  }

  async recordFailure(keys: ThrottleKeys): Promise<void> {
    await this.database.pool.query('INSERT INTO login_failures (key) SELECT unnest($1::text[])', [
      Object.values(keys),
    ]);
    // Keep the table small: what left the window no longer counts.
    await this.database.pool.query(
      'DELETE FROM login_failures WHERE failed_at < now() - make_interval(secs => $1)',
      [this.limits.windowSeconds],
    );
  }

  /** A successful login clears its username's failures (its pair's and its global count), not its address's. */
  async clearAfterSuccess(keys: ThrottleKeys): Promise<void> {
    await this.database.pool.query('DELETE FROM login_failures WHERE key = ANY($1::text[])', [
      [keys.pair, keys.username],
    ]);
  }

  /**
   * An administrator lifts a lock: every failure of a username (from any address), of an address
   * (for any username), or of the one pair when both are given. Returns how many were cleared.
   */
  async clear(target: { username?: string; ip?: string }): Promise<number> {
    const conditions: string[] = [];
    const params: string[] = [];
    if (target.username !== undefined && target.ip !== undefined) {
      params.push(throttleKeys(target.username, target.ip).pair);
      conditions.push(`key = $${params.length}`);
    } else if (target.username !== undefined) {
      const user = usernameFingerprint(target.username);
      params.push(`user:${user}`, `pair:${user}|%`);
      conditions.push(`key = $${params.length - 1}`, `key LIKE $${params.length}`);
    } else if (target.ip !== undefined) {
      params.push(`ip:${target.ip}`, target.ip);
      conditions.push(
        `key = $${params.length - 1}`,
        `(key LIKE 'pair:%' AND split_part(key, '|', 2) = $${params.length})`,
      );
    }
    if (conditions.length === 0) return 0;
    const { rowCount } = await this.database.pool.query(
      `DELETE FROM login_failures WHERE ${conditions.join(' OR ')}`,
      params,
    );
    return rowCount ?? 0;
  }
}
