import type { Provider } from '@nestjs/common';
import {
  admissionPolicyWith,
  createAdmissionDecider,
  type AdmissionCommand,
  type AdmissionEvent,
  type AdmissionState,
} from '#admission-domain';
import type { Decider } from '#domain-kernel';
import { APP_CONFIG, type AppConfig } from '#platform';

export const ADMISSION_DECIDER = Symbol.for('gridcase.AdmissionDecider');
export type AdmissionDecider = Decider<AdmissionCommand, AdmissionEvent, AdmissionState>;

/**
 * The admission decider with the deployment's time limits (`ADMISSION_REVIEW_WORKING_DAYS`,
 * `ADMISSION_DECISION_WORKING_DAYS`, read and range-checked by loadConfig). Built while the
 * application starts, so a policy the domain refuses stops the start-up with ADMISSION.INVALID_POLICY.
 */
export const admissionDeciderProvider: Provider = {
  provide: ADMISSION_DECIDER,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): AdmissionDecider =>
    createAdmissionDecider({ policy: admissionPolicyWith(config.admission) }),
};
