import type { EnforcementDetails, ReportedCase } from '#case-domain';
import { defineProjection, type TableNames } from '../../framework/projection.js';
import type { SqlClient } from '#platform';
import { periodOf } from '../common/assessment.js';
import { CASE_EVENT_TYPES } from '../common/case-events.js';
import { foldCaseBatch, upsertRows, type FoldedCase } from '../common/case-fold.js';
import {
  SQUAD_COUNTER_COLUMNS,
  SQUAD_COUNTER_KEYS,
  squadFacts,
  type SquadCounters,
} from './squad-assessment.js';

export const SQUAD_DASHBOARD_CASES = 'squad_dashboard_cases';
export const SQUAD_ASSESSMENT_COUNTERS = 'squad_assessment_counters';

/**
 * One row per enforcement case (others get none): its squad, stage, the due instant of the 90-day
 * decision clock while it runs (overdue is judged at query time), the decision, and money in
 * integer fen. squad_dashboard_cases_squad_idx serves the dashboard (it aggregates one squad).
 * squad_assessment_counters: one row per (squad, month in CST) with the counters of the squad rates
 * (squad-assessment.ts); its primary key serves the ranking (range of months). The query-time part of
 * "due" (open leads / filed cases past their limit) reads screening_due_at and decision_due_at.
 */
function schema(t: TableNames): string {
  const table = t(SQUAD_DASHBOARD_CASES);
  const counters = t(SQUAD_ASSESSMENT_COUNTERS);
  return `
    CREATE TABLE IF NOT EXISTS ${table} (
      case_id text PRIMARY KEY,
      revision bigint NOT NULL,
      state jsonb NOT NULL,
      memo jsonb NOT NULL DEFAULT '{}',
      squad_id text NOT NULL,
      team text NOT NULL,
      stage text NOT NULL,
      screening_due_at timestamptz,
      filed_at timestamptz,
      decision_due_at timestamptz,
      decision_outcome text,
      decided_at timestamptz,
      decided_within_limit boolean,
      fine_imposed_fen bigint NOT NULL,
      payment_due_at timestamptz,
      fine_outstanding_fen bigint NOT NULL,
      fine_collected_fen bigint NOT NULL,
      surcharge_collected_fen bigint NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${table}_squad_idx ON ${table} (squad_id);
    CREATE TABLE IF NOT EXISTS ${counters} (
      squad_id text NOT NULL,
      period text NOT NULL,
      team text,
      ${SQUAD_COUNTER_KEYS.map((key) => `${SQUAD_COUNTER_COLUMNS[key]} bigint NOT NULL DEFAULT 0`).join(',\n      ')},
      PRIMARY KEY (squad_id, period)
    );
    CREATE INDEX IF NOT EXISTS ${counters}_period_idx ON ${counters} (period);
  `;
}

export const SQUAD_DASHBOARD_COLUMNS: Record<string, string> = {
  case_id: 'text',
  revision: 'bigint',
  state: 'jsonb',
  memo: 'jsonb',
  squad_id: 'text',
  team: 'text',
  stage: 'text',
  screening_due_at: 'timestamptz',
  filed_at: 'timestamptz',
  decision_due_at: 'timestamptz',
  decision_outcome: 'text',
  decided_at: 'timestamptz',
  decided_within_limit: 'boolean',
  fine_imposed_fen: 'bigint',
  payment_due_at: 'timestamptz',
  fine_outstanding_fen: 'bigint',
  fine_collected_fen: 'bigint',
  surcharge_collected_fen: 'bigint',
};

/**
 * The row of one folded enforcement case (pure). Imposed = the decided fine (simple or ordinary
 * procedure); collected = what `FinePaid` recorded, the fine and the late surcharge (3 %/day,
 * 行政处罚法 Art. 72) apart; outstanding = the fine of a served decision not paid yet, whatever the
 * stage (a case archived after a court application still owes it; the surcharge still runs, so it is
 * not included). The domain knows no write-off yet: a payment is the only thing that ends it.
 * payment_due_at: the end (CST) of the last day to pay (15 days from service, Art. 67): the collection
 * rate counts a fine only once it has passed.
 */
export function squadDashboardRow({
  caseId,
  revision,
  state,
  memo,
}: FoldedCase<unknown>): Record<string, unknown> | null {
  const details = enforcementDetails(state);
  if (!details) return null;
  const decision = details.decision;
  const payment = details.execution?.payment ?? null;
  return {
    case_id: caseId,
    revision,
    state,
    memo,
    squad_id: details.squadId,
    team: details.team,
    stage: details.stage,
    screening_due_at: details.stage === 'lead' ? (state.deadlines?.screening?.dueAt ?? null) : null,
    filed_at: details.filing?.filedAt ?? null,
    decision_due_at: state.deadlines?.decision?.dueAt ?? null,
    decision_outcome: decision?.outcome ?? null,
    decided_at: decision?.decidedAt ?? null,
    decided_within_limit: decision ? decision.withinLimit : null,
    fine_imposed_fen: decision?.outcome === 'penalty' ? (decision.penalty?.fineFen ?? 0) : 0,
    payment_due_at: endOfDay(details.execution?.paymentDueDate ?? null),
    fine_outstanding_fen: details.execution && !payment ? details.execution.fineFen : 0,
    fine_collected_fen: payment?.fineFen ?? 0,
    surcharge_collected_fen: payment?.surchargeFen ?? 0,
  };
}

/** The instant a CST calendar day ends (the next day 00:00+08:00, exclusive). */
function endOfDay(day: string | null): string | null {
  return day ? new Date(Date.parse(`${day}T00:00:00+08:00`) + 24 * 3_600_000).toISOString() : null;
}

function enforcementDetails(state: ReportedCase): EnforcementDetails | null {
  return state.caseType === 'enforcement' && state.details.caseType === 'enforcement' ? state.details : null;
}

export interface SquadCounterIncrement {
  readonly squad_id: string;
  readonly period: string;
  team: string;
  readonly counts: Record<string, number>;
}

/** The squad counter increments of folded cases, per (squad, month) (pure; the as-of replay and the snapshots sum the same). */
export function squadAssessmentIncrements(
  folded: readonly Pick<FoldedCase<unknown>, 'steps'>[],
  into = new Map<string, SquadCounterIncrement>(),
): Map<string, SquadCounterIncrement> {
  for (const { steps } of folded) {
    for (const step of steps) {
      for (const fact of squadFacts(step)) {
        const period = periodOf(fact.at);
        const key = JSON.stringify([fact.squadId, period]);
        const row = into.get(key) ?? { squad_id: fact.squadId, period, team: fact.team, counts: {} };
        row.team = fact.team;
        for (const counter of Object.keys(fact.delta) as (keyof SquadCounters)[]) {
          const column = SQUAD_COUNTER_COLUMNS[counter];
          row.counts[column] = (row.counts[column] ?? 0) + (fact.delta[counter] ?? 0);
        }
        into.set(key, row);
      }
    }
  }
  return into;
}

/** Adds increments to a squad counters table (the live runner per batch; the as-of answers into an empty copy). */
export async function addSquadCounterIncrements(
  client: SqlClient,
  counters: string,
  increments: ReadonlyMap<string, SquadCounterIncrement>,
): Promise<void> {
  if (increments.size === 0) return;
  const columns = SQUAD_COUNTER_KEYS.map((key) => SQUAD_COUNTER_COLUMNS[key]);
  await client.query(
    `INSERT INTO ${counters} (squad_id, period, team, ${columns.join(', ')})
     SELECT squad_id, period, team, ${columns.map((c) => `COALESCE(${c}, 0)`).join(', ')}
     FROM jsonb_to_recordset($1::jsonb) AS x(squad_id text, period text, team text, ${columns.map((c) => `${c} bigint`).join(', ')})
     ON CONFLICT (squad_id, period) DO UPDATE SET team = COALESCE(EXCLUDED.team, ${counters}.team),
       ${columns.map((c) => `${c} = ${counters}.${c} + EXCLUDED.${c}`).join(', ')}`,
    [JSON.stringify([...increments.values()].map(({ counts, ...row }) => ({ ...row, ...counts })))],
  );
}

/**
 * Enforcement cases per squad for GET /api/v1/squads/{squadId}/dashboard, and the counters of the squad
 * assessment (GET /api/v1/assessments?level=squad). v2: the counters table and screening_due_at.
 * v3: payment_due_at (collection over fines whose payment period ended), outstanding whatever the stage.
 */
export const squadDashboardProjection = defineProjection({
  name: 'squad-dashboard',
  version: 3,
  eventTypes: CASE_EVENT_TYPES,
  tables: [SQUAD_DASHBOARD_CASES, SQUAD_ASSESSMENT_COUNTERS],
  schema,
  async apply(events, ctx) {
    // Only enforcement cases get a row: without the report, the fold leaves other cases' later events rowless.
    const enforcement = events.filter(
      (event) =>
        event.type !== 'CaseReported' || (event.data as { caseType?: string }).caseType === 'enforcement',
    );
    const folded = await foldCaseBatch(ctx.client, ctx.table(SQUAD_DASHBOARD_CASES), enforcement, {
      initialMemo: () => ({}),
    });
    const rows = folded.map(squadDashboardRow).filter((row): row is Record<string, unknown> => row !== null);
    await addSquadCounterIncrements(
      ctx.client,
      ctx.table(SQUAD_ASSESSMENT_COUNTERS),
      squadAssessmentIncrements(folded),
    );
    await upsertRows(
      ctx.client,
      ctx.table(SQUAD_DASHBOARD_CASES),
      ['case_id'],
      SQUAD_DASHBOARD_COLUMNS,
      rows,
    );
  },
});
