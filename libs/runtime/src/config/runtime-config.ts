import { readFileSync } from 'node:fs';
import { loadAttachmentsConfig, type AttachmentsConfig } from '#attachments';
import { defaultCasePolicy, validateCasePolicy, type CasePolicy } from '#case-domain';
import { EscalationConfigError, loadEscalationConfig, type EscalationConfig } from '#escalation';
import {
  ConfigError,
  envReader,
  loadConfig,
  loadHttpServerTimeouts,
  type AppConfig,
  type HttpServerTimeouts,
} from '#platform';

/**
 * Fault injection for the crash specs (test/read-models/worker-crash.e2e-spec.ts). Never set in
 * production; every value 0 means off.
 */
export interface FaultInjection {
  /**
   * `GRIDCASE_FAULT_PAUSE_IN_BATCH_MS`: every live projection batch announces itself on stderr once its
   * rows are written, then waits this long before moving its checkpoint and committing.
   */
  readonly pauseInProjectionBatchMs: number;
}

/**
 * The one configuration tree of a gridcase process, read and validated once at start-up and handed to
 * what needs it through constructors. Nothing reads `process.env` after `loadRuntimeConfig`.
 */
export interface RuntimeConfig {
  /** Process, database, event store, HTTP, logins, admissions, personal data (libs/platform, README "Configuration"). */
  readonly app: AppConfig;
  /** Slow-client limits of the HTTP server (`HTTP_*`). */
  readonly http: HttpServerTimeouts;
  /** The escalation process manager (`ESCALATION_*`, libs/escalation/README.md); its case policy is `casePolicy`. */
  readonly escalation: EscalationConfig;
  /** Limits and periods of cases (`CASE_POLICY_FILE`, default: the law's, libs/case-domain). */
  readonly casePolicy: CasePolicy;
  /** Attachments: the blob store (`BLOB_STORE_URL`), limits, accepted types, the orphan sweep (`ATTACHMENT_*`). */
  readonly attachments: AttachmentsConfig;
  readonly faults: FaultInjection;
}

/** `CASE_POLICY_FILE`: a JSON case policy, checked by `validateCasePolicy`; unset: the default policy. */
function loadCasePolicy(env: Record<string, string | undefined>, problems: string[]): CasePolicy {
  const file = env.CASE_POLICY_FILE;
  if (!file) return defaultCasePolicy;
  try {
    return validateCasePolicy(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    problems.push(`CASE_POLICY_FILE ${file}: ${(error as Error).message}`);
    return defaultCasePolicy;
  }
}

/** Runs one loader, keeping its problems instead of stopping at the first loader that has some. */
function collecting<T>(problems: string[], load: () => T): T | undefined {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof EscalationConfigError) {
      problems.push(...error.problems);
      return undefined;
    }
    throw error;
  }
}

/**
 * Reads the whole tree from the environment (and `--in-memory` from argv). Throws one `ConfigError`
 * naming every bad variable of every part.
 */
export function loadRuntimeConfig(
  env: Record<string, string | undefined>,
  argv: readonly string[],
): RuntimeConfig {
  const problems: string[] = [];
  const casePolicy = loadCasePolicy(env, problems);
  const app = collecting(problems, () => loadConfig(env, argv));
  const http = collecting(problems, () => loadHttpServerTimeouts(env));
  const escalation = collecting(problems, () => loadEscalationConfig(env, casePolicy));
  const { integer } = envReader(env, problems);
  const faults = { pauseInProjectionBatchMs: integer('GRIDCASE_FAULT_PAUSE_IN_BATCH_MS', 0, 0, 600_000) };
  const attachments = loadAttachmentsConfig(
    env,
    { databaseUrl: app?.databaseUrl, embeddedDataDir: app?.embeddedDataDir },
    problems,
  );
  if (problems.length > 0 || !app || !http || !escalation) throw new ConfigError(problems);
  return { app, http, escalation, casePolicy, attachments, faults };
}

/**
 * `loadRuntimeConfig` for a process's entry point: a bad configuration prints `<name>: <problems>` on
 * stderr and exits 1 (no stack: the operator fixes a variable, not the code).
 */
export function loadRuntimeConfigOrExit(
  name: string,
  env: Record<string, string | undefined>,
  argv: readonly string[],
): RuntimeConfig {
  try {
    return loadRuntimeConfig(env, argv);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exit(1);
  }
}
