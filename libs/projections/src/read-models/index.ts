import type { Projection } from '../framework/projection.js';
import { admissionRequestsProjection } from './admission-requests/admission-requests.projection.js';
import { caseListProjection } from './case-list/case-list.projection.js';
import { escalationBoardProjection } from './escalation-board/escalation-board.projection.js';
import { gridDashboardProjection } from './grid-dashboard/grid-dashboard.projection.js';
import { overdueListProjection } from './overdue-list/overdue-list.projection.js';
import { squadDashboardProjection } from './squad-dashboard/squad-dashboard.projection.js';
import { unitAssessmentProjection } from './unit-assessment/unit-assessment.projection.js';
import { asOfSnapshotsProjection } from './as-of-snapshots/as-of-snapshots.projection.js';

export * from './case-list/case-list.projection.js';
export * from './case-list/case-list.queries.js';
export * from './grid-dashboard/grid-dashboard.projection.js';
export * from './grid-dashboard/grid-dashboard.queries.js';
export * from './escalation-board/escalation-board.projection.js';
export * from './escalation-board/escalation-board.queries.js';
export * from './overdue-list/overdue-list.projection.js';
export * from './overdue-list/overdue-list.queries.js';
export * from './unit-assessment/unit-assessment.projection.js';
export * from './unit-assessment/unit-assessment.queries.js';
export * from './squad-dashboard/squad-dashboard.projection.js';
export * from './squad-dashboard/squad-dashboard.queries.js';
export * from './squad-dashboard/squad-assessment.js';
export * from './squad-dashboard/squad-assessment.queries.js';
export * from './admission-requests/admission-requests.projection.js';
export * from './admission-requests/admission-requests.queries.js';
export * from './as-of/as-of-replay.js';
export * from './as-of-snapshots/as-of-snapshots.projection.js';
export * from './as-of-snapshots/as-of-snapshots.queries.js';
export * from './common/assessment.js';
export { CASE_EVENT_TYPES } from './common/case-events.js';

/** Every read model of gridcase, in the order their runners start. */
export const allProjections: readonly Projection[] = [
  caseListProjection,
  gridDashboardProjection,
  escalationBoardProjection,
  overdueListProjection,
  unitAssessmentProjection,
  squadDashboardProjection,
  admissionRequestsProjection,
  asOfSnapshotsProjection,
];
