import { api, call, revisionOf } from './client';

export interface CaseClock {
  name: string;
  dueAt: string;
  daysLeft: number;
  hoursLeft: number;
  overdue: boolean;
  basis: { ruleId?: string; law?: string; article?: string; note?: string } | null;
  counting: { explanation?: string; provisional?: boolean; unit?: string; amount?: number } | null;
}

export interface CaseView {
  caseId: string;
  revision: number;
  asOf: string;
  state: Record<string, any>;
  clocks: CaseClock[];
  /** Present on the current state once the API says which actions this caller may take (issue #20). */
  allowedActions?: string[];
}

export interface HistoryEntry {
  revision: number;
  globalPosition: string;
  type: string;
  data: Record<string, any>;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  actorName?: string;
  actorDisplayName?: string;
  [more: string]: unknown;
}

export async function getCase(
  caseId: string,
  at: { asOf?: string; revision?: number } = {},
): Promise<{ view: CaseView; revision: number | undefined }> {
  const { data, etag } = await call<CaseView>(
    api.GET('/api/v1/cases/{caseId}', {
      params: {
        path: { caseId },
        query: {
          asOf: at.asOf,
          revision: at.revision === undefined ? undefined : String(at.revision),
        } as never,
      },
    }),
  );
  return { view: data, revision: revisionOf(etag) ?? data.revision };
}

export async function getHistory(caseId: string): Promise<HistoryEntry[]> {
  const { data } = await call<HistoryEntry[] | { items: HistoryEntry[] }>(
    api.GET('/api/v1/cases/{caseId}/history', { params: { path: { caseId } } }),
  );
  return Array.isArray(data) ? data : data.items;
}

export interface CommandAnswer {
  caseId: string;
  revision: number;
  events: string[];
}

/**
 * Runs a case action (`POST /api/v1/cases/{caseId}/{action}`) decided on the revision the user saw
 * (If-Match: a case that moved on answers 412), with an Idempotency-Key so a retry is safe.
 * The action is data (the case view's allowedActions), so the path is built, not typed.
 */
export async function runCaseAction(
  caseId: string,
  action: string,
  body: Record<string, unknown>,
  revision: number | undefined,
): Promise<CommandAnswer> {
  const post = api.POST as unknown as (
    path: string,
    init: { params: { path: { caseId: string } }; body: unknown; headers: Record<string, string> },
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  const headers: Record<string, string> = { 'Idempotency-Key': crypto.randomUUID() };
  if (revision !== undefined) headers['If-Match'] = `"${revision}"`;
  const { data } = await call<CommandAnswer>(
    post(`/api/v1/cases/{caseId}/${encodeURIComponent(action)}`, {
      params: { path: { caseId } },
      body,
      headers,
    }),
  );
  return data;
}

export async function reportCase(body: Record<string, unknown>): Promise<CommandAnswer> {
  const { data } = await call<CommandAnswer>(
    api.POST('/api/v1/cases', {
      body: body as never,
      headers: { 'Idempotency-Key': crypto.randomUUID() } as never,
    }),
  );
  return data;
}
