import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '#auth';
import {
  attachmentsOf,
  caseDecider,
  caseStreamName,
  type CaseAttachment,
  type CaseEvent,
  type CaseState,
  type ReportedCase,
} from '#case-domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '#event-store';
import { caseHidden } from '../../auth/auth-errors.js';
import { JurisdictionService, caseFactsOf } from '../../auth/jurisdiction.service.js';

/** A case as the attachment routes need it: its events (free text still encrypted) and folded state. */
export interface AttachmentCase {
  readonly events: readonly RecordedEvent[];
  readonly state: ReportedCase;
  readonly revision: number;
  readonly attachments: readonly CaseAttachment[];
}

/**
 * Reads a case for the caller: a case that does not exist and one outside the caller's jurisdiction
 * are both 404 `CASE.NOT_FOUND` (existence is hidden), so its files are never served to those who
 * may not read the case. Read from the log, so a file is readable the moment its event is appended.
 */
@Injectable()
export class AttachmentCases {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly jurisdictions: JurisdictionService,
  ) {}

  async read(caseId: string, principal: Principal): Promise<AttachmentCase> {
    const events = await this.store.readStream(caseStreamName(caseId));
    let state: CaseState = caseDecider.initialState();
    for (const event of events)
      state = caseDecider.evolve(state, { type: event.type, data: event.data } as CaseEvent);
    const facts = caseFactsOf(state);
    if (state.status === 'none' || !facts || !(await this.jurisdictions.mayTouchCase(principal, facts)))
      throw caseHidden(caseId);
    const reported = state as ReportedCase;
    return {
      events,
      state: reported,
      revision: Number(events[events.length - 1]!.revision),
      attachments: attachmentsOf(reported),
    };
  }
}
