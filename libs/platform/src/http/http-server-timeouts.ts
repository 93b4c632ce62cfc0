import type { Server } from 'node:http';
import { ConfigError } from '../config/app-config.js';
import { envReader } from '../config/env-reader.js';

/**
 * How long the HTTP server waits for slow clients (slowloris and the like). Node enforces the
 * headers and request timeouts only when its connection checker runs, every
 * `connectionsCheckingInterval` (30 s by default), so a slow client is cut between
 * `headersTimeoutMs` and `headersTimeoutMs + connectionsCheckingIntervalMs` after it connected,
 * with `408 Request Timeout`.
 */
export interface HttpServerTimeouts {
  /** The whole request head must arrive within this (`HTTP_HEADERS_TIMEOUT_MS`, 10 s). */
  headersTimeoutMs: number;
  /** The whole request, head and body, must arrive within this (`HTTP_REQUEST_TIMEOUT_MS`, 30 s). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (`HTTP_KEEP_ALIVE_TIMEOUT_MS`, 5 s). */
  keepAliveTimeoutMs: number;
  /** How often the two timeouts above are checked (`HTTP_CONNECTIONS_CHECK_INTERVAL_MS`, 1 s). */
  connectionsCheckingIntervalMs: number;
}

export const DEFAULT_HTTP_SERVER_TIMEOUTS: HttpServerTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  connectionsCheckingIntervalMs: 1_000,
};

/** Reads the HTTP_* timeouts; a bad value is a ConfigError naming every offending variable. */
export function loadHttpServerTimeouts(env: Record<string, string | undefined>): HttpServerTimeouts {
  const problems: string[] = [];
  const { integer } = envReader(env, problems);
  const defaults = DEFAULT_HTTP_SERVER_TIMEOUTS;
  const timeouts: HttpServerTimeouts = {
    headersTimeoutMs: integer('HTTP_HEADERS_TIMEOUT_MS', defaults.headersTimeoutMs, 1_000, 600_000),
    requestTimeoutMs: integer('HTTP_REQUEST_TIMEOUT_MS', defaults.requestTimeoutMs, 1_000, 3_600_000),
    keepAliveTimeoutMs: integer('HTTP_KEEP_ALIVE_TIMEOUT_MS', defaults.keepAliveTimeoutMs, 1_000, 600_000),
    connectionsCheckingIntervalMs: integer(
      'HTTP_CONNECTIONS_CHECK_INTERVAL_MS',
      defaults.connectionsCheckingIntervalMs,
      100,
      60_000,
    ),
  };
  if (timeouts.headersTimeoutMs > timeouts.requestTimeoutMs) {
    problems.push(
      'HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS (the head is part of the request)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return timeouts;
}

/** Sets the timeouts on a server that is not listening yet (the checker interval is read on 'listening'). */
export function applyHttpServerTimeouts(server: Server, timeouts: HttpServerTimeouts): void {
  server.headersTimeout = timeouts.headersTimeoutMs;
  server.requestTimeout = timeouts.requestTimeoutMs;
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    timeouts.connectionsCheckingIntervalMs;
}
