import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { PostgresEventStore } from '#event-store';
import { DEMO_DISTRICT_CODE, registryView } from '#registry-domain';
import { foldRegistry, seedDemoDistrict, createProjectionService } from '#runtime';
import { benchAppends, type SampleEvent } from './append.bench.js';
import { startBenchApp, post } from './bench-app.js';
import { openBenchDatabase } from './bench-database.js';
import { figure, percentile, progress, round, sleep, type BenchFigure } from './bench-stats.js';
import { benchHttp } from './http.bench.js';
import { runHttpLoad } from './http-load.js';
import { generateCaseHistories, generatorRefusals, loadCaseHistories } from './load-history.js';
import {
  benchCatchUp,
  benchRebuilds,
  checkpoints,
  commandLags,
  projectionTargets,
  sampleCheckpoints,
} from './projections.bench.js';

/**
 * `npm run bench [-- --quick] [-- --embedded] [-- --only=append,http]` (issue #11): every figure of
 * docs/benchmarks.md, measured in one run so each ratio compares with a ceiling taken minutes before
 * on the same machine. `--only` runs a subset while iterating on one path: `append` (ceilings and
 * event store appends), `http` (the command path; its ratio needs the 16-connection single-event
 * ceiling, which is then measured alone), `history` (history load, catch-up, rebuilds, queries and
 * lag, which all depend on the loaded history). The documented figures come from the full run.
 */
interface Sizes {
  appendMs: number;
  httpMs: number;
  /** Alternating rounds of the bare HTTP ceiling and the app at 16 clients. */
  httpRounds: number;
  events: number;
  queries: number;
  lagMs: number;
  catchUpTimeoutMs: number;
}

const FULL: Sizes = {
  appendMs: 4000,
  httpMs: 10_000,
  httpRounds: 3,
  events: 1_000_000,
  queries: 300,
  lagMs: 60_000,
  catchUpTimeoutMs: 1_200_000,
};
const QUICK: Sizes = {
  appendMs: 1200,
  httpMs: 4000,
  httpRounds: 1,
  events: 100_000,
  queries: 100,
  lagMs: 6000,
  catchUpTimeoutMs: 60_000,
};
const LAG_RATE = 500;
const PHASES = ['append', 'http', 'history'] as const;
type Phase = (typeof PHASES)[number];

function phasesOf(argv: readonly string[]): ReadonlySet<Phase> {
  const only = argv.find((arg) => arg.startsWith('--only='));
  if (!only) return new Set(PHASES);
  const asked = only
    .slice('--only='.length)
    .split(',')
    .filter((name) => name.length > 0);
  const unknown = asked.filter((name) => !(PHASES as readonly string[]).includes(name));
  if (unknown.length > 0 || asked.length === 0)
    throw new Error(`--only takes a comma-separated list of ${PHASES.join(', ')}; got ${only}`);
  return new Set(asked as Phase[]);
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const embedded = process.argv.includes('--embedded');
  const sizes = quick ? QUICK : FULL;
  const phases = phasesOf(process.argv);
  const started = performance.now();
  if (embedded) {
    process.stderr.write(
      '\nWARNING: --embedded runs on PGlite (PostgreSQL in WebAssembly, one session in this process). Its figures say\n' +
        'nothing about PostgreSQL: "16 connections" are 16 callers queued on one session. Use it only to try the bench.\n\n',
    );
  }
  const bench = await openBenchDatabase(embedded);
  progress(
    `database: ${bench.description}; mode: ${quick ? 'quick' : 'full'}; phases: ${[...phases].join(', ')}`,
  );
  const figures: BenchFigure[] = [];
  const notes: string[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const database = await bench.open(24);
    const store = new PostgresEventStore(database.pool);

    progress('seeding the demo district (registry) through the command pipeline');
    await seedDemoDistrict(store);
    const { state: registry } = await foldRegistry(store, DEMO_DISTRICT_CODE);
    const gridIds = gridsOf(registry);

    // 1. Ceiling and event store appends, case by case.
    const sample = await sampleEvent(registry);
    progress(
      `appends: sample event ${sample.type}, ${JSON.stringify(sample.data).length + JSON.stringify(sample.metadata).length} bytes of JSON`,
    );
    const appendCases = phases.has('append')
      ? undefined
      : phases.has('http')
        ? [{ writers: 16, batch: 1 } as const]
        : [];
    const appends = await benchAppends(database.pool, sample, {
      durationMs: sizes.appendMs,
      maxOperations: 2_000_000,
      cases: appendCases,
    });
    figures.push(...appends.figures);
    const ceiling16 = appends.ceilings.get('16/1');

    // 2. HTTP command path on the real app.
    const appDatabase = await bench.open(20);
    const app = await startBenchApp(appDatabase, bench.url);
    cleanups.push(() => app.close());
    progress(
      `app listening on ${app.baseUrl}; logged in as a centre operator (Bearer token on every request)`,
    );
    if (phases.has('http')) {
      const bareDatabase = await bench.open(16);
      try {
        figures.push(
          ...(await benchHttp({
            app: { baseUrl: app.baseUrl, token: app.token },
            benchPool: database.pool,
            appPool: appDatabase.pool,
            barePool: bareDatabase.pool,
            sample,
            gridIds,
            durationMs: sizes.httpMs,
            rounds: sizes.httpRounds,
            insertCeiling: ceiling16,
          })),
        );
      } finally {
        await bareDatabase.close();
      }
    }

    if (phases.has('history')) {
      // 3. Load the history directly through the event store.
      progress(
        `loading >= ${sizes.events} case events: histories generated with the real caseDecider, appended directly through the event store`,
      );
      const loaded = await loadCaseHistories(store, registry, sizes.events, 16);
      notes.push(
        `${loaded.events} case events (${loaded.cases} cases) were loaded directly through PostgresEventStore.appendToStream, ` +
          `one batch per case history generated with the real caseDecider via the command pipeline in memory (not over HTTP), ` +
          `in ${round(loaded.elapsedMs / 1000, 1)} s.`,
      );
      if (generatorRefusals.size > 0) {
        notes.push(
          `the case generator (apps/worker/src/cli/historic-cases/) scripted commands the decider refused; they were skipped as the app would refuse them: ` +
            [...generatorRefusals].map(([code, count]) => `${code} × ${count}`).join(', '),
        );
      }
      figures.push(figure('history load: case events appended', loaded.events, 'events'));
      figures.push(
        figure(
          'history load: rate (generate + append, one append per case)',
          round(loaded.events / (loaded.elapsedMs / 1000)),
          'events/s',
        ),
      );

      // 4. Projection catch-up from a cold start, then each projection's rebuild. The worker is a
      //    separate process in production: it gets its own pool here.
      const workerDatabase = await bench.open(10);
      const workerStore = new PostgresEventStore(workerDatabase.pool);
      const service = createProjectionService({ pool: workerDatabase.pool, eventStore: workerStore });
      const engine = service.engine;
      cleanups.unshift(() => service.stop());
      cleanups.push(
        () => workerDatabase.close(),
        () => database.close(),
      );
      figures.push(...(await benchCatchUp(database.pool, engine, sizes.catchUpTimeoutMs)));
      figures.push(...(await benchRebuilds(engine)));

      // 5. Queries over HTTP with the history loaded.
      figures.push(...(await benchQueries(app.baseUrl, app.token, database.pool, sizes.queries)));

      // 6. Projection lag under a sustained command rate.
      figures.push(...(await benchLag(app.baseUrl, app.token, gridIds, database.pool, engine, sizes.lagMs)));
    } else {
      cleanups.push(() => database.close());
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    await bench
      .dispose()
      .catch((error: unknown) => progress(`could not drop the bench database: ${String(error)}`));
  }

  const elapsed = (performance.now() - started) / 1000;
  figures.push(figure('bench wall time', round(elapsed), 's'));
  printTable(figures, { quick, embedded, database: bench.description, notes });
  writeResults(figures, quick, embedded, phases.size === PHASES.length ? undefined : [...phases]);
}

function gridsOf(registry: Parameters<typeof registryView>[0]): string[] {
  const tree = registryView(registry).tree();
  const grids: string[] = [];
  const walk = (node: NonNullable<typeof tree>): void => {
    if (node.kind === 'grid') grids.push(node.id);
    for (const child of node.children) walk(child);
  };
  if (tree) walk(tree);
  if (grids.length === 0) throw new Error('the demo district has no grid');
  return grids;
}

/** The generated event whose JSON size is the median of a few generated histories. */
async function sampleEvent(registry: Parameters<typeof generateCaseHistories>[0]): Promise<SampleEvent> {
  const histories = await generateCaseHistories(registry, 20, 4242);
  const events = [...histories.values()].flat();
  const sized = events.map((event) => ({
    event,
    size: JSON.stringify(event.data).length + JSON.stringify(event.metadata).length,
  }));
  sized.sort((a, b) => a.size - b.size);
  const { event } = sized[Math.floor(sized.length / 2)]!;
  return { type: event.type, data: event.data, metadata: event.metadata };
}

async function benchQueries(
  baseUrl: string,
  token: string,
  pool: import('#platform').SqlPool,
  count: number,
): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const { rows: busiest } = await pool.query<{ grid_id: string; community_id: string | null; cases: string }>(
    'SELECT grid_id, max(community_id) AS community_id, count(*)::text AS cases FROM case_list GROUP BY grid_id ORDER BY count(*) DESC LIMIT 20',
  );
  if (busiest.length === 0) throw new Error('case_list is empty: the projections did not run');
  const caseCount = (await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM case_list')).rows[0]!.n;
  progress(`queries: ${caseCount} cases listed; busiest grid has ${busiest[0]!.cases} cases`);
  const dashboards = Array.from(
    { length: count },
    (_, i) => `/api/v1/grids/${busiest[i % busiest.length]!.grid_id}/dashboard`,
  );
  const filters = [
    (_: number) => `/api/v1/cases?type=dispute&status=in_progress&limit=50`,
    (i: number) => `/api/v1/cases?gridId=${busiest[i % busiest.length]!.grid_id}&limit=50`,
    (i: number) =>
      `/api/v1/cases?status=closed&communityId=${busiest[i % busiest.length]!.community_id ?? busiest[0]!.community_id}&limit=50`,
    (_: number) => `/api/v1/cases?overdue=true&limit=50`,
    (_: number) => `/api/v1/cases?type=petition&level=street&limit=20`,
  ];
  const lists = Array.from({ length: count }, (_, i) => filters[i % filters.length]!(i));
  const { caseId, asOf, revision } = await longCase(baseUrl, token, busiest[0]!.grid_id);
  const asOfPaths = Array.from(
    { length: count },
    () => `/api/v1/cases/${caseId}?asOf=${encodeURIComponent(asOf)}`,
  );
  for (const [name, paths, target] of [
    ['query grid dashboard', dashboards, 50],
    ['query case list with filters', lists, 50],
    [`query case state ?asOf= on a ${revision + 1}-event stream`, asOfPaths, 20],
  ] as const) {
    // A short warm-up (plans, JIT), then the measured requests one after the other.
    await runHttpLoad({
      baseUrl,
      token,
      gridIds: [],
      clients: 1,
      durationMs: 30_000,
      maxCommands: 20,
      sessionsPerCase: 0,
      getPaths: [...paths],
    });
    const result = await runHttpLoad({
      baseUrl,
      token,
      gridIds: [],
      clients: 1,
      durationMs: 60_000,
      maxCommands: count,
      sessionsPerCase: 0,
      getPaths: [...paths],
    });
    reportFailures(name, result.failures);
    progress(
      `${name}: p50 ${round(percentile(result.latenciesMs, 50), 1)} ms, p99 ${round(percentile(result.latenciesMs, 99), 1)} ms`,
    );
    figures.push(figure(`${name}: p50`, round(percentile(result.latenciesMs, 50), 1), 'ms'));
    figures.push(
      figure(`${name}: p99`, round(percentile(result.latenciesMs, 99), 1), 'ms', { atMost: target }),
    );
  }
  return figures;
}

/** One dispute with ~200 events (many mediation sessions) over HTTP; asOf lies half-way through it. */
async function longCase(
  baseUrl: string,
  token: string,
  gridId: string,
): Promise<{ caseId: string; asOf: string; revision: number }> {
  const report = await post(
    baseUrl,
    '/api/v1/cases',
    {
      type: 'dispute',
      source: 'walk_in',
      title: 'Long-running boundary dispute',
      description: 'A dispute mediated many times.',
      category: 'neighbour',
      urgency: 'complex',
      location: { gridId },
      reporter: { name: 'Wang Fang', phone: '13800138000' },
      dispute: {
        parties: [
          { name: 'Wang Fang', phone: '13800138000', role: 'applicant' },
          { name: 'Li Qiang', phone: '13900139000', role: 'respondent' },
        ],
      },
    },
    token,
  );
  if (report.status !== 201) throw new Error(`long case report answered ${report.status}: ${report.text}`);
  const caseId = (JSON.parse(report.text) as { caseId: string }).caseId;
  let revision = 0;
  let asOf = '';
  const act = async (action: string, body: unknown) => {
    const answer = await post(baseUrl, `/api/v1/cases/${caseId}/${action}`, body, token);
    if (answer.status !== 200)
      throw new Error(`long case ${action} answered ${answer.status}: ${answer.text}`);
    revision = (JSON.parse(answer.text) as { revision: number }).revision;
  };
  await act('register', {});
  // To the grid itself: it handles the building level (a unit off the case's ladder is refused).
  await act('dispatch', { unit: { unitId: gridId } });
  await act('accept', {});
  await act('start', {});
  for (let session = 0; session < 400 && revision < 199; session++) {
    await act('record-session', { mediators: ['Zhao Min'], notes: `Session ${session + 1}` });
    if (revision === 100) {
      await sleep(5);
      asOf = new Date().toISOString();
      await sleep(5);
    }
  }
  return { caseId, asOf, revision };
}

async function benchLag(
  baseUrl: string,
  token: string,
  gridIds: string[],
  pool: import('#platform').SqlPool,
  engine: import('#projections').ProjectionEngine,
  durationMs: number,
): Promise<BenchFigure[]> {
  progress(`lag: ${LAG_RATE} commands/s for ${durationMs / 1000} s with the projection runners live`);
  const sampler = sampleCheckpoints(pool, 10, durationMs + 60_000);
  const load = await runHttpLoad({
    baseUrl,
    token,
    gridIds,
    clients: 64,
    durationMs,
    maxCommands: Math.ceil((LAG_RATE * durationMs) / 1000) + 10,
    sessionsPerCase: 3,
    ratePerSecond: LAG_RATE,
    recordAnswers: true,
  });
  reportFailures('lag load', load.failures);
  // Wait (bounded) until every projection has passed the last event of the load.
  const deadline = performance.now() + 30_000;
  const targets = await projectionTargets(pool, engine);
  while (performance.now() < deadline) {
    const current = await checkpoints(pool);
    if ([...targets].every(([name, target]) => (current.get(name) ?? 0n) >= target)) break;
    await sleep(50);
  }
  await sleep(50);
  await sampler.stop();
  const { lagsMs, unresolved } = await commandLags(pool, engine, load.answers, sampler.samples);
  const rate = load.commands / (load.elapsedMs / 1000);
  progress(
    `lag: ${load.commands} commands at ${round(rate)}/s; lag p50 ${round(percentile(lagsMs, 50))} ms, p99 ${round(percentile(lagsMs, 99))} ms`,
  );
  return [
    figure(`lag load: achieved command rate (asked ${LAG_RATE}/s)`, round(rate), 'commands/s', {
      atLeast: LAG_RATE * 0.95,
    }),
    figure('lag load: command p99', round(percentile(load.latenciesMs, 99), 1), 'ms'),
    figure('projection lag p50', round(percentile(lagsMs, 50)), 'ms'),
    figure('projection lag p99', round(percentile(lagsMs, 99)), 'ms', { atMost: 1000 }),
    figure('projection lag: commands not resolved', unresolved, 'commands'),
  ];
}

function reportFailures(what: string, failures: Record<string, number>): void {
  for (const [key, count] of Object.entries(failures).slice(0, 5)) progress(`${what}: ${count} × ${key}`);
}

function printTable(
  figures: BenchFigure[],
  context: { quick: boolean; embedded: boolean; database: string; notes: string[] },
): void {
  const width = Math.max(...figures.map((f) => f.name.length));
  const lines = [
    '',
    `gridcase bench (${context.quick ? 'quick: a tenth of the sizes' : 'full'}) on ${context.database}`,
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${round(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}`,
    '',
    `| ${'figure'.padEnd(width)} | ${'value'.padStart(10)} | ${'unit'.padEnd(17)} | ${'target'.padEnd(9)} | met |`,
    `|${'-'.repeat(width + 2)}|${'-'.repeat(12)}|${'-'.repeat(19)}|${'-'.repeat(11)}|-----|`,
    ...figures.map(
      (f) =>
        `| ${f.name.padEnd(width)} | ${String(f.value).padStart(10)} | ${f.unit.padEnd(17)} | ${(f.target ?? '').padEnd(9)} | ${f.met === null ? '   ' : f.met ? 'yes' : 'NO '} |`,
    ),
    '',
    ...context.notes.map((note) => `note: ${note}`),
    ...(context.embedded ? ['WARNING: embedded PGlite run; these figures are not PostgreSQL figures.'] : []),
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

/** A partial run (`--only`) gets its own file and leaves latest.json to the last full run. */
function writeResults(
  figures: BenchFigure[],
  quick: boolean,
  embedded: boolean,
  only: Phase[] | undefined,
): void {
  const directory = new URL('../../bench/results/', import.meta.url);
  mkdirSync(directory, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  const name = `${stamp}${quick ? '-quick' : ''}${embedded ? '-embedded' : ''}${only ? `-only-${only.join('-')}` : ''}.json`;
  const json = `${JSON.stringify(figures, null, 2)}\n`;
  writeFileSync(new URL(name, directory), json);
  if (only) {
    progress(`results: bench/results/${name}`);
    return;
  }
  writeFileSync(new URL('latest.json', directory), json);
  progress(`results: bench/results/${name} and bench/results/latest.json`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
