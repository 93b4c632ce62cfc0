import { createHash } from 'node:crypto';

/** Failed logins recorded for one throttle key inside the window. */
export interface FailureWindow {
  readonly key: string;
  readonly failures: number;
  /** Seconds since the oldest failure still inside the window. */
  readonly oldestAgeSeconds: number;
}

export interface ThrottleLimits {
  readonly windowSeconds: number;
  /** Failures of one key (by its prefix: `user:` or `ip:`) that block further attempts. */
  readonly maxFailures: Readonly<Record<'user' | 'ip', number>>;
}

export type ThrottleDecision =
  | { readonly blocked: false }
  | { readonly blocked: true; readonly key: string; readonly retryAfterSeconds: number };

/**
 * Blocks a login attempt while any of its keys has reached its failure limit inside the window;
 * the caller may retry when the oldest of those failures leaves the window.
 */
export function decideThrottle(windows: readonly FailureWindow[], limits: ThrottleLimits): ThrottleDecision {
  let worst: ThrottleDecision = { blocked: false };
  for (const window of windows) {
    const kind = window.key.startsWith('ip:') ? 'ip' : 'user';
    if (window.failures < limits.maxFailures[kind]) continue;
    const retryAfterSeconds = Math.max(1, Math.ceil(limits.windowSeconds - window.oldestAgeSeconds));
    if (!worst.blocked || retryAfterSeconds > worst.retryAfterSeconds)
      worst = { blocked: true, key: window.key, retryAfterSeconds };
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

/** The throttle keys of one attempt: per username and per client address. */
export function throttleKeys(username: string, ip: string): string[] {
  return [`user:${usernameFingerprint(username)}`, `ip:${ip}`];
}
