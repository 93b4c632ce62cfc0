import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { defaultCasePolicy } from '#case-domain';
import { defaultEscalationConfig } from '#escalation';
import { ConfigError, DEFAULT_HTTP_SERVER_TIMEOUTS } from '#platform';
import { loadRuntimeConfig } from './runtime-config.js';

describe('the runtime configuration tree', () => {
  it('reads every part from one environment, with the documented defaults', () => {
    const config = loadRuntimeConfig({}, []);
    expect(config.app.port).toBe(3000);
    expect(config.http).toEqual(DEFAULT_HTTP_SERVER_TIMEOUTS);
    expect(config.escalation).toEqual(defaultEscalationConfig);
    expect(config.casePolicy).toBe(defaultCasePolicy);
    expect(config.faults).toEqual({ pauseInProjectionBatchMs: 0 });
  });

  it('names the bad variables of every part in one ConfigError', () => {
    let caught: unknown;
    try {
      loadRuntimeConfig(
        {
          PORT: 'eighty',
          HTTP_REQUEST_TIMEOUT_MS: '1',
          ESCALATION_BATCH_SIZE: '0',
          GRIDCASE_FAULT_PAUSE_IN_BATCH_MS: '-5',
        },
        [],
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'HTTP_REQUEST_TIMEOUT_MS',
      'ESCALATION_BATCH_SIZE',
      'GRIDCASE_FAULT_PAUSE_IN_BATCH_MS',
    ])
      expect(problems).toContain(name);
  });

  it('reads the case policy file once and hands it to escalation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runtime-config-'));
    const good = join(dir, 'good.json');
    const policy = JSON.parse(JSON.stringify(defaultCasePolicy));
    writeFileSync(good, JSON.stringify(policy));
    const config = loadRuntimeConfig({ CASE_POLICY_FILE: good }, []);
    expect(config.casePolicy).toEqual(policy);
    expect(config.escalation.casePolicy).toBe(config.casePolicy);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...policy, maxExtensions: -1 }));
    expect(() => loadRuntimeConfig({ CASE_POLICY_FILE: bad }, [])).toThrow(
      /CASE_POLICY_FILE [^]*maxExtensions/,
    );
    expect(() => loadRuntimeConfig({ CASE_POLICY_FILE: join(dir, 'missing.json') }, [])).toThrow(
      /CASE_POLICY_FILE/,
    );
  });

  it('turns the crash specs’ fault variable into an option', () => {
    expect(loadRuntimeConfig({ GRIDCASE_FAULT_PAUSE_IN_BATCH_MS: '250' }, []).faults).toEqual({
      pauseInProjectionBatchMs: 250,
    });
  });
});
