import { parentPort, workerData } from 'node:worker_threads';

/**
 * HTTP load generator, run in a worker thread so the client's own work does not share the event
 * loop of the app under test. Clients walk dispute cases through realistic command cycles
 * (report → register → dispatch → accept → start → record-session × N), each client on its own
 * cases, over keep-alive connections on loopback.
 */
export interface LoadRequest {
  baseUrl: string;
  token: string;
  gridIds: string[];
  clients: number;
  durationMs: number;
  maxCommands: number;
  sessionsPerCase: number;
  /** Open-loop rate in commands/s shared by all clients; undefined = as fast as the clients go. */
  ratePerSecond?: number;
  /** Keep (caseId, revision, answered-at) of every 2xx, for the lag measurement. */
  recordAnswers?: boolean;
  /** Instead of commands: GET these paths one after the other (one client), each answer must be 200. */
  getPaths?: string[];
  /** Instead of case cycles: every client POSTs a dispute report to this path again and again (the bare HTTP ceiling). */
  reportsTo?: string;
}

export interface LoadResult {
  commands: number;
  events: number;
  elapsedMs: number;
  latenciesMs: number[];
  failures: Record<string, number>;
  /** [caseId, revision, epoch ms of the answer] */
  answers: [string, number, number][];
}

const now = (): number => performance.timeOrigin + performance.now();

async function runGets(request: LoadRequest, paths: string[]): Promise<LoadResult> {
  const started = performance.now();
  const latenciesMs: number[] = [];
  const failures: Record<string, number> = {};
  const headers = { authorization: `Bearer ${request.token}` };
  for (const path of paths.slice(0, request.maxCommands)) {
    if (performance.now() - started > request.durationMs) break;
    const t0 = performance.now();
    const response = await fetch(`${request.baseUrl}${path}`, { headers });
    const text = await response.text();
    latenciesMs.push(performance.now() - t0);
    if (response.status !== 200) {
      const key = `${response.status} ${text.slice(0, 160)}`;
      failures[key] = (failures[key] ?? 0) + 1;
    }
  }
  return {
    commands: latenciesMs.length,
    events: 0,
    elapsedMs: performance.now() - started,
    latenciesMs,
    failures,
    answers: [],
  };
}

async function run(request: LoadRequest): Promise<LoadResult> {
  if (request.getPaths) return runGets(request, request.getPaths);
  const started = performance.now();
  const deadline = started + request.durationMs;
  const latenciesMs: number[] = [];
  const answers: [string, number, number][] = [];
  const failures: Record<string, number> = {};
  let issued = 0;
  let events = 0;
  const headers = { authorization: `Bearer ${request.token}`, 'content-type': 'application/json' };

  // Open-loop pacing: a ticket per 1/rate seconds; a client waits for the next ticket.
  let nextTicketAt = started;
  const ticket = async (): Promise<void> => {
    if (!request.ratePerSecond) return;
    const at = nextTicketAt;
    nextTicketAt += 1000 / request.ratePerSecond;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };

  const send = async (
    path: string,
    body: unknown,
  ): Promise<{ caseId: string; revision: number } | undefined> => {
    await ticket();
    if (performance.now() >= deadline || issued >= request.maxCommands) return undefined;
    issued++;
    const t0 = performance.now();
    let response: Response;
    try {
      response = await fetch(`${request.baseUrl}${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
    } catch (error) {
      const key = `network: ${(error as Error).message}`;
      failures[key] = (failures[key] ?? 0) + 1;
      return undefined;
    }
    const text = await response.text();
    latenciesMs.push(performance.now() - t0);
    if (response.status >= 300) {
      const key = `${response.status} ${text.slice(0, 160)}`;
      failures[key] = (failures[key] ?? 0) + 1;
      return undefined;
    }
    const parsed = JSON.parse(text) as { caseId: string; revision: number; events: string[] };
    events += parsed.events.length;
    if (request.recordAnswers) answers.push([parsed.caseId, parsed.revision, now()]);
    return parsed;
  };

  const reporter = async (index: number): Promise<void> => {
    const gridId = request.gridIds[index % request.gridIds.length]!;
    while (performance.now() < deadline && issued < request.maxCommands) {
      if (!(await send(request.reportsTo!, disputeReport(gridId)))) return;
    }
  };

  const client = async (index: number): Promise<void> => {
    for (let cycle = 0; performance.now() < deadline && issued < request.maxCommands; cycle++) {
      const gridId = request.gridIds[(index * 7919 + cycle) % request.gridIds.length]!;
      const reported = await send('/api/v1/cases', disputeReport(gridId));
      if (!reported) continue;
      const caseId = reported.caseId;
      const steps: [string, unknown][] = [
        ['register', {}],
        // The grid handles its building level; the registry refuses units off the case's ladder.
        ['dispatch', { unit: { unitId: gridId } }],
        ['accept', {}],
        ['start', {}],
        ...Array.from({ length: request.sessionsPerCase }, (_, n): [string, unknown] => [
          'record-session',
          {
            mediators: ['Zhao Min'],
            attendees: ['Wang Fang', 'Li Qiang'],
            notes: `Session ${n + 1}: heard both sides, agreed to inspect the ceiling together.`,
          },
        ]),
      ];
      for (const [action, body] of steps) {
        if (!(await send(`/api/v1/cases/${caseId}/${action}`, body))) break;
      }
    }
  };
  await Promise.all(
    Array.from({ length: request.clients }, (_, index) =>
      request.reportsTo ? reporter(index) : client(index),
    ),
  );
  return {
    commands: latenciesMs.length,
    events,
    elapsedMs: performance.now() - started,
    latenciesMs,
    failures,
    answers,
  };
}

function disputeReport(gridId: string): Record<string, unknown> {
  return {
    type: 'dispute',
    source: 'grid_patrol',
    title: 'Water leaking from the flat above',
    description: 'Room 302 says 402 has leaked into its ceiling for a week; the neighbours are quarrelling.',
    category: 'neighbour',
    urgency: 'general',
    location: { gridId, address: 'Building 7, Lane 88' },
    reporter: { name: 'Wang Fang', phone: '13800138000' },
    dispute: {
      parties: [
        { name: 'Wang Fang', phone: '13800138000', role: 'applicant' },
        { name: 'Li Qiang', phone: '13900139000', role: 'respondent' },
      ],
    },
  };
}

if (parentPort) {
  const port = parentPort;
  run(workerData as LoadRequest).then(
    (result) => port.postMessage({ ok: true, result }),
    (error: unknown) => port.postMessage({ ok: false, error: String((error as Error)?.stack ?? error) }),
  );
}
