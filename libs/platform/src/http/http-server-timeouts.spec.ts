import { createServer } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '#platform';
import {
  applyHttpServerTimeouts,
  DEFAULT_HTTP_SERVER_TIMEOUTS,
  loadHttpServerTimeouts,
} from './http-server-timeouts.js';

describe('HTTP server timeouts', () => {
  it('defaults to a 10 s head, a 30 s request, 5 s keep-alive, checked every second', () => {
    expect(loadHttpServerTimeouts({})).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      connectionsCheckingIntervalMs: 1_000,
    });
  });

  it('reads each limit from its HTTP_* variable', () => {
    expect(
      loadHttpServerTimeouts({
        HTTP_HEADERS_TIMEOUT_MS: '3000',
        HTTP_REQUEST_TIMEOUT_MS: '8000',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '2000',
        HTTP_CONNECTIONS_CHECK_INTERVAL_MS: '250',
      }),
    ).toEqual({
      headersTimeoutMs: 3_000,
      requestTimeoutMs: 8_000,
      keepAliveTimeoutMs: 2_000,
      connectionsCheckingIntervalMs: 250,
    });
  });

  it('refuses a head timeout longer than the request timeout, and names every bad variable', () => {
    expect(() =>
      loadHttpServerTimeouts({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' }),
    ).toThrow(/HTTP_HEADERS_TIMEOUT_MS must not exceed/);
    try {
      loadHttpServerTimeouts({ HTTP_KEEP_ALIVE_TIMEOUT_MS: 'soon', HTTP_CONNECTIONS_CHECK_INTERVAL_MS: '0' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(/^HTTP_KEEP_ALIVE_TIMEOUT_MS must be an integer/),
        expect.stringMatching(/^HTTP_CONNECTIONS_CHECK_INTERVAL_MS must be an integer/),
      ]);
    }
  });

  it('sets all four on the server', () => {
    const server = createServer();
    applyHttpServerTimeouts(server, {
      headersTimeoutMs: 4_000,
      requestTimeoutMs: 9_000,
      keepAliveTimeoutMs: 3_000,
      connectionsCheckingIntervalMs: 500,
    });
    expect([
      server.headersTimeout,
      server.requestTimeout,
      server.keepAliveTimeout,
      (server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval,
    ]).toEqual([4_000, 9_000, 3_000, 500]);
    expect(DEFAULT_HTTP_SERVER_TIMEOUTS.headersTimeoutMs).toBeLessThanOrEqual(
      DEFAULT_HTTP_SERVER_TIMEOUTS.requestTimeoutMs,
    );
  });
});
