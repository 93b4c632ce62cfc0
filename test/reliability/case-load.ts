import { randomUUID } from 'node:crypto';
import {
  commandIdFor,
  disputeReport,
  isProblem,
  request,
  sleep,
  type Acknowledged,
} from './reliability-support.js';

/**
 * Concurrent clients walking disputes through report → register → dispatch → accept → start, each
 * command under its own Idempotency-Key. A command is retried with the same key and body after a
 * network error, a timeout, a 503 or a 409 IDEMPOTENCY.IN_PROGRESS (a claim left by a killed
 * process is taken over after 10 s), for at most `commandDeadlineMs`. Every 2xx is recorded.
 */
export interface LoadStats {
  sent: number;
  acknowledged: Acknowledged[];
  byStatus: Record<string, number>;
  /** Non-2xx answers by `status code`, e.g. `503 DATABASE.UNAVAILABLE`. */
  byProblem: Record<string, number>;
  networkErrors: number;
  timeouts: number;
  /** Non-2xx answers that were not problem+json. */
  notProblem: string[];
  /** 5xx other than 503. */
  serverErrors: string[];
  /** Commands abandoned after the deadline without an answer. */
  abandoned: number;
  /** Refused with a 4xx (other than the retried 409) — counted, the case is left where it is. */
  refused: string[];
  slowestAnswerMs: number;
  inFlight: number;
}

export interface LoadOptions {
  baseUrl: () => string;
  token: string;
  actor: string;
  clients: number;
  stop: () => boolean;
  requestTimeoutMs?: number;
  commandDeadlineMs?: number;
  /** Called with every attempt's outcome: the HTTP status, or 'timeout' / 'network', and how long it took. */
  observe?: (outcome: { status: number | 'timeout' | 'network'; ms: number }) => void;
}

const ACTIONS: Array<{ action: string; body: () => unknown }> = [
  { action: 'register', body: () => ({}) },
  {
    action: 'dispatch',
    body: () => ({ unit: { unitId: randomUUID(), name: 'Building 7 mediation group' } }),
  },
  { action: 'accept', body: () => ({}) },
  { action: 'start', body: () => ({}) },
];

export function newStats(): LoadStats {
  return {
    sent: 0,
    acknowledged: [],
    byStatus: {},
    byProblem: {},
    networkErrors: 0,
    timeouts: 0,
    notProblem: [],
    serverErrors: [],
    abandoned: 0,
    refused: [],
    slowestAnswerMs: 0,
    inFlight: 0,
  };
}

export async function runLoad(options: LoadOptions, stats: LoadStats): Promise<void> {
  const requestTimeoutMs = options.requestTimeoutMs ?? 8_000;
  const commandDeadlineMs = options.commandDeadlineMs ?? 25_000;

  async function issue(
    path: string,
    action: string,
    body: unknown,
    caseId: string | undefined,
  ): Promise<string | undefined> {
    const key = `rel-${randomUUID()}`;
    const deadline = Date.now() + commandDeadlineMs;
    while (Date.now() < deadline) {
      stats.sent++;
      stats.inFlight++;
      let reply;
      const attemptStarted = Date.now();
      try {
        reply = await request(options.baseUrl(), 'POST', path, {
          token: options.token,
          body,
          headers: { 'idempotency-key': key },
          timeoutMs: requestTimeoutMs,
        });
      } catch (error) {
        const name = (error as Error).name;
        const timedOut = name === 'TimeoutError' || name === 'AbortError';
        if (timedOut) stats.timeouts++;
        else stats.networkErrors++;
        options.observe?.({ status: timedOut ? 'timeout' : 'network', ms: Date.now() - attemptStarted });
        await sleep(100);
        continue;
      } finally {
        stats.inFlight--;
      }
      options.observe?.({ status: reply.status, ms: reply.ms });
      stats.byStatus[reply.status] = (stats.byStatus[reply.status] ?? 0) + 1;
      stats.slowestAnswerMs = Math.max(stats.slowestAnswerMs, reply.ms);
      if (reply.status >= 200 && reply.status < 300) {
        const ackCaseId = String(reply.body.caseId);
        stats.acknowledged.push({
          key,
          commandId: commandIdFor(options.actor, key),
          caseId: ackCaseId,
          action,
          revision: Number(reply.body.revision),
          events: Array.isArray(reply.body.events) ? reply.body.events : [],
        });
        if (caseId !== undefined && ackCaseId !== caseId)
          throw new Error(`${action} on ${caseId} answered for ${ackCaseId}`);
        return ackCaseId;
      }
      const problemKey = `${reply.status} ${reply.body?.code}`;
      stats.byProblem[problemKey] = (stats.byProblem[problemKey] ?? 0) + 1;
      if (!isProblem(reply))
        stats.notProblem.push(
          `${reply.status} ${reply.contentType} ${JSON.stringify(reply.body).slice(0, 200)}`,
        );
      if (reply.status >= 500 && reply.status !== 503)
        stats.serverErrors.push(`${action}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
      const retryable =
        reply.status === 503 || (reply.status === 409 && reply.body?.code === 'IDEMPOTENCY.IN_PROGRESS');
      if (!retryable) {
        stats.refused.push(`${action}: ${reply.status} ${reply.body?.code}`);
        return undefined;
      }
      await sleep(reply.status === 409 ? 500 : 100);
    }
    stats.abandoned++;
    return undefined;
  }

  async function client(): Promise<void> {
    while (!options.stop()) {
      const caseId = await issue('/api/v1/cases', 'report', disputeReport(randomUUID), undefined);
      if (caseId === undefined) continue;
      for (const { action, body } of ACTIONS) {
        if (options.stop()) break;
        if ((await issue(`/api/v1/cases/${caseId}/${action}`, action, body(), caseId)) === undefined) break;
      }
    }
  }

  await Promise.all(Array.from({ length: options.clients }, () => client()));
}
