import type { AddListItem } from '../list/responsibility-list.commands.js';
import type { CommandMetadata } from '../shared.types.js';
import type { AdmissionApproved } from './admission.events.js';

/**
 * The list command an approval implies. Each aggregate is one stream, so the approval cannot
 * change the list itself: the application (or a process manager following `AdmissionApproved`)
 * runs this command against `responsibilityListStreamName(districtCode, listKind)`. Pure and
 * deterministic: the same approval always yields the same command, so a retry is recognisable
 * (a second run is refused with `LIST.ITEM_ALREADY_IN_FORCE`). Metadata defaults to the approver
 * and the approval instant.
 */
export function listCommandFromApproval(
  approved: AdmissionApproved,
  metadata?: CommandMetadata,
): AddListItem {
  const { data } = approved;
  return {
    type: 'AddListItem',
    data: {
      districtCode: data.districtCode,
      kind: data.listKind,
      item: data.item,
      effectiveFrom: data.effectiveFrom,
      reason: `准入核准：${data.department}申请「${data.item.title}」下沉，由${data.authorisedOffice}核准`,
      admissionRequestId: data.requestId,
      ...(data.documentRef !== undefined ? { documentRef: data.documentRef } : {}),
    },
    metadata: metadata ?? { actor: data.approvedBy, now: data.approvedAt },
  };
}
