import { describe, expect, it } from '@jest/globals';
import { decideThrottle, throttleKeys, usernameFingerprint, type FailureWindow } from './login-throttle.js';

const limits = {
  windowSeconds: 300,
  freeFailuresPerPair: 5,
  maxFailuresPerUsername: 100,
  maxFailuresPerIp: 200,
};
const pair = 'pair:a|1.2.3.4';
const failures = (key: string, n: number, oldest: number, newest = 0): FailureWindow => ({
  key,
  failures: n,
  oldestAgeSeconds: oldest,
  newestAgeSeconds: newest,
});

describe('login throttle', () => {
  it('lets the first failures of a (username, address) pair through at once', () => {
    expect(decideThrottle([failures(pair, 4, 10)], limits)).toEqual({ blocked: false });
  });

  it('then doubles the wait after each failure: 1 s, 2 s, 4 s … up to the window', () => {
    const wait = (n: number) => {
      const decision = decideThrottle([failures(pair, n, 200, 0)], limits);
      return decision.blocked ? decision.retryAfterSeconds : 0;
    };
    expect([5, 6, 7, 8, 9, 12, 13, 14, 40].map(wait)).toEqual([1, 2, 4, 8, 16, 128, 256, 300, 300]);
    // The wait runs from the newest failure.
    expect(decideThrottle([failures(pair, 8, 200, 5)], limits)).toEqual({
      blocked: true,
      key: pair,
      reason: 'pair',
      retryAfterSeconds: 3,
    });
    expect(decideThrottle([failures(pair, 8, 200, 8)], limits)).toEqual({ blocked: false });
  });

  it('blocks a username everywhere only at the much higher global limit, until the oldest failure leaves the window', () => {
    expect(decideThrottle([failures('user:a', 99, 100)], limits)).toEqual({ blocked: false });
    expect(decideThrottle([failures('user:a', 100, 100)], limits)).toEqual({
      blocked: true,
      key: 'user:a',
      reason: 'username',
      retryAfterSeconds: 200,
    });
  });

  it('blocks an address at its own limit, and reports the longest of several waits', () => {
    expect(decideThrottle([failures('ip:1.2.3.4', 199, 10)], limits)).toEqual({ blocked: false });
    expect(
      decideThrottle([failures(pair, 6, 250, 1), failures('ip:1.2.3.4', 200, 10)], limits),
    ).toMatchObject({ blocked: true, key: 'ip:1.2.3.4', reason: 'ip', retryAfterSeconds: 290 });
    expect(decideThrottle([failures('user:a', 100, 299.9)], limits)).toMatchObject({ retryAfterSeconds: 1 });
  });

  it('keys a pair, a username and an address, never the username in clear', () => {
    const keys = throttleKeys('13800138000', '::ffff:10.0.0.1');
    expect(Object.values(keys).join(' ')).not.toContain('13800138000');
    const user = usernameFingerprint(' 13800138000 ');
    expect(keys).toEqual({
      pair: `pair:${user}|::ffff:10.0.0.1`,
      username: `user:${user}`,
      ip: 'ip:::ffff:10.0.0.1',
    });
    expect(usernameFingerprint('Staff0001')).toBe(usernameFingerprint('staff0001'));
  });
});
