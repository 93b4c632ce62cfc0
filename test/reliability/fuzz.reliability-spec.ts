import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { allMigrations } from '#runtime';
import {
  disputeReport,
  ensureBuilt,
  freePort,
  isProblem,
  request,
  setUpLogins,
  startApi,
  stopApi,
  writeFigures,
  type ApiChild,
} from './reliability-support.js';

/**
 * fast-check generates FUZZ_RUNS malformed or hostile requests across every route family and sends
 * them to one real API child process. Each request is invalid by construction: a write gets a body
 * with an unknown field (the ValidationPipe forbids them), a required field of the wrong type, a
 * non-JSON body, a malformed path id, a bad If-Match / Idempotency-Key, or no / a forged token; a
 * query gets out-of-range or unknown parameters. Expected: no 5xx, every non-2xx is problem+json, and
 * the event log grows by nothing. A 2xx is not expected either; if one happens it is counted,
 * listed, and the events it appended are excluded from the "nothing appended" check (and the test
 * fails on any 2xx of a write, since that means a mutation did not make the request invalid).
 */
const FUZZ_RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 10_000);
const CONCURRENCY = 16;
const SEED = Number(process.env.RELIABILITY_FUZZ_SEED ?? 12_012);

interface FuzzRequest {
  family: string;
  method: 'GET' | 'POST';
  path: string;
  token: 'operator' | 'admin' | 'none' | 'forged';
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Lone surrogates cannot be percent-encoded: they become U+FFFD, as a browser would send them. */
const encodeQuery = (text: string) =>
  encodeURIComponent((text as string & { toWellFormed(): string }).toWellFormed());

const parsesAsJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

// Hostile values: odd strings (NUL, lone surrogates, huge, injection-looking), odd numbers, wrong shapes.
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '\ud800',
    'a\udfffb',
    "'; DROP TABLE es_events; --",
    '${jndi:ldap://x}',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    '__proto__',
  ),
  fc.nat({ max: 5 }).map((n) => 'x'.repeat(1_000 * (n + 1) * 20)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.1),
  fc.array(hostileString, { maxLength: 4 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);
const notAString = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1e308),
  fc.array(fc.nat(), { maxLength: 3 }),
  fc.constant({ nested: 'object' }),
);
const unknownKey = fc.string({ minLength: 1, maxLength: 20 }).map((key) => `zz_${key}`);
const rawNonJson = fc
  .oneof(
    fc.string({ maxLength: 60 }),
    fc.constantFrom('{', '{"a":', '{"a":1,}', "{'a':1}", '[1,2', 'NaN', '{"a":undefined}', '\u0000'),
  )
  .filter((text) => !parsesAsJson(text));
const junkId = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
  fc.constantFrom(
    '00000000-0000-0000-0000-00000000000g',
    '..',
    '%2e%2e',
    'null',
    'undefined',
    '-1',
    '1e3',
    "1' OR '1'='1",
  ),
);
const idSegment = junkId.map((id) => encodeURIComponent(id));

/** A valid body made invalid: an unknown field, a required field of the wrong type, a dropped required field, or not an object at all. */
function broken(
  valid: () => Record<string, unknown>,
  required: string[],
): fc.Arbitrary<{ body?: unknown; rawBody?: string }> {
  const options: Array<fc.Arbitrary<{ body?: unknown; rawBody?: string }>> = [
    fc.tuple(unknownKey, hostileValue).map(([key, value]) => ({ body: { ...valid(), [key]: value } })),
    fc.constantFrom(...(['x', 1, true, null, [], [{}]] as unknown[])).map((body) => ({ body })),
    rawNonJson.map((rawBody) => ({ rawBody })),
  ];
  if (required.length > 0) {
    options.push(
      fc
        .tuple(fc.constantFrom(...required), notAString)
        .map(([key, value]) => ({ body: { ...valid(), [key]: value } })),
    );
    options.push(
      fc
        .constantFrom(...required)
        .map((key) => ({ body: Object.fromEntries(Object.entries(valid()).filter(([k]) => k !== key)) })),
    );
  }
  return fc.oneof(...options);
}

function requests(caseId: string): fc.Arbitrary<FuzzRequest> {
  const CASE_ACTIONS = [
    'register',
    'reject',
    'dispatch',
    'accept',
    'start',
    'resolve',
    'close',
    'escalate',
    'flag-risk',
    'record-session',
    'route',
    'screen',
    'decide',
  ];
  const caseTarget = fc.oneof(fc.constant(caseId), fc.constant(caseId), fc.uuid(), idSegment);
  const cases = broken(
    () => disputeReport(randomUUID),
    ['type', 'source', 'title', 'description', 'category', 'urgency', 'location'],
  ).map((body): FuzzRequest => ({
    family: 'cases.report',
    method: 'POST',
    path: '/api/v1/cases',
    token: 'operator',
    ...body,
  }));
  const actions = fc
    .tuple(
      caseTarget,
      fc.oneof(fc.constantFrom(...CASE_ACTIONS), idSegment),
      broken(() => ({ unit: { unitId: randomUUID(), name: 'Unit' } }), []),
    )
    .map(([target, action, body]): FuzzRequest => ({
      family: 'cases.action',
      method: 'POST',
      path: `/api/v1/cases/${target}/${action}`,
      token: 'operator',
      ...body,
    }));
  // A valid command made invalid only by its headers or its token.
  const badHeaders = fc
    .tuple(
      fc.constantFrom('register', 'dispatch'),
      fc.oneof(
        fc
          .constantFrom('abc', '"-1"', '"1.5"', 'W/', '""', '*', '"99999999999999999999"')
          .map((value): Record<string, string> => ({ 'if-match': value })),
        fc.nat({ max: 50 }).map((n): Record<string, string> => ({ 'idempotency-key': 'k'.repeat(201 + n) })),
        fc
          .constantFrom('key with spaces', 'tab\tkey')
          .map((value): Record<string, string> => ({ 'idempotency-key': value })),
      ),
    )
    .map(([action, headers]): FuzzRequest => ({
      family: 'cases.headers',
      method: 'POST',
      path: `/api/v1/cases/${caseId}/${action}`,
      token: 'operator',
      headers,
      body: action === 'dispatch' ? { unit: { unitId: randomUUID(), name: 'Unit' } } : {},
    }));
  const badTokens = fc
    .tuple(
      fc.constantFrom<FuzzRequest['token']>('none', 'forged'),
      fc.constantFrom(
        '/api/v1/cases',
        `/api/v1/cases/${caseId}/register`,
        '/api/v1/admissions',
        '/api/v1/jurisdictions/streets',
      ),
    )
    .map(([token, path]): FuzzRequest => ({
      family: 'auth.token',
      method: 'POST',
      path,
      token,
      body: path === '/api/v1/cases' ? disputeReport(randomUUID) : {},
    }));
  // GET /cases/{id} validates asOf / revision; /history takes no parameters, so it gets bad ids only.
  const caseQueries = fc
    .oneof(
      fc
        .tuple(
          caseTarget,
          fc.oneof(
            hostileString.filter((v) => v.length < 200).map((v) => `?asOf=${encodeQuery(v || 'x')}`),
            fc.constantFrom(
              '?revision=-1',
              '?revision=abc',
              '?revision=1e3',
              '?revision=99999999999999999999',
              '?asOf=2026-13-45',
              '?asOf=2026-01-01&revision=1',
            ),
          ),
        )
        .map(([target, query]) => `/api/v1/cases/${target}${query}`),
      idSegment.map((id) => `/api/v1/cases/${id}/history`),
    )
    .map((path): FuzzRequest => ({ family: 'cases.query', method: 'GET', path, token: 'operator' }));
  const listQueries = fc
    .tuple(
      fc.constantFrom(
        'limit',
        'type',
        'status',
        'level',
        'overdue',
        'cursor',
        'gridId',
        'squadId',
        'zz_unknown',
      ),
      fc.oneof(
        fc.constantFrom('-1', '0', '201', 'abc', '1e9', '[]', 'true1'),
        hostileString.filter((s) => s.length > 0 && s.length < 100),
      ),
    )
    .filter(([, value]) => value.length > 0) // an empty parameter counts as absent
    .map(([name, value]): FuzzRequest => ({
      family: 'cases.list',
      method: 'GET',
      path: `/api/v1/cases?${name}=${encodeQuery(value)}`,
      token: 'operator',
    }));
  const readModels = fc
    .oneof(
      idSegment.map((id) => `/api/v1/grids/${id}/dashboard?asOf=not-a-date`),
      idSegment.map((id) => `/api/v1/squads/${id}/dashboard?zz=1`),
      fc.constantFrom(
        '/api/v1/assessments?level=planet',
        '/api/v1/assessments?level=grid&from=yesterday',
        '/api/v1/assessments?level=grid&from=2026-02-30',
        '/api/v1/assessments?level=grid&from=2026-05-01&to=2026-01-01',
        '/api/v1/escalations?limit=-5',
        '/api/v1/overdue?limit=abc',
      ),
    )
    .map((path): FuzzRequest => ({ family: 'read-models', method: 'GET', path, token: 'operator' }));
  const registry = fc
    .tuple(
      fc.constantFrom(
        'district',
        'streets',
        'communities',
        'grids',
        'buildings',
        'grid-workers',
        'party-branches',
        'resident-committees',
        'enforcement-teams',
        'squads',
        'buildings/x/move',
        'grids/y/move',
      ),
      broken(() => ({ name: 'Unit' }), []),
    )
    .map(([route, body]): FuzzRequest => ({
      family: 'registry',
      method: 'POST',
      path: `/api/v1/jurisdictions/${route}`,
      token: 'admin',
      ...body,
    }));
  const registryQueries = fc
    .oneof(
      idSegment.map((id) => `/api/v1/jurisdictions/nodes/${id}`),
      idSegment.map((id) => `/api/v1/jurisdictions/grids/${id}`),
      idSegment.map((id) => `/api/v1/jurisdictions/squads/${id}`),
      idSegment.map((id) => `/api/v1/jurisdictions/nodes/${id}/handling-chain`),
    )
    .map((path): FuzzRequest => ({ family: 'registry.query', method: 'GET', path, token: 'operator' }));
  const admissions = fc
    .tuple(
      fc.oneof(
        fc.constant(''),
        fc
          .tuple(fc.oneof(fc.uuid(), idSegment), fc.constantFrom('review', 'approve', 'refuse', 'withdraw'))
          .map(([id, verb]) => `/${id}/${verb}`),
      ),
      broken(() => ({ reason: 'because' }), []),
    )
    .map(([suffix, body]): FuzzRequest => ({
      family: 'admissions',
      method: 'POST',
      path: `/api/v1/admissions${suffix}`,
      token: 'operator',
      ...body,
    }));
  const responsibilities = fc
    .tuple(
      fc.oneof(fc.constantFrom('duty', 'negative'), idSegment),
      fc.constantFrom('versions', 'items', 'entries', 'items/ZHBZ-1/withdraw'),
      broken(() => ({ code: 'ZHBZ-1' }), []),
    )
    .map(([kind, route, body]): FuzzRequest => ({
      family: 'responsibilities',
      method: 'POST',
      path: `/api/v1/responsibilities/${kind}/${route}`,
      token: 'admin',
      ...body,
    }));
  const login = broken(
    () => ({ username: 'admin', password: 'wrong-password-0000' }),
    ['username', 'password'],
  ).map((body): FuzzRequest => ({
    family: 'auth.login',
    method: 'POST',
    path: '/api/v1/auth/login',
    token: 'none',
    ...body,
  }));
  const events = fc
    .oneof(
      fc.tuple(
        fc.constantFrom('fromPosition', 'limit', 'zz'),
        fc.constantFrom('-1', 'abc', '1.5', '1e30', '99999999999999999999999'),
      ),
      fc.constant(['limit', '10001'] as [string, string]),
    )
    .map(([name, value]): FuzzRequest => ({
      family: 'events',
      method: 'GET',
      path: `/api/v1/events?${name}=${encodeURIComponent(value)}`,
      token: 'admin',
    }));
  const projections = fc
    .tuple(
      fc.oneof(fc.constantFrom('case_list', 'no-such-projection'), idSegment),
      fc.oneof(fc.constantFrom('-1', 'abc', '99999999999999999999', '1.5'), idSegment),
      broken(() => ({ skippedBy: 'ops' }), []),
    )
    .map(([name, position, body]): FuzzRequest => ({
      family: 'projections',
      method: 'POST',
      path: `/api/v1/projections/${name}/parked/${position}/skip`,
      token: 'admin',
      ...body,
    }));
  const people = fc
    .tuple(
      idSegment,
      broken(() => ({}), []),
    )
    .map(([id, body]): FuzzRequest => ({
      family: 'people',
      method: 'POST',
      path: `/api/v1/people/${id}/erase`,
      token: 'admin',
      ...body,
    }));
  return fc.oneof(
    cases,
    actions,
    actions,
    badHeaders,
    badTokens,
    caseQueries,
    listQueries,
    readModels,
    registry,
    registryQueries,
    admissions,
    responsibilities,
    login,
    events,
    projections,
    people,
  );
}

describe('fuzzing every route family with malformed and hostile requests (real child process)', () => {
  let db: TestDatabase;
  let api: ApiChild | undefined;

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase('postgres', allMigrations, { poolSize: 2 });
  }, 300_000);

  afterAll(async () => {
    await stopApi(api);
    await db?.close();
  });

  it(`${FUZZ_RUNS} invalid requests: no 5xx, problem+json every time, nothing appended`, async () => {
    api = startApi(db.url!, await freePort(), {
      LOGIN_MAX_FAILURES: '1000',
      LOGIN_MAX_FAILURES_PER_IP: '100000',
    });
    await api.ready;
    const { admin, operator } = await setUpLogins(api.baseUrl);
    const tokens = {
      operator: operator.token,
      admin: admin.token,
      none: undefined,
      forged: `${operator.token.slice(0, -4)}AAAA`,
    };
    const created = await request(api.baseUrl, 'POST', '/api/v1/cases', {
      token: operator.token,
      body: disputeReport(randomUUID),
    });
    expect(created.status).toBe(201);
    const caseId = created.body.caseId as string;

    const count = async () =>
      Number((await db.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events')).rows[0]!.n);
    const before = await count();
    const samples = fc.sample(requests(caseId), { numRuns: FUZZ_RUNS, seed: SEED });

    const byFamily: Record<string, Record<string, number>> = {};
    const serverErrors: string[] = [];
    const notProblem: string[] = [];
    const accepted: string[] = [];
    let acceptedEvents = 0;
    let acceptedWrites = 0;
    let failedToSend = 0;
    let next = 0;
    const worker = async () => {
      while (next < samples.length) {
        const sample = samples[next++]!;
        let reply;
        try {
          reply = await request(api!.baseUrl, sample.method, sample.path, {
            token: tokens[sample.token],
            body: sample.body,
            rawBody: sample.rawBody,
            headers: sample.headers,
            timeoutMs: 15_000,
          });
        } catch (error) {
          failedToSend++;
          notProblem.push(
            `${sample.method} ${sample.path.slice(0, 120)}: no answer (${(error as Error).message})`,
          );
          continue;
        }
        const family = (byFamily[sample.family] ??= {});
        family[reply.status] = (family[reply.status] ?? 0) + 1;
        const what = `${sample.method} ${sample.path.slice(0, 120)} ${JSON.stringify(sample.body ?? sample.rawBody ?? null).slice(0, 200)} → ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`;
        if (reply.status >= 500) serverErrors.push(what);
        else if (reply.status >= 200 && reply.status < 300) {
          accepted.push(what);
          if (sample.method === 'POST') acceptedWrites++;
          if (Array.isArray(reply.body?.events)) acceptedEvents += reply.body.events.length;
        } else if (!isProblem(reply)) notProblem.push(what);
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
    const elapsedMs = Date.now() - started;
    const after = await count();

    const figures = {
      spec: 'fuzz',
      faults: 0,
      acknowledged: 0,
      lost: 0,
      duplicates: 0,
      fuzz: samples.length,
      serverErrors: serverErrors.length,
      seed: SEED,
      target: 'API child process (dist/apps/api/src/main.js)',
      elapsedMs,
      notProblem: notProblem.length,
      failedToSend,
      accepted2xx: accepted.length,
      acceptedWrites,
      eventsAppended: after - before,
      eventsOfAccepted: acceptedEvents,
      byFamily,
      examples: {
        serverErrors: serverErrors.slice(0, 10),
        notProblem: notProblem.slice(0, 10),
        accepted: [
          ...accepted.filter((a) => a.startsWith('POST')),
          ...accepted.filter((a) => !a.startsWith('POST')),
        ].slice(0, 10),
      },
    };
    writeFigures(figures);
    console.log(`fuzz: ${JSON.stringify(figures, null, 1).slice(0, 6_000)}`);

    expect(serverErrors).toEqual([]);
    expect(notProblem).toEqual([]);
    expect(accepted).toEqual([]);
    expect(after - before).toBe(acceptedEvents);
    expect(after - before).toBe(0);
    // Every route family was exercised.
    expect(Object.keys(byFamily).length).toBeGreaterThanOrEqual(15);
  }, 420_000);
});
