import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type EventMetadata, type JsonValue, type NewEvent } from '#event-store';
import type { SqlPool } from '#platform';
import { figure, progress, round, runTimed, type BenchFigure } from './bench-stats.js';
import { cpuSnapshot, cpuSpent, type CpuSpent } from './cpu-time.js';

/** A representative recorded event (type, data, metadata) the ceiling and the store both write. */
export interface SampleEvent {
  type: string;
  data: JsonValue;
  metadata: EventMetadata;
}

export interface AppendBenchOptions {
  durationMs: number;
  /** Hard cap on operations per measurement, so a very fast machine still ends. */
  maxOperations: number;
  /** Only these cases (default: all four). */
  cases?: readonly Case[];
}

const SCRATCH = 'bench_ceiling_events';

export interface Case {
  writers: 1 | 16;
  batch: 1 | 100;
}

/** Streams each writer cycles through (one per case it works on). */
const STREAMS_PER_WRITER = 256;

const CASES: readonly Case[] = [
  { writers: 1, batch: 1 },
  { writers: 16, batch: 1 },
  { writers: 1, batch: 100 },
  { writers: 16, batch: 100 },
];

/**
 * The ceiling (raw multi-row INSERTs of the same rows into a scratch copy of es_events with the
 * same columns, constraints and indexes, one statement per transaction as the store does) and the
 * event store's appendToStream, measured back to back per case so both see the same machine state.
 */
export async function benchAppends(
  pool: SqlPool,
  sample: SampleEvent,
  options: AppendBenchOptions,
): Promise<{ figures: BenchFigure[]; ceilings: Map<string, number> }> {
  await pool.query(`DROP TABLE IF EXISTS ${SCRATCH}`);
  await pool.query(`CREATE TABLE ${SCRATCH} (LIKE es_events INCLUDING ALL)`);
  const store = new PostgresEventStore(pool);
  const dataJson = JSON.stringify(sample.data);
  const metadataJson = JSON.stringify(sample.metadata);
  const figures: BenchFigure[] = [];
  const ceilings = new Map<string, number>();
  let position = 1n;
  const run = `${Date.now().toString(36)}`;
  // Open every connection before the first measurement.
  await Promise.all(Array.from({ length: 16 }, () => pool.query('SELECT 1')));

  for (const c of options.cases ?? CASES) {
    const label = `${c.writers} conn, ${c.batch === 1 ? '1 event/tx' : 'batches of 100'}`;
    const insertSql = rawInsertSql(c.batch);
    // Like case commands, each writer spreads its appends over many streams (a case each), rather
    // than hammering one row of es_streams: STREAMS_PER_WRITER streams, taken in turn.
    const revisions = new Map<string, number>();
    const turns = new Array<number>(c.writers).fill(0);
    const ceilingCpuBefore = await cpuSnapshot(pool);
    const ceiling = await runTimed(c.writers, options.durationMs, options.maxOperations, async (writer) => {
      const stream = `bench-ceiling-${run}-${c.writers}-${c.batch}-${writer}-${turns[writer]!++ % STREAMS_PER_WRITER}`;
      const rows: unknown[][] = [];
      for (let i = 0; i < c.batch; i++) {
        const revision = revisions.get(stream) ?? 0;
        revisions.set(stream, revision + 1);
        rows.push([
          (position++).toString(),
          randomUUID(),
          stream,
          revision,
          sample.type,
          dataJson,
          metadataJson,
        ]);
      }
      // Columns as arrays for unnest (batches), the row itself for a single insert.
      const params =
        c.batch === 1 ? rows[0]! : Array.from({ length: 7 }, (_, column) => rows.map((row) => row[column]));
      await pool.query(insertSql, params);
    });
    const ceilingCpu = cpuSpent(ceilingCpuBefore, await cpuSnapshot(pool));
    const ceilingRate = (ceiling.operations * c.batch) / (ceiling.elapsedMs / 1000);
    ceilings.set(`${c.writers}/${c.batch}`, ceilingRate);

    const expected = new Map<string, bigint>();
    turns.fill(0);
    const storeCpuBefore = await cpuSnapshot(pool);
    const appended = await runTimed(c.writers, options.durationMs, options.maxOperations, async (writer) => {
      const stream = `bench-append-${run}-${c.writers}-${c.batch}-${writer}-${turns[writer]!++ % STREAMS_PER_WRITER}`;
      const events: NewEvent[] = Array.from({ length: c.batch }, () => ({
        id: randomUUID(),
        type: sample.type,
        data: sample.data,
        metadata: sample.metadata,
      }));
      const result = await store.appendToStream(stream, events, {
        expectedRevision: expected.get(stream) ?? 'no_stream',
      });
      expected.set(stream, result.nextExpectedRevision);
    });
    const storeCpu = cpuSpent(storeCpuBefore, await cpuSnapshot(pool));
    const storeRate = (appended.operations * c.batch) / (appended.elapsedMs / 1000);
    progress(`appends ${label}: ceiling ${round(ceilingRate)} ev/s, event store ${round(storeRate)} ev/s`);
    figures.push(figure(`ceiling: raw INSERT, ${label}`, round(ceilingRate), 'events/s'));
    figures.push(figure(`event store append, ${label}`, round(storeRate), 'events/s'));
    figures.push(
      figure(`event store / ceiling, ${label}`, round(storeRate / ceilingRate, 3), 'ratio', { atLeast: 0.7 }),
    );
    if (ceilingCpu && storeCpu) {
      // CPU per event does not depend on what else runs on the cores: the ratio the wall-clock one tends to when CPU-bound.
      const perEvent = (cpu: CpuSpent, operations: number) =>
        ((cpu.mainThreadMs + cpu.databaseMs) * 1000) / (operations * c.batch);
      const ceilingUs = perEvent(ceilingCpu, ceiling.operations);
      const storeUs = perEvent(storeCpu, appended.operations);
      figures.push(figure(`ceiling: CPU per event (PostgreSQL + client), ${label}`, round(ceilingUs), 'µs'));
      figures.push(
        figure(`event store: CPU per event (PostgreSQL + client), ${label}`, round(storeUs), 'µs'),
      );
      figures.push(
        figure(`ceiling / event store CPU per event, ${label}`, round(ceilingUs / storeUs, 3), 'ratio'),
      );
    }
  }
  await pool.query(`DROP TABLE IF EXISTS ${SCRATCH}`);
  // The appended rows carry a real case event type on non-case streams: out of the log before any
  // projection reads it, so the catch-up and the queries see only case histories.
  await pool.query(`DELETE FROM es_events WHERE stream_name LIKE 'bench-append-%'`);
  await pool.query(`DELETE FROM es_streams WHERE stream_name LIKE 'bench-append-%'`);
  await pool.query('VACUUM ANALYZE es_events');
  await pool.query('VACUUM ANALYZE es_streams');
  return { figures, ceilings };
}

/**
 * One row: a plain VALUES insert. A batch: one INSERT from unnest() of column arrays, the fastest
 * raw multi-row form (a 700-parameter VALUES list measured slower than the store's own append).
 */
function rawInsertSql(rows: number): string {
  if (rows > 1) {
    return `INSERT INTO ${SCRATCH} (global_position, event_id, stream_name, revision, type, data, metadata)
      SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::jsonb[], $7::jsonb[])`;
  }
  const values = Array.from({ length: rows }, (_, row) => {
    const base = row * 7;
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7})`;
  });
  return `INSERT INTO ${SCRATCH} (global_position, event_id, stream_name, revision, type, data, metadata) VALUES ${values.join(', ')}`;
}
