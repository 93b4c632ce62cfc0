import type { EscalationConfig } from './escalation-config.js';
import { EscalationProcessManager, type EscalationDependencies } from './escalation-process-manager.js';

/** The process manager as a background service (`{name, start, stop}`), with the settings the runtime read at start-up. */
export function createEscalationService(
  deps: EscalationDependencies,
  config: EscalationConfig,
): EscalationProcessManager {
  return new EscalationProcessManager(deps, config);
}
