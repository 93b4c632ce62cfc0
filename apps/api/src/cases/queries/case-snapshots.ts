import { caseDecider, type CaseEvent, type CaseState } from '#case-domain';
import type { RecordedEvent } from '#event-store';
import type { SqlPool } from '#platform';

/**
 * Bump when evolveCase folds any stored event differently: snapshots of another version are
 * never read (and new ones are written as streams are read). docs/adr/0043.
 */
export const CASE_SNAPSHOT_FOLD_VERSION = 1;

/** A snapshot is kept after every this many events of a stream. */
export const CASE_SNAPSHOT_INTERVAL = 32;

/** A case's state after its events 0..revision, folded from the events as stored (encrypted persons and text). */
export interface CaseSnapshot {
  revision: bigint;
  state: CaseState;
  /** Latest occurredAt among events 0..revision (ISO). */
  maxOccurredAt: string;
  /** occurredAt of the event at `revision`, as recorded. */
  lastOccurredAt: string;
}

/**
 * Snapshots of case streams for GET /cases/{id}: the read starts from the latest snapshot usable
 * for the instant asked and folds only the events after it. Written by that read itself, for every
 * `interval`-th revision it folded from an unbroken prefix; nothing else writes or needs them (a
 * missing or dropped snapshot only costs a longer fold), so they need no rebuild of their own.
 */
export class CaseSnapshotStore {
  constructor(
    private readonly pool: SqlPool,
    readonly interval = CASE_SNAPSHOT_INTERVAL,
  ) {}

  /**
   * The latest snapshot of the stream whose events all occurred by `asOf` (any, without asOf):
   * the ?asOf= answer takes every event that occurred by then, so such a prefix is all taken.
   */
  async latest(stream: string, asOf: string | undefined): Promise<CaseSnapshot | undefined> {
    const { rows } = await this.pool.query<{
      revision: string;
      state: CaseState;
      max_occurred_at: string;
      last_occurred_at: string;
    }>(
      `SELECT revision::text, state, to_char(max_occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS max_occurred_at, last_occurred_at
         FROM case_snapshots
        WHERE stream_name = $1 AND fold_version = $2 AND ($3::timestamptz IS NULL OR max_occurred_at <= $3::timestamptz)
        ORDER BY revision DESC LIMIT 1`,
      [stream, CASE_SNAPSHOT_FOLD_VERSION, asOf ?? null],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      revision: BigInt(row.revision),
      state: row.state,
      maxOccurredAt: row.max_occurred_at,
      lastOccurredAt: row.last_occurred_at,
    };
  }

  async save(stream: string, snapshots: readonly CaseSnapshot[]): Promise<void> {
    if (snapshots.length === 0) return;
    await this.pool.query(
      `INSERT INTO case_snapshots (stream_name, fold_version, revision, state, max_occurred_at, last_occurred_at)
       SELECT $1, $2, x.revision, x.state, x.max_occurred_at, x.last_occurred_at
         FROM jsonb_to_recordset($3::jsonb) AS x(revision bigint, state jsonb, max_occurred_at timestamptz, last_occurred_at text)
       ON CONFLICT DO NOTHING`,
      [
        stream,
        CASE_SNAPSHOT_FOLD_VERSION,
        JSON.stringify(
          snapshots.map((snapshot) => ({
            revision: snapshot.revision.toString(),
            state: snapshot.state,
            max_occurred_at: snapshot.maxOccurredAt,
            last_occurred_at: snapshot.lastOccurredAt,
          })),
        ),
      ],
    );
  }
}

/** What a fold from a snapshot gives: the state, its last event (revision, occurredAt) and the snapshots to keep. */
export interface FoldedCase {
  state: CaseState;
  /** undefined: no event was selected (no snapshot either). */
  last: { revision: bigint; occurredAt: string } | undefined;
  snapshots: CaseSnapshot[];
}

/**
 * Folds the events (stored form, after `base`) that occurred by `asOf` (all without it) onto the
 * base snapshot's state. While no event has been left out, every `interval`-th revision becomes a
 * snapshot to keep: its state is exactly the stream's prefix, whatever instant is asked later.
 */
export function foldFromSnapshot(
  base: CaseSnapshot | undefined,
  events: readonly RecordedEvent[],
  asOf: string | undefined,
  interval: number,
): FoldedCase {
  let state = base?.state ?? caseDecider.initialState();
  let last = base ? { revision: base.revision, occurredAt: base.lastOccurredAt } : undefined;
  let maxMs = base ? Date.parse(base.maxOccurredAt) : -Infinity;
  let unbroken = true;
  const limit = asOf === undefined ? Infinity : Date.parse(asOf);
  const snapshots: CaseSnapshot[] = [];
  for (const event of events) {
    const occurredMs = Date.parse(event.metadata.occurredAt);
    if (occurredMs > limit) {
      unbroken = false;
      continue;
    }
    state = caseDecider.evolve(state, { type: event.type, data: event.data } as CaseEvent);
    last = { revision: event.revision, occurredAt: event.metadata.occurredAt };
    maxMs = Math.max(maxMs, occurredMs);
    if (unbroken && (event.revision + 1n) % BigInt(interval) === 0n)
      snapshots.push({
        revision: event.revision,
        state,
        maxOccurredAt: new Date(maxMs).toISOString(),
        lastOccurredAt: event.metadata.occurredAt,
      });
  }
  return { state, last, snapshots };
}
