import type { Deadline } from '#case-domain';
import type {
  AdmissionApproved,
  AdmissionFoundNotRequired,
  AdmissionRefused,
  AdmissionRefusedByNegativeList,
  AdmissionRequestReviewed,
  AdmissionRequestSubmitted,
} from './admission.events.js';

export type AdmissionRequestData = AdmissionRequestSubmitted['data'];
export type ReviewRecord = Omit<AdmissionRequestReviewed['data'], 'requestId' | 'decisionDeadline'>;

/**
 * Submitted is transient: the same decision that records a submission records its outcome
 * (not required, refused by the negative list, or under review), so no state rests in between.
 */
export type AdmissionState =
  | { readonly status: 'none' }
  | { readonly status: 'submitted'; readonly request: AdmissionRequestData }
  | {
      readonly status: 'not_required';
      readonly request: AdmissionRequestData;
      readonly match: AdmissionFoundNotRequired['data'];
    }
  | {
      readonly status: 'under_review';
      readonly request: AdmissionRequestData;
      readonly reviewDeadline: Deadline;
    }
  | {
      readonly status: 'reviewed';
      readonly request: AdmissionRequestData;
      readonly reviewDeadline: Deadline;
      readonly review: ReviewRecord;
      readonly decisionDeadline: Deadline;
    }
  | {
      readonly status: 'approved';
      readonly request: AdmissionRequestData;
      readonly review: ReviewRecord;
      readonly approval: AdmissionApproved['data'];
    }
  | {
      readonly status: 'refused';
      readonly request: AdmissionRequestData;
      readonly refusal:
        | ({ readonly by: 'negative_list' } & AdmissionRefusedByNegativeList['data'])
        | ({ readonly by: 'review'; readonly review: ReviewRecord } & AdmissionRefused['data']);
    }
  | {
      readonly status: 'withdrawn';
      readonly request: AdmissionRequestData;
      readonly reason: string;
      readonly withdrawnFrom: 'under_review' | 'reviewed';
    };

export type AdmissionStatus = AdmissionState['status'];
