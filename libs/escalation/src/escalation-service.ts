import { loadEscalationConfig, type EscalationConfig } from './escalation-config.js';
import { EscalationProcessManager, type EscalationDependencies } from './escalation-process-manager.js';

/**
 * The process manager as the worker's background service (`{name, start, stop}`), with its
 * configuration read from the environment and validated here, at start-up.
 */
export function createEscalationService(
  deps: EscalationDependencies,
  config: EscalationConfig = loadEscalationConfig(process.env),
): EscalationProcessManager {
  return new EscalationProcessManager(deps, config);
}
