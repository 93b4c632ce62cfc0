import { Inject, Injectable } from '@nestjs/common';
import { decideThrottle, type ThrottleDecision, type ThrottleLimits } from '#auth';
import { APP_CONFIG, type AppConfig, type Database } from '#platform';
import { DATABASE } from '../infrastructure/infrastructure.tokens.js';

/**
 * Failed logins per throttle key in PostgreSQL, so the limit holds across API replicas. Counting
 * uses the database clock; a burst racing the same key may pass a failure or two over the limit.
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
      maxFailures: { user: config.auth.loginMaxFailuresPerUsername, ip: config.auth.loginMaxFailuresPerIp },
    };
  }

  async check(keys: readonly string[]): Promise<ThrottleDecision> {
    const { rows } = await this.database.pool.query<{
      key: string;
      failures: string | number;
      oldest_age: string | number;
    }>(
      `SELECT key, count(*) AS failures, EXTRACT(EPOCH FROM now() - min(failed_at)) AS oldest_age
         FROM login_failures
        WHERE key = ANY($1::text[]) AND failed_at > now() - make_interval(secs => $2)
        GROUP BY key`,
      [keys, this.limits.windowSeconds],
    );
    return decideThrottle(
      rows.map((row) => ({
        key: row.key,
        failures: Number(row.failures),
        oldestAgeSeconds: Number(row.oldest_age),
      })),
      this.limits,
    );
  }

  async recordFailure(keys: readonly string[]): Promise<void> {
    await this.database.pool.query('INSERT INTO login_failures (key) SELECT unnest($1::text[])', [keys]);
    // Keep the table small: what left the window no longer counts.
    await this.database.pool.query(
      'DELETE FROM login_failures WHERE failed_at < now() - make_interval(secs => $1)',
      [this.limits.windowSeconds],
    );
  }

  /** A successful login clears its username's failures (not its address's). */
  async clear(key: string): Promise<void> {
    await this.database.pool.query('DELETE FROM login_failures WHERE key = $1', [key]);
  }
}
