import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { allMigrations } from '../../apps/api/src/infrastructure/migrations.js';
import { disputeReport, ensureBuilt, freePort, isProblem, loginAs, OPERATOR, request, setUpLogins, sleep, startApi, stopApi, writeFigures, type ApiChild } from './reliability-support.js';

/**
 * The HTTP edge of the real API process: oversized and deeply nested bodies, slowloris clients,
 * and SIGTERM draining a request that is still being uploaded.
 */
const SLOW_CLIENTS = 40;

describe('HTTP edge: oversized, deep, slow clients, SIGTERM drain (real child process)', () => {
  let db: TestDatabase;
  let api: ApiChild | undefined;
  let token: string;
  const figures = { spec: 'http-edges', faults: 0, acknowledged: 0, lost: 0, duplicates: 0, fuzz: 0, serverErrors: 0 } as Record<string, unknown> & {
    faults: number;
    acknowledged: number;
    lost: number;
    serverErrors: number;
  };
  const sockets: Socket[] = [];
  const eventCount = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events')).rows[0]!.n);

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase('postgres', allMigrations, { poolSize: 2 });
    api = startApi(db.url!, await freePort());
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
      expect({ depth, status: reply.status, problem: isProblem(reply) }).toEqual({ depth, status: 400, problem: true });
      statuses[depth] = reply.body.code;
    }
    expect(await eventCount()).toBe(before);
    figures.deep = statuses;
  });

  it('slowloris clients sending headers byte by byte block nobody, and the server drops them', async () => {
    const port = Number(new URL(api!.baseUrl).port);
    const head = `POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: ${'a'.repeat(400)}\r\n`;
    const closedAfter: number[] = [];
    const started = Date.now();
    const timers: NodeJS.Timeout[] = [];
    for (let i = 0; i < SLOW_CLIENTS; i++) {
      const socket = connect(port, '127.0.0.1');
      sockets.push(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => closedAfter.push(Date.now() - started));
      let sent = 0;
      const timer = setInterval(() => {
        if (socket.destroyed || sent >= head.length) return;
        socket.write(head[sent++]!);
      }, 300);
      timers.push(timer);
    }
    try {
      await sleep(1_000);
      // Meanwhile ordinary clients are served promptly.
      const latencies: number[] = [];
      for (let round = 0; round < 10; round++) {
        const replies = await Promise.all(
          Array.from({ length: 10 }, () => request(api!.baseUrl, 'POST', '/api/v1/cases', { token, body: disputeReport(randomUUID), timeoutMs: 5_000 })),
        );
        for (const reply of replies) {
          expect(reply.status).toBe(201);
          latencies.push(reply.ms);
        }
      }
      latencies.sort((a, b) => a - b);
      expect(latencies.at(-1)!).toBeLessThan(3_000);
      // headersTimeout is 15 s; Node checks it every connectionsCheckingInterval (30 s by default).
      const deadline = Date.now() + 50_000;
      while (closedAfter.length < SLOW_CLIENTS && Date.now() < deadline) await sleep(250);
      figures.slowloris = {
        clients: SLOW_CLIENTS,
        // Served while the slow clients held their sockets (checked for 201, not audited in the log).
        normalRequests: latencies.length,
        p50Ms: latencies[Math.floor(latencies.length / 2)],
        maxMs: latencies.at(-1),
        droppedByServer: closedAfter.length,
        droppedAfterMs: closedAfter.length > 0 ? [Math.min(...closedAfter), Math.max(...closedAfter)] : null,
      };
      expect(closedAfter.length).toBe(SLOW_CLIENTS);
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
