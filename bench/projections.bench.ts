import type { ProjectionEngine } from '#projections';
import type { SqlPool } from '#platform';
import { figure, progress, round, sleep, type BenchFigure } from './bench-stats.js';

/** Position of the last event each projection handles (what "caught up" means for it: positions are sparse and filtered). */
export async function projectionTargets(
  pool: SqlPool,
  engine: ProjectionEngine,
): Promise<Map<string, bigint>> {
  const targets = new Map<string, bigint>();
  for (const projection of engine.projections) {
    const { rows } = await pool.query<{ position: string | null }>(
      'SELECT max(global_position)::text AS position FROM es_events WHERE type = ANY($1::text[])',
      [projection.eventTypes],
    );
    targets.set(projection.name, BigInt(rows[0]?.position ?? '0'));
  }
  return targets;
}

export async function checkpoints(pool: SqlPool): Promise<Map<string, bigint>> {
  const { rows } = await pool.query<{ name: string; position: string }>(
    'SELECT name, position::text AS position FROM projection_checkpoints',
  );
  return new Map(rows.map((row) => [row.name, BigInt(row.position)]));
}

/**
 * Cold start: every projection at position 0, all runners started together (as the worker does);
 * measures until each checkpoint has reached the last event it handles.
 */
export async function benchCatchUp(
  pool: SqlPool,
  engine: ProjectionEngine,
  timeoutMs: number,
): Promise<BenchFigure[]> {
  const targets = await projectionTargets(pool, engine);
  const handledTypes = [...new Set(engine.projections.flatMap((projection) => projection.eventTypes))];
  const { rows } = await pool.query<{ total: string; handled: string }>(
    'SELECT count(*)::text AS total, count(*) FILTER (WHERE type = ANY($1::text[]))::text AS handled FROM es_events',
    [handledTypes],
  );
  const total = Number(rows[0]!.total);
  const handled = Number(rows[0]!.handled);
  const before = await checkpoints(pool);
  if ([...before.values()].some((position) => position !== 0n))
    throw new Error('projections are not cold: a checkpoint is past 0');
  progress(
    `catch-up: ${engine.projections.length} projections over ${total} events (${handled} of handled types)`,
  );
  const started = performance.now();
  await engine.start();
  const doneAt = new Map<string, number>();
  let lastReport = started;
  while (doneAt.size < targets.size && performance.now() - started < timeoutMs) {
    await sleep(100);
    const current = await checkpoints(pool);
    for (const [name, target] of targets) {
      if (!doneAt.has(name) && (current.get(name) ?? 0n) >= target)
        doneAt.set(name, performance.now() - started);
    }
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      progress(
        `catch-up: ${doneAt.size}/${targets.size} projections done after ${Math.round((lastReport - started) / 1000)} s`,
      );
    }
  }
  const elapsed = Math.max(
    ...[...targets.keys()].map((name) => doneAt.get(name) ?? performance.now() - started),
  );
  const figures = [
    figure('projection catch-up, all projections, cold start', round(total / (elapsed / 1000)), 'events/s', {
      atLeast: 25_000,
    }),
    figure('projection catch-up: events in the log', total, 'events'),
    figure('projection catch-up: wall time', round(elapsed / 1000, 1), 's'),
  ];
  for (const [name] of targets) {
    const at = doneAt.get(name);
    figures.push(
      figure(`projection catch-up: ${name} done after`, at === undefined ? -1 : round(at / 1000, 1), 's'),
    );
  }
  if (doneAt.size < targets.size)
    progress(`catch-up: timed out after ${timeoutMs} ms with ${doneAt.size}/${targets.size} done`);
  return figures;
}

/** Rebuild of each projection on its own (shadow tables, swap), one after the other. */
export async function benchRebuilds(engine: ProjectionEngine): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const projection of engine.projections) {
    const started = performance.now();
    const result = await engine.rebuild(projection.name, undefined, { fresh: true });
    const seconds = (performance.now() - started) / 1000;
    progress(`rebuild ${projection.name}: ${result.processed} events in ${round(seconds, 1)} s`);
    figures.push(figure(`rebuild ${projection.name}`, round(seconds, 1), 's'));
    figures.push(
      figure(`rebuild ${projection.name}: rate`, round(result.processed / seconds), 'handled events/s'),
    );
  }
  return figures;
}

export interface CheckpointSample {
  at: number;
  positions: Map<string, bigint>;
}

/** Polls the checkpoints every `everyMs` until stopped or `maxMs` (epoch-ms timestamps). */
export function sampleCheckpoints(
  pool: SqlPool,
  everyMs: number,
  maxMs: number,
): { samples: CheckpointSample[]; stop(): Promise<void> } {
  const samples: CheckpointSample[] = [];
  let stopped = false;
  const started = performance.now();
  const loop = (async () => {
    while (!stopped && performance.now() - started < maxMs) {
      const positions = await checkpoints(pool);
      samples.push({ at: performance.timeOrigin + performance.now(), positions });
      await sleep(everyMs);
    }
  })();
  return {
    samples,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/**
 * Lag of each answered command: time from its 2xx to the first checkpoint sample at or past the
 * command's last event, in every projection that handles that event's type (the slowest counts).
 */
export async function commandLags(
  pool: SqlPool,
  engine: ProjectionEngine,
  answers: readonly [string, number, number][],
  samples: readonly CheckpointSample[],
): Promise<{ lagsMs: number[]; unresolved: number }> {
  const positions = new Map<string, { position: bigint; type: string }>();
  for (let offset = 0; offset < answers.length; offset += 5000) {
    const slice = answers.slice(offset, offset + 5000);
    const { rows } = await pool.query<{
      stream_name: string;
      revision: string;
      position: string;
      type: string;
    }>(
      `SELECT e.stream_name, e.revision::text AS revision, e.global_position::text AS position, e.type
       FROM es_events e JOIN unnest($1::text[], $2::bigint[]) AS k(stream, revision) ON e.stream_name = k.stream AND e.revision = k.revision`,
      [slice.map(([caseId]) => `case-${caseId}`), slice.map(([, revision]) => revision)],
    );
    for (const row of rows)
      positions.set(`${row.stream_name}@${row.revision}`, { position: BigInt(row.position), type: row.type });
  }
  const lagsMs: number[] = [];
  let unresolved = 0;
  for (const [caseId, revision, answeredAt] of answers) {
    const event = positions.get(`case-${caseId}@${revision}`);
    if (!event) {
      unresolved++;
      continue;
    }
    let worst = 0;
    let resolved = true;
    for (const projection of engine.projections) {
      if (!projection.eventTypes.includes(event.type)) continue;
      const index = firstSampleAtOrPast(samples, projection.name, event.position);
      if (index === -1) {
        resolved = false;
        break;
      }
      worst = Math.max(worst, samples[index]!.at - answeredAt);
    }
    if (resolved) lagsMs.push(Math.max(0, worst));
    else unresolved++;
  }
  return { lagsMs, unresolved };
}

function firstSampleAtOrPast(samples: readonly CheckpointSample[], name: string, position: bigint): number {
  let low = 0;
  let high = samples.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((samples[middle]!.positions.get(name) ?? 0n) >= position) {
      found = middle;
      high = middle - 1;
    } else {
      low = middle + 1;
    }
  }
  return found;
}
