export * from './shared.types.js';
export * from './admission-ids.js';
export * from './list/responsibility-list.types.js';
export * from './list/responsibility-list.commands.js';
export * from './list/responsibility-list.events.js';
export * from './list/responsibility-list.fields.js';
export * from './list/responsibility-list.state.js';
export * from './list/responsibility-list.errors.js';
export { evolveResponsibilityList, responsibilityListDecider } from './list/responsibility-list.decider.js';
export { isInForce, listAsOf, listsInForce } from './list/responsibility-list.view.js';
export * from './admission/admission.commands.js';
export * from './admission/admission.events.js';
export * from './admission/admission.fields.js';
export * from './admission/admission.state.js';
export * from './admission/admission.errors.js';
export * from './admission/admission-policy.js';
export { checkAgainstLists, levelsMatch, type AdmissionCheck } from './admission/admission-check.js';
export {
  admissionDecider,
  createAdmissionDecider,
  evolveAdmission,
  type AdmissionDeciderOptions,
} from './admission/admission.decider.js';
export { listCommandFromApproval } from './admission/approval-to-list-command.js';
export {
  buildResponsibilityListsSeed,
  SEED_LIST_SIZES,
  type ResponsibilityListsSeedOptions,
} from './seed/responsibility-lists.seed.js';
