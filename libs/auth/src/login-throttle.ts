import { createHash } from 'node:crypto';

/** Failed logins recorded for one throttle key inside the window. */
export interface FailureWindow {
  readonly key: string;
  readonly failures: number;
  /** Seconds since the oldest failure still inside the window. */
  readonly oldestAgeSeconds: number;
  /** Seconds since the newest failure. */
  readonly newestAgeSeconds: number;
}

export interface ThrottleLimits {
  readonly windowSeconds: number;
  /**
   * Failures of one username from one address before each further one doubles the wait before the
   * next attempt from there: 1 s, 2 s, 4 s, … up to the window (`LOGIN_MAX_FAILURES`).
   */
  readonly freeFailuresPerPair: number;
  /** Failures of one username from all addresses in the window that block it everywhere (`LOGIN_MAX_FAILURES_PER_USERNAME`). */
  readonly maxFailuresPerUsername: number;
  /** Failures from one address in the window that block it for every username (`LOGIN_MAX_FAILURES_PER_IP`). */
  readonly maxFailuresPerIp: number;
}

export type ThrottleDecision =
  | { readonly blocked: false }
  | {
      readonly blocked: true;
      readonly key: string;
      readonly reason: 'pair' | 'username' | 'ip';
      readonly retryAfterSeconds: number;
    };

/** The throttle keys of one attempt: its (username, address) pair, its username, its address. */
export interface ThrottleKeys {
  readonly pair: string;
  readonly username: string;
  readonly ip: string;
}

/**
 * Whether a login attempt may go ahead, before any password is checked (so a blocked attacker
 * learns nothing). Three counts, so that failing cannot be used to lock others out cheaply:
 * - per (username, address): the first few failures are free, then every failure doubles the wait
 *   before the next attempt from that address, up to the window: one address guessing one password
 *   slows to a crawl, and blocks nobody else;
 * - per username, from every address: a much higher limit, so that one account cannot be guessed
 *   at from many addresses at once; reaching it takes many addresses, not five typos;
 * - per address, for every username: a high limit against spraying one password over many names,
 *   high enough for a NAT of honest users (set TRUST_PROXY behind a proxy, so addresses are real).
 * The longest wait wins.
 */
export function decideThrottle(windows: readonly FailureWindow[], limits: ThrottleLimits): ThrottleDecision {
  let worst: ThrottleDecision = { blocked: false };
  const consider = (key: string, reason: 'pair' | 'username' | 'ip', waitSeconds: number) => {
    if (waitSeconds <= 0) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(waitSeconds));
    if (!worst.blocked || retryAfterSeconds > worst.retryAfterSeconds)
      worst = { blocked: true, key, reason, retryAfterSeconds };
  };
  for (const window of windows) {
    if (window.key.startsWith('pair:')) {
      if (window.failures < limits.freeFailuresPerPair) continue;
      const delay = Math.min(2 ** (window.failures - limits.freeFailuresPerPair), limits.windowSeconds);
      consider(window.key, 'pair', delay - window.newestAgeSeconds);
    } else {
      const reason = window.key.startsWith('ip:') ? 'ip' : 'username';
      const limit = reason === 'ip' ? limits.maxFailuresPerIp : limits.maxFailuresPerUsername;
      if (window.failures < limit) continue;
      consider(window.key, reason, limits.windowSeconds - window.oldestAgeSeconds);
    }
  }
  return worst;
}

/**
 * A stable, non-reversible stand-in for a username in logs and throttle keys: usernames may be
 * phone numbers (personal data), so they are never written in clear.
 */
export function usernameFingerprint(username: string): string {
  return createHash('sha256')
    .update(`gridcase-login\n${username.trim().toLowerCase()}`)
    .digest('hex')
    .slice(0, 16);
}

/** The throttle keys of one attempt (`|` separates, as IPv6 addresses hold colons). */
export function throttleKeys(username: string, ip: string): ThrottleKeys {
  const user = usernameFingerprint(username);
  return { pair: `pair:${user}|${ip}`, username: `user:${user}`, ip: `ip:${ip}` };
}
