import { PersonalDataCodec } from '#auth';
import { CommandPipeline } from '#command-pipeline';
import { ConfigError } from '#platform';
import { DEMO_DISTRICT_CODE, countRegistry } from '#registry-domain';
import { runCli } from './run-cli.js';
import {
  createPersonKeyStore,
  foldRegistry,
  formatSeedLine,
  loadRuntimeConfig,
  openStore,
  seedDemoDistrict,
} from '#runtime';
import { generateHistoricCases, type HistoricCasesProgress } from './historic-cases/historic-cases.runner.js';

/**
 * `npm run seed [-- --cases N] [--random-seed S] [--until ISO] [--concurrency C]`
 *
 * Seeds the demo district into the database the config names (DATABASE_URL, or the embedded
 * PGlite in DATA_DIR), idempotently; with `--cases N` also N historic cases (disputes, petitions) over the year
 * before `--until` (default: now). Progress goes to stderr; stdout gets exactly one line,
 * `seeded: grids=… …`, counted from the registry stream read back at the end.
 */
const USAGE = 'usage: npm run seed [-- --cases N] [--random-seed S] [--until ISO-8601] [--concurrency C]';
const DEFAULT_RANDOM_SEED = 20_260_101;

interface Args {
  cases: number;
  randomSeed: number;
  until: string;
  concurrency: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    cases: 0,
    randomSeed: DEFAULT_RANDOM_SEED,
    until: new Date().toISOString(),
    concurrency: 4,
  };
  const integer = (name: string, raw: string | undefined, min: number, max: number) => {
    const value = Number(raw);
    if (raw === undefined || !/^\d+$/.test(raw) || value < min || value > max)
      throw new UsageError(`${name} must be an integer from ${min} to ${max}`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--cases':
        args.cases = integer('--cases', value(), 0, 1_000_000);
        break;
      case '--random-seed':
        args.randomSeed = integer('--random-seed', value(), 0, 2 ** 32 - 1);
        break;
      case '--until': {
        const raw = value();
        if (raw === undefined || Number.isNaN(Date.parse(raw)))
          throw new UsageError('--until must be an ISO-8601 date or instant');
        args.until = new Date(Date.parse(raw)).toISOString();
        break;
      }
      case '--concurrency':
        args.concurrency = integer('--concurrency', value(), 1, 64);
        break;
      case '--in-memory':
        break; // read by loadConfig (pointless for a seed, but harmless)
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(argv[i])}`);
    }
  }
  return args;
}

class UsageError extends Error {}

/** A one-line progress bar on stderr (redrawn on a terminal, every 10 % otherwise). */
function progressReporter(total: number): {
  update(p: HistoricCasesProgress): void;
  finish(p: HistoricCasesProgress): void;
} {
  const tty = process.stderr.isTTY === true;
  let lastDecile = -1;
  const line = (p: HistoricCasesProgress) => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((p.casesDone / total) * width);
    const seconds = Math.max(p.elapsedMs, 1) / 1000;
    return `cases [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.casesDone}/${total}  ${(p.casesDone / seconds).toFixed(1)} cases/s  ${(p.events / seconds).toFixed(0)} events/s`;
  };
  return {
    update(p) {
      if (tty) process.stderr.write(`\r${line(p)}`);
      else {
        const decile = Math.floor((p.casesDone / total) * 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          process.stderr.write(`${line(p)}\n`);
        }
      }
    },
    finish(p) {
      if (tty) process.stderr.write(`\r${line(p)}\n`);
      else if (lastDecile < 10) process.stderr.write(`${line(p)}\n`);
    },
  };
}

async function main(): Promise<number> {
  let args: Args;
  let config;
  try {
    args = parseArgs(process.argv.slice(2));
    config = loadRuntimeConfig(process.env, process.argv).app;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`seed: ${error.message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
      return 2;
    }
    throw error;
  }
  const store = await openStore(config, { poolSize: 10 });
  const { eventStore } = store;
  try {
    // Historic cases carry reporters and parties: encrypted per person like the API's (docs/adr/0008).
    const personKeys = createPersonKeyStore(config, store.database.pool);
    await personKeys.prepare();
    const pipeline = new CommandPipeline(eventStore, { codec: new PersonalDataCodec(personKeys) });
    const seeded = await seedDemoDistrict(eventStore, pipeline);
    process.stderr.write(
      `registry ${seeded.stream}: ${seeded.chunksApplied === 0 ? 'already seeded, nothing appended' : `${seeded.chunksApplied} of ${seeded.chunks} batches appended`} (revision ${seeded.revision})\n`,
    );
    if (args.cases > 0) {
      const { state } = await foldRegistry(eventStore, DEMO_DISTRICT_CODE);
      const progress = progressReporter(args.cases);
      const result = await generateHistoricCases(pipeline, state, {
        count: args.cases,
        randomSeed: args.randomSeed,
        until: args.until,
        concurrency: args.concurrency,
        onProgress: (p) => progress.update(p),
      });
      progress.finish(result);
      const seconds = Math.max(result.elapsedMs, 1) / 1000;
      const statuses = Object.entries(result.statuses)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([status, n]) => `${status}=${n}`)
        .join(' ');
      process.stderr.write(
        `cases: ${result.casesDone} (random seed ${args.randomSeed}, until ${args.until}), ${result.events} events appended, ${result.replayedCommands} commands already applied; ` +
          `${seconds.toFixed(1)} s, ${(result.casesDone / seconds).toFixed(1)} cases/s, ${(result.events / seconds).toFixed(0)} events/s; ${statuses}\n`,
      );
    }
    // What is in the registry now, read back from the stream (not what the seed meant to write).
    const { state } = await foldRegistry(eventStore, DEMO_DISTRICT_CODE);
    process.stdout.write(`${formatSeedLine(countRegistry(state))}\n`);
    return 0;
  } finally {
    await store.close().catch(() => undefined);
  }
}

runCli('seed', main);
