import { api, call } from './client';

export interface OpenEscalation {
  caseId: string;
  type: string;
  title: string;
  gridId: string;
  status: string;
  handlingUnitId: string | null;
  handlingUnitName?: string | null;
  fromLevel: string;
  toLevel: string;
  trigger: string;
  reason: string;
  escalatedAt: string;
  newDeadlineAt: string | null;
  escalations: number;
}

export interface OverdueCase {
  caseId: string;
  type: string;
  title: string;
  gridId: string;
  level: string;
  status: string;
  handlingUnitId: string | null;
  handlingUnitName?: string | null;
  deadlineKind: string;
  dueAt: string;
  overdueSeconds: number;
}

export async function escalationBoard(): Promise<Record<string, OpenEscalation[]>> {
  const { data } = await call<{ byLevel: Record<string, OpenEscalation[]> }>(
    api.GET('/api/v1/escalations', { params: { query: { limitPerLevel: '100' } } }),
  );
  return data.byLevel;
}

export async function overdueCases(): Promise<OverdueCase[]> {
  const { data } = await call<{ items: OverdueCase[] }>(
    api.GET('/api/v1/overdue', { params: { query: { limit: '200' } } }),
  );
  return data.items;
}

export interface SquadDashboard {
  squadId: string;
  total: number;
  byStage: Record<string, number>;
  decisionClockRunning: number;
  overdue: number;
  decided: number;
  decidedLate: number;
  fines: { imposedFen: number; collectedFen: number; surchargesCollectedFen: number; outstandingFen: number };
  asOf?: string;
}

export async function squadDashboard(squadId: string, asOf?: string): Promise<SquadDashboard> {
  const { data } = await call<SquadDashboard>(
    api.GET('/api/v1/squads/{squadId}/dashboard', { params: { path: { squadId }, query: { asOf } } }),
  );
  return data;
}

export interface GridDashboard {
  gridId: string;
  [field: string]: unknown;
}

export async function gridDashboard(gridId: string, asOf?: string): Promise<GridDashboard> {
  const { data } = await call<GridDashboard>(
    api.GET('/api/v1/grids/{gridId}/dashboard', { params: { path: { gridId }, query: { asOf } } }),
  );
  return data;
}
