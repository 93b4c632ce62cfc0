import { userInfo } from 'node:os';
import { ConfigError } from '#platform';
import { allProjections, ProjectionEngine, type ProjectionStatus, type RebuildProgress } from '#projections';
import { runCli } from './run-cli.js';
import { loadRuntimeConfig, openStore } from '#runtime';

/**
 * `npm run projections -- status | rebuild <name> | skip <name> <position>`
 *
 * Operator commands on the read models of the database the config names (DATABASE_URL, or the
 * embedded PGlite in DATA_DIR). `status` prints a table on stdout. `rebuild` fills shadow tables and
 * swaps them in without downtime, drawing progress (rate, ETA) on stderr; running workers keep
 * serving the old tables meanwhile and pick up from the moved checkpoint. `skip` lets a projection
 * parked at an event move past it (recorded with the OS user). Exit codes: 0 ok, 1 failed, 2 usage.
 */
const USAGE = 'usage: npm run projections -- status | rebuild <name> | skip <name> <position>';

class UsageError extends Error {}

type Command =
  { kind: 'status' } | { kind: 'rebuild'; name: string } | { kind: 'skip'; name: string; position: bigint };

function parseArgs(argv: string[]): Command {
  const args = argv.filter((arg) => arg !== '--in-memory');
  const names = allProjections.map((projection) => projection.name);
  const projectionName = (raw: string | undefined) => {
    if (raw === undefined) throw new UsageError('a projection name is required');
    if (!names.includes(raw))
      throw new UsageError(`unknown projection ${JSON.stringify(raw)}; projections: ${names.join(', ')}`);
    return raw;
  };
  switch (args[0]) {
    case 'status':
      if (args.length !== 1) throw new UsageError('status takes no arguments');
      return { kind: 'status' };
    case 'rebuild':
      if (args.length !== 2) throw new UsageError('rebuild takes one projection name');
      return { kind: 'rebuild', name: projectionName(args[1]) };
    case 'skip': {
      if (args.length !== 3) throw new UsageError('skip takes a projection name and a position');
      const name = projectionName(args[1]);
      if (!/^\d{1,19}$/.test(args[2]!))
        throw new UsageError('position must be a non-negative integer (see `status`)');
      return { kind: 'skip', name, position: BigInt(args[2]!) };
    }
    default:
      throw new UsageError(
        args[0] === undefined ? 'a command is required' : `unknown command ${JSON.stringify(args[0])}`,
      );
  }
}

/** A plain-text table with left-aligned columns. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function formatStatusTable(statuses: readonly ProjectionStatus[]): string {
  return formatTable(
    [
      'PROJECTION',
      'VERSION',
      'STATE',
      'CHECKPOINT',
      'LAG EVENTS',
      'LAG',
      'PARKED',
      'PROCESSED',
      'LAST ERROR',
    ],
    statuses.map((s) => [
      s.name,
      s.storedVersion === null || s.storedVersion === s.version
        ? String(s.version)
        : `${s.storedVersion}→${s.version}`,
      s.rebuild ? `${s.state} (${s.rebuild.processed} rebuilt)` : s.state,
      s.checkpoint.toString(),
      `${s.lagEvents}${s.lagEventsCapped ? '+' : ''}`,
      formatDuration(s.lagSeconds),
      String(s.parkedEvents),
      String(s.eventsProcessed),
      s.lastError ? s.lastError.replace(/\s+/g, ' ').slice(0, 60) : '-',
    ]),
  );
}

function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  if (seconds < 3600)
    return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/** One-line progress bar on stderr: redrawn on a terminal, a line every 10 % (or 5 s) otherwise. */
export function rebuildProgressBar(stream: NodeJS.WriteStream = process.stderr): {
  update(p: RebuildProgress): void;
  finish(): void;
} {
  const tty = stream.isTTY === true;
  let lastDecile = -1;
  let lastLineAt = 0;
  let latest: RebuildProgress | undefined;
  const render = (p: RebuildProgress) => {
    const width = 30;
    const total = Math.max(p.totalEstimate, p.processed);
    const done = p.phase === 'swapped' ? 1 : total === 0 ? 0 : p.processed / total;
    const filled = Math.min(width, Math.round(done * width));
    const eta = p.phase === 'swapped' ? 'done' : `ETA ${formatDuration(p.etaSeconds)}`;
    return `${p.projection} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(done * 100).toFixed(0).padStart(3)}%  ${p.processed}/~${total} events  ${p.ratePerSecond.toFixed(0)} ev/s  ${eta}`;
  };
  return {
    update(p) {
      latest = p;
      if (tty) {
        stream.write(`\r${render(p)}\x1b[K`);
        return;
      }
      const total = Math.max(p.totalEstimate, p.processed, 1);
      const decile = Math.floor((p.processed / total) * 10);
      if (decile > lastDecile || Date.now() - lastLineAt > 5000) {
        lastDecile = decile;
        lastLineAt = Date.now();
        stream.write(`${render(p)}\n`);
      }
    },
    finish() {
      if (latest && tty) stream.write(`\r${render(latest)}\x1b[K\n`);
      else if (latest) stream.write(`${render(latest)}\n`);
    },
  };
}

async function main(): Promise<number> {
  let command: Command;
  let config;
  try {
    command = parseArgs(process.argv.slice(2));
    config = loadRuntimeConfig(process.env, process.argv).app;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(
        `projections: ${error.message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`,
      );
      return 2;
    }
    throw error;
  }
  const store = await openStore(config, { poolSize: 5 });
  try {
    // The engine is used for its operator actions only: its runners are never started here.
    const engine = new ProjectionEngine(
      allProjections,
      { pool: store.database.pool, eventStore: store.eventStore },
      { rebuildBatchSize: 1000 },
    );
    switch (command.kind) {
      case 'status':
        process.stdout.write(`${formatStatusTable(await engine.projectionStatuses())}\n`);
        return 0;
      case 'rebuild': {
        const bar = rebuildProgressBar();
        const result = await engine.rebuild(command.name, (progress) => bar.update(progress));
        bar.finish();
        process.stdout.write(
          `rebuilt ${command.name}: ${result.processed} events in ${result.seconds.toFixed(1)} s (${result.ratePerSecond.toFixed(0)} ev/s), checkpoint ${result.position}\n`,
        );
        return 0;
      }
      case 'skip': {
        const skippedBy = `cli:${safeUserName()}`;
        await engine.skipParkedEvent(command.name, command.position, skippedBy);
        process.stdout.write(
          `skipped the parked event at ${command.position} of ${command.name} (by ${skippedBy}); the projection moves on\n`,
        );
        return 0;
      }
    }
  } catch (error) {
    process.stderr.write(`projections: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await store.close().catch(() => undefined);
  }
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

runCli('projections', main);
