import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseDecider, type CaseCommand, type CaseState } from '#case-domain';
import { metadataAt, sampleCommands } from '#case-domain/testing';
import {
  commandIdFor, defaultEscalationConfig, loadEscalationConfig, planFire, timerActionsFor, timerIdFor, type DueTimer,
} from './index.js';

const rules = defaultEscalationConfig.rules;
const NOW = '2026-03-09T09:00:00+08:00';

function caseAfter(build: (s: ReturnType<typeof sampleCommands>, m: ReturnType<typeof metadataAt>) => CaseCommand[]): CaseState {
  let state: CaseState = caseDecider.initialState();
  for (const command of build(sampleCommands('c-1'), metadataAt(NOW))) {
    for (const event of caseDecider.decide(command, state)) state = caseDecider.evolve(state, event);
  }
  return state;
}

describe('timer rules (event → timers)', () => {
  it('a dispatch that starts the level clock sets a sign timer and a level timer', () => {
    const actions = timerActionsFor(
      { type: 'CaseDispatched', data: { level: 'building', deadlines: { sign: { dueAt: 'S' }, firstFeedback: { dueAt: 'F' }, level: { dueAt: 'L' } } } },
      rules,
    );
    expect(actions).toEqual([
      { op: 'cancel', kinds: ['sign', 'sign_escalation', 'dispatch'], reason: 'dispatched' },
      { op: 'schedule', kind: 'sign', dueAt: 'S', deadlineDueAt: 'S', level: 'building' },
      { op: 'cancel', kinds: ['level'], reason: 'level clock restarted' },
      { op: 'schedule', kind: 'level', dueAt: 'L', deadlineDueAt: 'L', level: 'building' },
    ]);
  });

  it('a supervision of an overdue sign sets the escalation after the grace; one for feedback only sets nothing', () => {
    const supervisedAt = '2026-03-10T09:01:00+08:00';
    expect(timerActionsFor({ type: 'DispatchSupervised', data: { supervisedAt, overdue: ['sign'] } }, rules)).toEqual([
      { op: 'schedule', kind: 'sign_escalation', dueAt: new Date(Date.parse(supervisedAt) + 60 * 60_000).toISOString(), level: null },
    ]);
    expect(timerActionsFor({ type: 'DispatchSupervised', data: { supervisedAt, overdue: ['firstFeedback'] } }, rules)).toEqual([]);
    expect(timerActionsFor({ type: 'DispatchSupervised', data: { supervisedAt, overdue: ['sign'] } }, { ...rules, escalateUnsignedDispatch: false })).toEqual([]);
  });

  it('an escalation cancels everything, sets the new level deadline and a re-dispatch due at once', () => {
    expect(timerActionsFor({ type: 'CaseEscalated', data: { toLevel: 'street', escalatedAt: NOW, deadline: { dueAt: 'L2' } } }, rules)).toEqual([
      { op: 'cancel', kinds: ['sign', 'sign_escalation', 'level', 'dispatch'], reason: 'escalated to street' },
      { op: 'schedule', kind: 'level', dueAt: 'L2', deadlineDueAt: 'L2', level: 'street' },
      { op: 'schedule', kind: 'dispatch', dueAt: NOW, level: 'street' },
    ]);
  });

  it('resolution, closure and referral make every deadline moot; events it does not know set nothing', () => {
    for (const type of ['CaseResolved', 'CaseClosed', 'CaseRejected', 'CaseReferredOut', 'CaseParked']) {
      expect(timerActionsFor({ type, data: {} }, rules)).toEqual([expect.objectContaining({ op: 'cancel', kinds: ['sign', 'sign_escalation', 'level', 'dispatch'] })]);
    }
    expect(timerActionsFor({ type: 'PetitionAccepted', data: {} }, rules)).toEqual([]);
    expect(timerActionsFor({ type: 'ReworkRequested', data: {} }, rules)).toEqual([{ op: 'rearm_level' }]);
  });

  it('ids are deterministic: the same event always names the same timer and command', () => {
    const id = timerIdFor('c-1', 'level', 3n);
    expect(timerIdFor('c-1', 'level', 3n)).toBe(id);
    expect(timerIdFor('c-1', 'level', 4n)).not.toBe(id);
    expect(commandIdFor(id)).toBe(commandIdFor(id));
    expect(commandIdFor(id)).not.toBe(id);
  });
});

describe('fire plan (due timer × case now → command or moot)', () => {
  const timer = (over: Partial<DueTimer>): DueTimer => ({
    timerId: 't', caseId: 'c-1', kind: 'level', dueAt: new Date(0), deadlineDueAt: null, level: null, ...over,
  });

  it('escalates a case whose level deadline is the one the timer was set for, and not after an extension', () => {
    const state = caseAfter((s, m) => [s.ReportCase(m), s.RegisterCase(m), s.DispatchCase(m), s.AcceptDispatch(m)]);
    const due = new Date((state as { deadlines: { level: { dueAt: string } } }).deadlines.level.dueAt);
    const plan = planFire(timer({ deadlineDueAt: due, level: 'building' }), state, new Date(due.getTime() + 1));
    expect(plan).toMatchObject({ kind: 'command', outcome: 'escalated', unitLevel: 'community' });
    expect(plan.kind === 'command' && plan.build({ unitId: 'u' }, { actor: 'system:escalation', now: NOW })).toMatchObject({
      type: 'EscalateCase', data: { trigger: 'deadline_passed', unit: { unitId: 'u' } },
    });
    expect(planFire(timer({ deadlineDueAt: new Date(due.getTime() - 1), level: 'building' }), state, due)).toEqual({ kind: 'moot', reason: 'level_deadline_changed' });
    expect(planFire(timer({ deadlineDueAt: due, level: 'community' }), state, due)).toEqual({ kind: 'moot', reason: 'level_changed' });
  });

  it('supervises instead of escalating at district level, the top of the ladder', () => {
    const state = caseAfter((s, m) => [
      { ...s.ReportCase(m), data: { ...s.ReportCase(m).data, level: 'district' } }, s.RegisterCase(m), s.DispatchCase(m),
    ]);
    const due = new Date((state as { deadlines: { level: { dueAt: string } } }).deadlines.level.dueAt);
    expect(planFire(timer({ deadlineDueAt: due }), state, due)).toMatchObject({ kind: 'command', outcome: 'supervised' });
  });

  it('does not dispatch a case that already has a unit, nor supervise a signed dispatch', () => {
    const accepted = caseAfter((s, m) => [s.ReportCase(m), s.RegisterCase(m), s.DispatchCase(m), s.AcceptDispatch(m)]);
    expect(planFire(timer({ kind: 'dispatch' }), accepted, new Date())).toEqual({ kind: 'moot', reason: 'status_accepted' });
    expect(planFire(timer({ kind: 'sign' }), accepted, new Date())).toEqual({ kind: 'moot', reason: 'status_accepted' });
  });
});

describe('loadEscalationConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadEscalationConfig({})).toEqual(defaultEscalationConfig);
  });

  it('names every bad variable at once', () => {
    expect(() =>
      loadEscalationConfig({ ESCALATION_BATCH_SIZE: '0', ESCALATION_POLL_INTERVAL_MS: 'soon', ESCALATION_ENABLED: 'maybe' }),
    ).toThrow(/ESCALATION_POLL_INTERVAL_MS[\s\S]*ESCALATION_BATCH_SIZE[\s\S]*ESCALATION_ENABLED|ESCALATION_ENABLED[\s\S]*ESCALATION_POLL_INTERVAL_MS[\s\S]*ESCALATION_BATCH_SIZE/);
    expect(() => loadEscalationConfig({ ESCALATION_SUPERVISE_UNSIGNED: 'false' })).toThrow(/supervised before it is escalated/);
  });

  it('validates the case policy file with validateCasePolicy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'escalation-'));
    const bad = join(dir, 'policy.json');
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(JSON.stringify(defaultEscalationConfig.casePolicy)), maxExtensions: -1 }));
    expect(() => loadEscalationConfig({ CASE_POLICY_FILE: bad })).toThrow(/maxExtensions/);
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(defaultEscalationConfig.casePolicy));
    expect(loadEscalationConfig({ CASE_POLICY_FILE: good }).casePolicy).toEqual(defaultEscalationConfig.casePolicy);
  });
});
