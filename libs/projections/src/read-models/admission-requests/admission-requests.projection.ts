import {
  ADMISSION_EVENT_TYPES,
  evolveAdmission,
  type AdmissionEvent,
  type AdmissionState,
} from '#admission-domain';
import type { RecordedEvent } from '#event-store';
import { defineProjection, type TableNames } from '../../framework/projection.js';
import { upsertRows } from '../common/case-fold.js';

export const ADMISSION_REQUESTS = 'admission_requests';
/** `target_units` of a request that names no unit: every unit of its level. */
export const EVERY_UNIT = '*';
const STREAM_PREFIX = 'admission-';

/**
 * One row per admission request (准入) for GET /api/v1/admissions: the folded state (the API judges
 * the clocks at query time from it) and the columns its filters and the caller's scope use.
 * Which index serves which query (newest first = keyset on (submitted_at, request_id) descending):
 * - admission_requests_submitted_idx: no filter (status=all);
 * - admission_requests_status_idx: status=<one status>;
 * - admission_requests_department_idx: department= (and a district department's own requests);
 * - admission_requests_level_idx: level=;
 * - admission_requests_units_idx (GIN): street / community staff, `target_units && {their unit, *}`;
 * - admission_requests_pending_idx (partial, under review or reviewed): status=pending, the most
 *   urgent clock first, keyset on (due_at, request_id).
 */
function schema(t: TableNames): string {
  const table = t(ADMISSION_REQUESTS);
  return `
    CREATE TABLE IF NOT EXISTS ${table} (
      request_id text PRIMARY KEY,
      revision bigint NOT NULL,
      state jsonb NOT NULL,
      status text NOT NULL,
      department text NOT NULL,
      title text NOT NULL,
      target_level text NOT NULL,
      target_units text[] NOT NULL,
      due_at timestamptz,
      submitted_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${table}_submitted_idx ON ${table} (submitted_at DESC, request_id DESC);
    CREATE INDEX IF NOT EXISTS ${table}_status_idx ON ${table} (status, submitted_at DESC, request_id DESC);
    CREATE INDEX IF NOT EXISTS ${table}_department_idx ON ${table} (department, submitted_at DESC, request_id DESC);
    CREATE INDEX IF NOT EXISTS ${table}_level_idx ON ${table} (target_level, submitted_at DESC, request_id DESC);
    CREATE INDEX IF NOT EXISTS ${table}_units_idx ON ${table} USING gin (target_units);
    CREATE INDEX IF NOT EXISTS ${table}_pending_idx ON ${table} (due_at, request_id) WHERE status IN ('under_review', 'reviewed');
  `;
}

const COLUMNS = {
  request_id: 'text',
  revision: 'bigint',
  state: 'jsonb',
  status: 'text',
  department: 'text',
  title: 'text',
  target_level: 'text',
  target_units: 'text[]',
  due_at: 'timestamptz',
  submitted_at: 'timestamptz',
  updated_at: 'timestamptz',
};

/** The clock a request runs against now: the review limit, then the decision limit; none once decided. */
export function runningDueAt(state: AdmissionState): string | null {
  if (state.status === 'under_review') return state.reviewDeadline.dueAt;
  if (state.status === 'reviewed') return state.decisionDeadline.dueAt;
  return null;
}

/** The units a request targets as stored: their ids, or `*` for every unit of the level. */
export function targetUnitKeys(state: AdmissionState): string[] {
  if (state.status === 'none') return [];
  const units = state.request.targetUnits ?? [];
  return units.length === 0 ? [EVERY_UNIT] : units.map((unit) => unit.id);
}

interface Folded {
  revision: bigint;
  state: AdmissionState;
  updatedAt: string;
}

/**
 * Folds a batch into `current` (request id → row) with the domain's own `evolveAdmission`, skipping
 * events at or below a row's revision (a redone batch changes nothing); returns the requests changed.
 */
export function foldAdmissionEvents(
  current: Map<string, Folded>,
  events: readonly RecordedEvent[],
): Set<string> {
  const changed = new Set<string>();
  for (const event of events) {
    if (!event.stream.startsWith(STREAM_PREFIX)) continue;
    const requestId = event.stream.slice(STREAM_PREFIX.length);
    const entry = current.get(requestId) ?? {
      revision: -1n,
      state: { status: 'none' } as AdmissionState,
      updatedAt: event.metadata.occurredAt,
    };
    if (event.revision <= entry.revision) continue;
    const state = evolveAdmission(entry.state, { type: event.type, data: event.data } as AdmissionEvent);
    current.set(requestId, { revision: event.revision, state, updatedAt: event.metadata.occurredAt });
    if (state.status !== 'none') changed.add(requestId);
  }
  return changed;
}

export const admissionRequestsProjection = defineProjection({
  name: 'admission-requests',
  version: 1,
  eventTypes: ADMISSION_EVENT_TYPES,
  tables: [ADMISSION_REQUESTS],
  schema,
  async apply(events, ctx) {
    const table = ctx.table(ADMISSION_REQUESTS);
    const ids = [
      ...new Set(
        events
          .filter((event) => event.stream.startsWith(STREAM_PREFIX))
          .map((event) => event.stream.slice(STREAM_PREFIX.length)),
      ),
    ];
    if (ids.length === 0) return;
    const { rows } = await ctx.client.query<{
      request_id: string;
      revision: string;
      state: AdmissionState;
      updated_at: Date | string;
    }>(
      `SELECT request_id, revision::text AS revision, state, updated_at FROM ${table} WHERE request_id = ANY($1::text[])`,
      [ids],
    );
    const current = new Map<string, Folded>(
      rows.map((row) => [
        row.request_id,
        {
          revision: BigInt(row.revision),
          state: row.state,
          updatedAt: new Date(row.updated_at).toISOString(),
        },
      ]),
    );
    const changed = foldAdmissionEvents(current, events);
    await upsertRows(
      ctx.client,
      table,
      ['request_id'],
      COLUMNS,
      [...changed].map((requestId) => {
        const { revision, state, updatedAt } = current.get(requestId)!;
        if (state.status === 'none') throw new Error(`admission request ${requestId} folded to none`);
        const { request } = state;
        return {
          request_id: requestId,
          revision,
          state,
          status: state.status,
          department: request.department,
          title: request.work.title,
          target_level: request.work.targetLevel,
          target_units: targetUnitKeys(state),
          due_at: runningDueAt(state),
          submitted_at: request.submittedAt,
          updated_at: updatedAt,
        };
      }),
    );
  },
});
