import { readFileSync } from 'node:fs';
import type { SqlPool } from '#platform';
import type { SampleEvent } from './append.bench.js';
import { startBareHttpServer } from './bare-http-server.js';
import { figure, percentile, progress, round, type BenchFigure } from './bench-stats.js';
import { cpuSnapshot, cpuSpent } from './cpu-time.js';
import { runHttpLoad, type LoadResult } from './http-load.js';
import { FLUSH_CONNECTIONS, countersPer, pgCounters, type PgCounters } from './pg-counters.js';

export interface HttpBenchOptions {
  /** The app under test (createApp, listening on loopback) and a Bearer token that may run every case command. */
  app: { baseUrl: string; token: string };
  /** A pool of the bench's own (CPU and counter readings). */
  benchPool: SqlPool;
  /** The app's pool and the bare server's: a statement on each of their connections publishes their counters. */
  appPool: SqlPool;
  barePool: SqlPool;
  sample: SampleEvent;
  gridIds: string[];
  durationMs: number;
  /** Alternating rounds of bare server then app, 16 clients each. */
  rounds: number;
  /** The 16-connection single-event raw INSERT ceiling measured minutes before (events/s). */
  insertCeiling: number | undefined;
}

interface Measured {
  load: LoadResult;
  rate: number;
  mainThreadMs: number | undefined;
  databaseMs: number | undefined;
  counters: PgCounters;
  loadAverage: number;
}

/**
 * The command path against the HTTP ceiling on the same machine in the same minutes: rounds of a
 * bare node:http server doing one INSERT per request (bare-http-server.ts) and of the app running
 * case commands, alternating so both see the same load from whatever else runs; then the app alone
 * at 64 clients. Per request: CPU of this process's main thread (the server's event loop; the
 * clients run in a worker thread) and of the database's backends, and PostgreSQL's own counters
 * (transactions, rows inserted and updated, sequential and index scans).
 */
export async function benchHttp(options: HttpBenchOptions): Promise<BenchFigure[]> {
  const bare = await startBareHttpServer(options.barePool, options.sample);
  try {
    const common = { gridIds: options.gridIds, sessionsPerCase: 3 };
    // Warm-up of both (JIT, connections, plans), not measured: bounded in count and time.
    await runHttpLoad({
      ...common,
      baseUrl: bare.baseUrl,
      token: '',
      clients: 16,
      durationMs: 15_000,
      maxCommands: 400,
      reportsTo: '/cases',
    });
    await runHttpLoad({ ...common, ...options.app, clients: 16, durationMs: 15_000, maxCommands: 400 });

    const measure = (what: 'bare' | 'app', clients: number) =>
      measureRun(options, bare.baseUrl, what, clients);

    const bareRuns: Measured[] = [];
    const appRuns: Measured[] = [];
    for (let round = 0; round < options.rounds; round++) {
      bareRuns.push(await measure('bare', 16));
      appRuns.push(await measure('app', 16));
    }
    const figures: BenchFigure[] = [];
    figures.push(...figuresOf('HTTP ceiling: bare node:http + 1 INSERT, 16 clients', bareRuns, 'requests/s'));
    figures.push(...figuresOf('HTTP commands, 16 clients', appRuns, 'commands/s'));
    const ratios = appRuns.map((run, index) => run.rate / bareRuns[index]!.rate);
    figures.push(
      figure(
        'HTTP commands, 16 clients: / bare HTTP ceiling (median of rounds)',
        round(median(ratios), 3),
        'ratio',
        {
          atLeast: 0.5,
        },
      ),
    );
    if (options.insertCeiling)
      figures.push(
        figure(
          'HTTP commands, 16 clients: / ceiling raw INSERT 16 conn 1 event/tx',
          round(median(appRuns.map((run) => run.rate)) / options.insertCeiling, 3),
          'ratio',
          { atLeast: 0.4 },
        ),
      );
    figures.push(...figuresOf('HTTP commands, 64 clients', [await measure('app', 64)], 'commands/s'));
    return figures;
  } finally {
    await bare.close();
  }
}

async function measureRun(
  options: HttpBenchOptions,
  bareUrl: string,
  what: 'bare' | 'app',
  clients: number,
): Promise<Measured> {
  const common = { gridIds: options.gridIds, sessionsPerCase: 3 };
  const pools = [options.appPool, options.barePool];
  const countersBefore = await pgCounters(options.benchPool, pools);
  const cpuBefore = await cpuSnapshot(options.benchPool);
  const load = await runHttpLoad({
    ...common,
    ...(what === 'bare' ? { baseUrl: bareUrl, token: '', reportsTo: '/cases' } : options.app),
    clients,
    durationMs: options.durationMs,
    maxCommands: 5_000_000,
  });
  const cpu = cpuSpent(cpuBefore, await cpuSnapshot(options.benchPool));
  const loadAverage = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  const counters = countersPer(
    countersBefore,
    await pgCounters(options.benchPool, pools),
    load.commands,
    pools.length * FLUSH_CONNECTIONS + 2,
  );
  if (counters.seqScansByTable.size > 0)
    progress(
      `HTTP ${what}, ${clients} clients: sequential scans per request by table: ${[...counters.seqScansByTable].map(([table, scans]) => `${table} ${round(scans, 2)}`).join(', ')}`,
    );
  for (const [key, count] of Object.entries(load.failures).slice(0, 5))
    progress(`HTTP ${what} ${clients} clients: ${count} × ${key}`);
  const rate = load.commands / (load.elapsedMs / 1000);
  progress(
    `HTTP ${what}, ${clients} clients: ${round(rate)} requests/s, p99 ${round(percentile(load.latenciesMs, 99), 1)} ms, load average ${loadAverage}`,
  );
  return {
    load,
    rate,
    mainThreadMs: cpu ? cpu.mainThreadMs / Math.max(1, load.commands) : undefined,
    databaseMs: cpu ? cpu.databaseMs / Math.max(1, load.commands) : undefined,
    counters,
    loadAverage,
  };
}

function figuresOf(label: string, runs: Measured[], unit: string): BenchFigure[] {
  const all = runs.flatMap((run) => run.load.latenciesMs);
  const rates = runs.map((run) => run.rate);
  const mean = (values: (number | undefined)[]) => {
    const known = values.filter((value): value is number => value !== undefined);
    return known.length === 0 ? undefined : known.reduce((a, b) => a + b, 0) / known.length;
  };
  const figures = [
    figure(`${label}: throughput${runs.length > 1 ? ' (median of rounds)' : ''}`, round(median(rates)), unit),
  ];
  if (runs.length > 1)
    figures.push(
      figure(
        `${label}: throughput, slowest to fastest round`,
        round(Math.max(...rates) - Math.min(...rates)),
        `${unit} spread`,
      ),
    );
  figures.push(
    figure(`${label}: p50`, round(percentile(all, 50), 1), 'ms'),
    figure(`${label}: p99`, round(percentile(all, 99), 1), 'ms', { atMost: 50 }),
    figure(
      `${label}: failed`,
      runs.reduce((sum, run) => sum + Object.values(run.load.failures).reduce((a, b) => a + b, 0), 0),
      'requests',
    ),
  );
  const main = mean(runs.map((run) => run.mainThreadMs));
  const database = mean(runs.map((run) => run.databaseMs));
  if (main !== undefined)
    figures.push(figure(`${label}: server main-thread CPU per request`, round(main, 3), 'ms'));
  if (database !== undefined)
    figures.push(figure(`${label}: PostgreSQL backend CPU per request`, round(database, 3), 'ms'));
  const counter = (key: Exclude<keyof PgCounters, 'seqScansByTable'>) =>
    mean(runs.map((run) => run.counters[key]))!;
  figures.push(
    figure(`${label}: transactions per request`, round(counter('transactions'), 2), 'tx'),
    figure(`${label}: rows inserted per request`, round(counter('inserted'), 2), 'rows'),
    figure(`${label}: rows updated per request`, round(counter('updated'), 2), 'rows'),
    figure(`${label}: sequential scans per request`, round(counter('seqScans'), 2), 'scans'),
    figure(`${label}: index scans per request`, round(counter('indexScans'), 2), 'scans'),
    figure(
      `${label}: load average (1 min) after the run`,
      round(Math.max(...runs.map((run) => run.loadAverage)), 1),
      'runnable',
    ),
  );
  return figures;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
