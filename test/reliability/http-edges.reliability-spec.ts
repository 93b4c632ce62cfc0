import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { allMigrations } from '#runtime';
import {
  disputeReport,
  ensureBuilt,
  freePort,
  isProblem,
  loginAs,
  OPERATOR,
  request,
  setUpLogins,
  sleep,
  startApi,
  stopApi,
  writeFigures,
  type ApiChild,
} from './reliability-support.js';

/**
 * The HTTP edge of the real API process: oversized and deeply nested bodies, slowloris clients,
 * and SIGTERM draining a request that is still being uploaded.
 */
const SLOW_CLIENTS = 40;
const SLOW_BODY_CLIENTS = 10;
const KEEP_ALIVE_CLIENTS = 10;
/** Shorter than production's defaults (10 s / 30 s / 5 s / 1 s) so the spec is quick; the mechanism is the same. */
const HTTP_TIMEOUTS = {
  headersTimeoutMs: 3_000,
  requestTimeoutMs: 6_000,
  keepAliveTimeoutMs: 2_000,
  checkIntervalMs: 500,
};

describe('HTTP edge: oversized, deep, slow clients, SIGTERM drain (real child process)', () => {
  let db: TestDatabase;
  let api: ApiChild | undefined;
  let token: string;
  const figures = {
    spec: 'http-edges',
    faults: 0,
    acknowledged: 0,
    lost: 0,
    duplicates: 0,
    fuzz: 0,
    serverErrors: 0,
  } as Record<string, unknown> & {
    faults: number;
    acknowledged: number;
    lost: number;
    serverErrors: number;
  };
  const sockets: Socket[] = [];
  const eventCount = async () =>
    Number((await db.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events')).rows[0]!.n);

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase('postgres', allMigrations, { poolSize: 2 });
    api = startApi(db.url!, await freePort(), {
      HTTP_HEADERS_TIMEOUT_MS: String(HTTP_TIMEOUTS.headersTimeoutMs),
      HTTP_REQUEST_TIMEOUT_MS: String(HTTP_TIMEOUTS.requestTimeoutMs),
      HTTP_KEEP_ALIVE_TIMEOUT_MS: String(HTTP_TIMEOUTS.keepAliveTimeoutMs),
      HTTP_CONNECTIONS_CHECK_INTERVAL_MS: String(HTTP_TIMEOUTS.checkIntervalMs),
    });
    await api.ready;
    token = (await setUpLogins(api.baseUrl)).operator.token;
  }, 300_000);

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    writeFigures({ ...figures, spec: 'http-edges', duplicates: 0, fuzz: 0 });
    await stopApi(api);
    await db?.close();
  });

  it('answers 413 problem+json to a body over the limit, and appends nothing', async () => {
    const before = await eventCount();
    const body = { ...disputeReport(randomUUID), description: 'x'.repeat(300 * 1024) };
    const reply = await request(api!.baseUrl, 'POST', '/api/v1/cases', { token, body });
    expect(reply.status).toBe(413);
    expect(isProblem(reply)).toBe(true);
    expect(await eventCount()).toBe(before);
    figures.oversized = reply.status;
  });

  it('answers 400 problem+json to deeply nested JSON (33 levels and 100,000 levels), and appends nothing', async () => {
    const before = await eventCount();
    const statuses: Record<string, unknown> = {};
    for (const depth of [33, 100_000]) {
      const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const rawBody = JSON.stringify(disputeReport(randomUUID)).replace(/}$/, `,"extra":${nested}}`);
      const reply = await request(api!.baseUrl, 'POST', '/api/v1/cases', { token, rawBody });
      expect({ depth, status: reply.status, problem: isProblem(reply) }).toEqual({
        depth,
        status: 400,
        problem: true,
      });
      statuses[depth] = reply.body.code;
    }
    expect(await eventCount()).toBe(before);
    figures.deep = statuses;
  });

  it('slowloris clients (slow heads, slow bodies, idle keep-alive) block nobody and are cut within the configured timeouts with 408', async () => {
    const port = Number(new URL(api!.baseUrl).port);
    const slowHead = `POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: ${'a'.repeat(400)}\r\n`;
    const slowBody = `POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n${'{"x":"'.padEnd(4000, 'y')}`;
    const idleKeepAlive = 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n';
    type Slow = {
      kind: 'head' | 'body' | 'keep-alive';
      connectedAt: number;
      closedAfterMs?: number;
      firstLine: string;
    };
    const slow: Slow[] = [];
    const timers: NodeJS.Timeout[] = [];
    const open = (kind: Slow['kind'], text: string, bytesPerTick: number, sentAtOnce = '') => {
      const socket = connect(port, '127.0.0.1');
      sockets.push(socket);
      const entry: Slow = { kind, connectedAt: Date.now(), firstLine: '' };
      slow.push(entry);
      let received = '';
      let answeredAt: number | undefined;
      socket.setEncoding('utf8').on('data', (chunk: string) => {
        answeredAt ??= Date.now();
        received += chunk;
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        // A slow client's time counts from its connection, an idle keep-alive one's from its answer.
        entry.closedAfterMs =
          Date.now() - (kind === 'keep-alive' ? (answeredAt ?? entry.connectedAt) : entry.connectedAt);
        entry.firstLine = received.split('\r\n')[0] ?? '';
      });
      if (sentAtOnce) socket.write(sentAtOnce);
      let sent = 0;
      timers.push(
        setInterval(() => {
          if (socket.destroyed || sent >= text.length) return;
          socket.write(text.slice(sent, sent + bytesPerTick));
          sent += bytesPerTick;
        }, 300),
      );
    };
    for (let i = 0; i < SLOW_CLIENTS; i++) open('head', slowHead, 1);
    // Complete heads, then a body of 4,000 bytes at 10 bytes per 300 ms (~2 min if nobody cut it).
    const bodyStart = slowBody.indexOf('\r\n\r\n') + 4;
    for (let i = 0; i < SLOW_BODY_CLIENTS; i++)
      open('body', slowBody.slice(bodyStart), 10, slowBody.slice(0, bodyStart));
    // One complete request, answered, then the connection is left idle.
    for (let i = 0; i < KEEP_ALIVE_CLIENTS; i++) open('keep-alive', idleKeepAlive, idleKeepAlive.length);
    try {
      await sleep(500);
      // Meanwhile ordinary clients are served promptly.
      const latencies: number[] = [];
      for (let round = 0; round < 10; round++) {
        const replies = await Promise.all(
          Array.from({ length: 10 }, () =>
            request(api!.baseUrl, 'POST', '/api/v1/cases', {
              token,
              body: disputeReport(randomUUID),
              timeoutMs: 5_000,
            }),
          ),
        );
        for (const reply of replies) {
          expect(reply.status).toBe(201);
          latencies.push(reply.ms);
        }
      }
      latencies.sort((a, b) => a - b);
      // Every slow socket is cut by the server; the wait is bounded by the longest limit plus the check interval and a margin.
      const deadline = Date.now() + HTTP_TIMEOUTS.requestTimeoutMs + HTTP_TIMEOUTS.checkIntervalMs + 5_000;
      while (slow.some((entry) => entry.closedAfterMs === undefined) && Date.now() < deadline)
        await sleep(100);
      const summary = (kind: Slow['kind']) => {
        const entries = slow.filter((entry) => entry.kind === kind);
        const closed = entries
          .map((entry) => entry.closedAfterMs)
          .filter((ms): ms is number => ms !== undefined);
        return {
          clients: entries.length,
          cut: closed.length,
          answers: [...new Set(entries.map((entry) => entry.firstLine))],
          cutAfterMs: closed.length > 0 ? [Math.min(...closed), Math.max(...closed)] : null,
        };
      };
      const heads = summary('head');
      const bodies = summary('body');
      const keepAlive = summary('keep-alive');
      figures.slowClients = {
        timeouts: HTTP_TIMEOUTS,
        slowHeads: heads,
        slowBodies: bodies,
        idleKeepAlive: keepAlive,
        // Served while the slow clients held their sockets (checked for 201, not audited in the log).
        normalRequests: latencies.length,
        p50Ms: latencies[Math.floor(latencies.length / 2)],
        maxMs: latencies.at(-1),
      };
      expect(latencies.at(-1)!).toBeLessThan(3_000);
      // Each kind cut by its own limit: not before it, and by the next check after it (plus a margin).
      expect(heads).toMatchObject({ cut: SLOW_CLIENTS, answers: ['HTTP/1.1 408 Request Timeout'] });
      expect(bodies).toMatchObject({ cut: SLOW_BODY_CLIENTS, answers: ['HTTP/1.1 408 Request Timeout'] });
      expect(keepAlive).toMatchObject({ cut: KEEP_ALIVE_CLIENTS, answers: ['HTTP/1.1 200 OK'] });
      expect(heads.cutAfterMs![0]).toBeGreaterThanOrEqual(HTTP_TIMEOUTS.headersTimeoutMs);
      expect(heads.cutAfterMs![1]).toBeLessThan(
        HTTP_TIMEOUTS.headersTimeoutMs + HTTP_TIMEOUTS.checkIntervalMs + 2_000,
      );
      expect(bodies.cutAfterMs![0]).toBeGreaterThanOrEqual(HTTP_TIMEOUTS.requestTimeoutMs);
      expect(bodies.cutAfterMs![1]).toBeLessThan(
        HTTP_TIMEOUTS.requestTimeoutMs + HTTP_TIMEOUTS.checkIntervalMs + 2_000,
      );
      expect(keepAlive.cutAfterMs![0]).toBeGreaterThanOrEqual(HTTP_TIMEOUTS.keepAliveTimeoutMs);
      // Node closes an idle keep-alive socket a little after keepAliveTimeout (about 1 s later here).
      expect(keepAlive.cutAfterMs![1]).toBeLessThan(HTTP_TIMEOUTS.keepAliveTimeoutMs + 3_000);
    } finally {
      for (const timer of timers) clearInterval(timer);
    }
  }, 120_000);

  it('SIGTERM lets a request still uploading its body finish with 201, refuses new connections, and exits 0', async () => {
    const port = Number(new URL(api!.baseUrl).port);
    const { token: operatorToken } = await loginAs(api!.baseUrl, OPERATOR.username, OPERATOR.password);
    const before = await eventCount();
    const body = JSON.stringify(disputeReport(randomUUID));
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let response = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (response += chunk));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${operatorToken}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
    );
    socket.write(body.slice(0, 40));
    await sleep(300);
    api!.child.kill('SIGTERM');
    await sleep(1_500);
    // Draining: the listener is closed, so a new connection is refused.
    const refused = await request(api!.baseUrl, 'GET', '/health', { timeoutMs: 2_000 }).then(
      (reply) => `answered ${reply.status}`,
      (error: Error) => `refused (${(error.cause as { code?: string } | undefined)?.code ?? error.message})`,
    );
    // write, not end: a client that half-closes (FIN) before its answer is dropped by Node's HTTP
    // server (no half-open sockets), which is a property of the client, not of the drain.
    socket.write(body.slice(40));
    await closed;
    const exit = await api!.exited;
    const statusLine = response.split('\r\n')[0] ?? '';
    figures.sigterm = { inFlightRequest: statusLine, newConnection: refused, exit };
    figures.faults += 1;
    expect(statusLine).toBe('HTTP/1.1 201 Created');
    figures.acknowledged += 1;
    expect(refused).toMatch(/^refused/);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await eventCount()).toBe(before + 1);
  }, 60_000);
});
