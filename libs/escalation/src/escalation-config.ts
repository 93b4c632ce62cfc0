import { defaultCasePolicy, type CasePolicy } from '#case-domain';
import { envReader } from '#platform';
import { ENFORCEABLE_DEADLINES, type EnforceableDeadline } from './escalation-timers.js';

/**
 * Settings of the escalation process manager, read and validated once at start-up. The deadlines
 * themselves (per type / level / urgency) and the working-day calendar are the case policy's.
 */
export interface EscalationConfig {
  /** Run the process manager at all (`ESCALATION_ENABLED`, default true). */
  readonly enabled: boolean;
  /** Pause between rounds when there was nothing to do, ms (`ESCALATION_POLL_INTERVAL_MS`, 1000). */
  readonly pollIntervalMs: number;
  /** Due timers claimed per batch (`ESCALATION_BATCH_SIZE`, 20). */
  readonly batchSize: number;
  /** Case events applied per checkpoint transaction (`ESCALATION_EVENT_BATCH_SIZE`, 500). */
  readonly eventBatchSize: number;
  /** How long a claim keeps other workers off a timer, ms (`ESCALATION_CLAIM_LEASE_MS`, 60000). */
  readonly claimLeaseMs: number;
  /** Attempts before a timer that keeps failing is set aside as `failed` (`ESCALATION_MAX_ATTEMPTS`, 5). */
  readonly maxAttempts: number;
  /** How long the registry view is reused before new registry events are read, ms (`ESCALATION_REGISTRY_TTL_MS`, 60000). */
  readonly registryTtlMs: number;
  /** Which deadlines act. */
  readonly rules: {
    /** A passed level deadline escalates to the next level (`ESCALATION_ON_LEVEL_DEADLINE`, true). */
    readonly escalateOnLevelDeadline: boolean;
    /** A dispatch not signed in time is supervised (督办) (`ESCALATION_SUPERVISE_UNSIGNED`, true). */
    readonly superviseUnsignedDispatch: boolean;
    /** …and escalated if still unsigned this long after the supervision (`ESCALATION_ESCALATE_UNSIGNED`, true). */
    readonly escalateUnsignedDispatch: boolean;
    /** Grace between supervision and escalation, minutes (`ESCALATION_SIGN_GRACE_MINUTES`, 60). */
    readonly signEscalationGraceMinutes: number;
    /** After an escalation without a unit, dispatch to the new level's handling unit (`ESCALATION_REDISPATCH`, true). */
    readonly redispatchAfterEscalation: boolean;
    /**
     * Limits supervised (督办) when they pass, by the name the case shows them under
     * (`ESCALATION_SUPERVISE_DEADLINES`, comma-separated; default all of `ENFORCEABLE_DEADLINES`; `none` for none).
     */
    readonly supervisedDeadlines: readonly EnforceableDeadline[];
    /** Close a petition whose 30-day review / re-review request window passed unused (`ESCALATION_CLOSE_PETITION_WITHOUT_REQUEST`, true). */
    readonly closePetitionWithoutRequest: boolean;
  };
  /** The case policy the escalation commands are decided with (`CASE_POLICY_FILE`, JSON; default policy when unset). */
  readonly casePolicy: CasePolicy;
}

export const defaultEscalationConfig: EscalationConfig = {
  enabled: true,
  pollIntervalMs: 1000,
  batchSize: 20,
  eventBatchSize: 500,
  claimLeaseMs: 60_000,
  maxAttempts: 5,
  registryTtlMs: 60_000,
  rules: {
    escalateOnLevelDeadline: true,
    superviseUnsignedDispatch: true,
    escalateUnsignedDispatch: true,
    signEscalationGraceMinutes: 60,
    redispatchAfterEscalation: true,
    supervisedDeadlines: ENFORCEABLE_DEADLINES,
    closePetitionWithoutRequest: true,
  },
  casePolicy: defaultCasePolicy,
};

export class EscalationConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid escalation configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'EscalationConfigError';
  }
}

/**
 * Reads the escalation settings from the environment (`ESCALATION_*`). Throws `EscalationConfigError`
 * naming every bad variable. The case policy is read once by the runtime's configuration
 * (`CASE_POLICY_FILE`, libs/runtime) and handed in.
 */
export function loadEscalationConfig(
  env: Record<string, string | undefined>,
  casePolicy: CasePolicy = defaultCasePolicy,
): EscalationConfig {
  const problems: string[] = [];
  const d = defaultEscalationConfig;
  const { integer, flag } = envReader(env, problems);
  const config: EscalationConfig = {
    enabled: flag('ESCALATION_ENABLED', d.enabled),
    pollIntervalMs: integer('ESCALATION_POLL_INTERVAL_MS', d.pollIntervalMs, 10, 600_000),
    batchSize: integer('ESCALATION_BATCH_SIZE', d.batchSize, 1, 500),
    eventBatchSize: integer('ESCALATION_EVENT_BATCH_SIZE', d.eventBatchSize, 1, 4096),
    claimLeaseMs: integer('ESCALATION_CLAIM_LEASE_MS', d.claimLeaseMs, 500, 3_600_000),
    maxAttempts: integer('ESCALATION_MAX_ATTEMPTS', d.maxAttempts, 1, 100),
    registryTtlMs: integer('ESCALATION_REGISTRY_TTL_MS', d.registryTtlMs, 0, 86_400_000),
    rules: {
      escalateOnLevelDeadline: flag('ESCALATION_ON_LEVEL_DEADLINE', d.rules.escalateOnLevelDeadline),
      superviseUnsignedDispatch: flag('ESCALATION_SUPERVISE_UNSIGNED', d.rules.superviseUnsignedDispatch),
      escalateUnsignedDispatch: flag('ESCALATION_ESCALATE_UNSIGNED', d.rules.escalateUnsignedDispatch),
      signEscalationGraceMinutes: integer(
        'ESCALATION_SIGN_GRACE_MINUTES',
        d.rules.signEscalationGraceMinutes,
        0,
        43_200,
      ),
      redispatchAfterEscalation: flag('ESCALATION_REDISPATCH', d.rules.redispatchAfterEscalation),
      supervisedDeadlines: deadlineList(
        env,
        'ESCALATION_SUPERVISE_DEADLINES',
        d.rules.supervisedDeadlines,
        problems,
      ),
      closePetitionWithoutRequest: flag(
        'ESCALATION_CLOSE_PETITION_WITHOUT_REQUEST',
        d.rules.closePetitionWithoutRequest,
      ),
    },
    casePolicy,
  };
  if (config.rules.escalateUnsignedDispatch && !config.rules.superviseUnsignedDispatch) {
    problems.push(
      'ESCALATION_ESCALATE_UNSIGNED needs ESCALATION_SUPERVISE_UNSIGNED: an unsigned dispatch is supervised before it is escalated (domain §4)',
    );
  }
  if (problems.length > 0) throw new EscalationConfigError(problems);
  return config;
}

/** A comma-separated list of limit names (`none` = empty); unknown names are problems. */
function deadlineList(
  env: Record<string, string | undefined>,
  name: string,
  fallback: readonly EnforceableDeadline[],
  problems: string[],
): readonly EnforceableDeadline[] {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (raw.toLowerCase() === 'none') return [];
  const names = raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const unknown = names.filter((part) => !(ENFORCEABLE_DEADLINES as readonly string[]).includes(part));
  if (unknown.length > 0) {
    problems.push(
      `${name}: unknown limit(s) ${unknown.join(', ')}; known: ${ENFORCEABLE_DEADLINES.join(', ')} (or none)`,
    );
    return fallback;
  }
  return ENFORCEABLE_DEADLINES.filter((deadline) => names.includes(deadline));
}
