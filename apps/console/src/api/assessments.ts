import { api, call } from './client';

export interface AssessedUnit {
  unitId?: string;
  unitName?: string | null;
  squadId?: string;
  team?: string;
  name?: string;
  level?: string;
  rates: Record<string, number | null>;
  score: number | null;
  rank: number | null;
  [more: string]: unknown;
}

export interface AssessmentQuery {
  level: 'grid' | 'community' | 'street' | 'district' | 'squad';
  from: string;
  to: string;
  asOf?: string;
}

export async function assessments(query: AssessmentQuery): Promise<AssessedUnit[]> {
  const { data } = await call<{ units?: AssessedUnit[]; squads?: AssessedUnit[] }>(
    api.GET('/api/v1/assessments', { params: { query } }),
  );
  return data.units ?? data.squads ?? [];
}
