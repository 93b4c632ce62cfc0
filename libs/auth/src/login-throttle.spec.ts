import { describe, expect, it } from '@jest/globals';
import { decideThrottle, throttleKeys, usernameFingerprint } from './login-throttle.js';

const limits = { windowSeconds: 300, maxFailures: { user: 5, ip: 20 } };

describe('login throttle', () => {
  it('lets attempts through below the limits', () => {
    expect(
      decideThrottle(
        [
          { key: 'user:a', failures: 4, oldestAgeSeconds: 10 },
          { key: 'ip:1.2.3.4', failures: 19, oldestAgeSeconds: 10 },
        ],
        limits,
      ),
    ).toEqual({ blocked: false });
  });

  it('blocks a username at its limit until the oldest failure leaves the window', () => {
    expect(decideThrottle([{ key: 'user:a', failures: 5, oldestAgeSeconds: 100 }], limits)).toEqual({
      blocked: true,
      key: 'user:a',
      retryAfterSeconds: 200,
    });
  });

  it('blocks an address at its own limit and reports the longest wait', () => {
    const decision = decideThrottle(
      [
        { key: 'user:a', failures: 5, oldestAgeSeconds: 250 },
        { key: 'ip:1.2.3.4', failures: 20, oldestAgeSeconds: 10 },
      ],
      limits,
    );
    expect(decision).toEqual({ blocked: true, key: 'ip:1.2.3.4', retryAfterSeconds: 290 });
    expect(decideThrottle([{ key: 'user:a', failures: 5, oldestAgeSeconds: 299.9 }], limits)).toMatchObject({
      retryAfterSeconds: 1,
    });
  });

  it('never keeps a username in clear', () => {
    const keys = throttleKeys('13800138000', '10.0.0.1');
    expect(keys.join(' ')).not.toContain('13800138000');
    expect(keys[0]).toBe(`user:${usernameFingerprint(' 13800138000 ')}`);
    expect(usernameFingerprint('Staff0001')).toBe(usernameFingerprint('staff0001'));
  });
});
