import type { operations } from '#api-client';
import { api, call } from './client';

/** One row of GET /api/v1/cases (the case-list read model). */
export interface CaseListItem {
  caseId: string;
  type: string;
  status: string;
  title: string;
  category: string;
  urgency: string;
  source: string;
  gridId: string;
  buildingId: string | null;
  communityId: string | null;
  streetId: string | null;
  squadId: string | null;
  level: string;
  handlingUnit: { unitId: string; name: string | null } | null;
  open: boolean;
  escalations: number;
  riskFlagged: boolean;
  nextDeadline: { kind: string; dueAt: string } | null;
  overdue: boolean;
  revision: number;
  createdAt: string;
  updatedAt: string;
  [more: string]: unknown;
}

export interface CasePage {
  items: CaseListItem[];
  nextCursor: string | null;
}

/** The list's filters, as the OpenAPI document declares them. */
export type CaseFilter = Omit<
  NonNullable<operations['ReadModelQueriesController_listCases']['parameters']['query']>,
  'cursor' | 'limit'
>;

export async function listCases(
  filter: CaseFilter,
  cursor: string | null,
  signal?: AbortSignal,
  limit = 20,
): Promise<CasePage> {
  const { data } = await call<CasePage>(
    api.GET('/api/v1/cases', {
      params: { query: { ...filter, cursor: cursor ?? undefined, limit: String(limit) } },
      signal,
    }),
  );
  return data;
}
