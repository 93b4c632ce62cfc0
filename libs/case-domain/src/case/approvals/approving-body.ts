import type { ReportedCase } from '../case.state.js';
import type { JurisdictionLevel } from '../case.types.js';
import type { ApprovalRequiredCommand } from './approval.events.js';

/**
 * What the approval rule needs of the registry as of the approval's date (structurally a
 * `RegistryView` of libs/registry-domain): the handling chain of a grid and the team of a squad.
 */
export interface ApprovalRegistry {
  handlingChain(
    gridId: string,
  ): readonly { readonly level: string; readonly handler: { readonly id: string } }[];
  teamOfSquad(squadId: string): { readonly id: string } | undefined;
}

/** The body whose approving post (负责人) approves a request on a case, and the rule that says so. */
export interface ApprovingBody {
  /** Units whose approving post may approve; empty when the registry knows none. */
  readonly unitIds: readonly string[];
  readonly basis: string;
}

const ABOVE: Readonly<Record<JurisdictionLevel, JurisdictionLevel>> = {
  building: 'community',
  community: 'street',
  street: 'district',
  district: 'district',
};

/**
 * Who approves (ADR 0019):
 * - a dispute's extension, parking or transfer: the body one level above the case's level on its grid's
 *   handling chain (a building-level case: the community committee; community: the street centre; street
 *   and district: the district centre) — the work order's exceptions are approved above the handler
 *   (docs/domain.md §3.1);
 * - a petition's handling extension: the head of the body the petition was routed to
 *   (信访工作条例 Art. 34 "经本机关、本单位负责人批准");
 * - an enforcement case's decision extension and evidence preservation: the head of the agency, the
 *   enforcement team of the case's squad (行政处罚法 Arts. 56, 60 "行政机关负责人批准").
 */
export function approvingBodyOf(
  state: ReportedCase,
  command: ApprovalRequiredCommand,
  registry: ApprovalRegistry,
): ApprovingBody {
  const details = state.details;
  if (details.caseType === 'enforcement') {
    const team = registry.teamOfSquad(details.squadId);
    return {
      unitIds: team ? [team.id] : [],
      basis: `行政处罚法 ${command === 'PreserveEvidence' ? '第五十六条' : '第六十条'}: the head of the agency (the squad's enforcement team)`,
    };
  }
  if (details.caseType === 'petition') {
    const body = details.routing?.toBody?.unitId;
    return {
      unitIds: body ? [body] : [],
      basis: '信访工作条例第三十四条: the head of the body handling the petition',
    };
  }
  const level = ABOVE[state.level];
  const step = registry.handlingChain(state.location.gridId).find((s) => s.level === level);
  return {
    unitIds: step ? [step.handler.id] : [],
    basis: `the body one level above the case (${state.level} → ${level}) approves the work order's exceptions`,
  };
}
