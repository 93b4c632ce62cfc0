import { describe, expect, it } from '@jest/globals';
import { caseDecider, type CaseCommand, type CaseState } from '#case-domain';
import { metadataAt, sampleCommands } from '#case-domain/testing';
import {
  commandIdFor,
  defaultEscalationConfig,
  ENFORCEABLE_DEADLINES,
  loadEscalationConfig,
  planFire,
  timerActionsFor,
  timerIdFor,
  type DueTimer,
} from './index.js';

const rules = defaultEscalationConfig.rules;
const NOW = '2026-03-09T09:00:00+08:00';

function caseAfter(
  build: (s: ReturnType<typeof sampleCommands>, m: ReturnType<typeof metadataAt>) => CaseCommand[],
): CaseState {
  let state: CaseState = caseDecider.initialState();
  for (const command of build(sampleCommands('c-1'), metadataAt(NOW))) {
    for (const event of caseDecider.decide(command, state)) state = caseDecider.evolve(state, event);
  }
  return state;
}

describe('timer rules (event → timers)', () => {
  it('a dispatch that starts the level clock sets a sign timer, a level timer and a first-feedback timer', () => {
    const actions = timerActionsFor(
      {
        type: 'CaseDispatched',
        data: {
          level: 'building',
          deadlines: { sign: { dueAt: 'S' }, firstFeedback: { dueAt: 'F' }, level: { dueAt: 'L' } },
        },
      },
      rules,
    );
    expect(actions).toEqual([
      { op: 'cancel', kinds: ['sign', 'sign_escalation', 'dispatch'], reason: 'dispatched' },
      { op: 'schedule', kind: 'sign', dueAt: 'S', deadlineDueAt: 'S', level: 'building' },
      { op: 'cancel', kinds: ['level'], reason: 'level clock restarted' },
      { op: 'schedule', kind: 'level', dueAt: 'L', deadlineDueAt: 'L', level: 'building' },
      { op: 'cancel', kinds: ['first_feedback'], reason: 'firstFeedback limit set anew' },
      { op: 'schedule', kind: 'first_feedback', dueAt: 'F', deadlineDueAt: 'F', level: null },
    ]);
  });

  it('a supervision of an overdue sign sets the escalation after the grace; one for feedback only sets nothing', () => {
    const supervisedAt = '2026-03-10T09:01:00+08:00';
    expect(
      timerActionsFor({ type: 'DispatchSupervised', data: { supervisedAt, overdue: ['sign'] } }, rules),
    ).toEqual([
      {
        op: 'schedule',
        kind: 'sign_escalation',
        dueAt: new Date(Date.parse(supervisedAt) + 60 * 60_000).toISOString(),
        level: null,
      },
    ]);
    expect(
      timerActionsFor(
        { type: 'DispatchSupervised', data: { supervisedAt, overdue: ['firstFeedback'] } },
        rules,
      ),
    ).toEqual([]);
    expect(
      timerActionsFor(
        { type: 'DispatchSupervised', data: { supervisedAt, overdue: ['sign'] } },
        { ...rules, escalateUnsignedDispatch: false },
      ),
    ).toEqual([]);
  });

  it('an escalation cancels everything, sets the new level deadline and a re-dispatch due at once', () => {
    expect(
      timerActionsFor(
        { type: 'CaseEscalated', data: { toLevel: 'street', escalatedAt: NOW, deadline: { dueAt: 'L2' } } },
        rules,
      ),
    ).toEqual([
      {
        op: 'cancel',
        kinds: ['sign', 'sign_escalation', 'level', 'dispatch'],
        reason: 'escalated to street',
      },
      { op: 'schedule', kind: 'level', dueAt: 'L2', deadlineDueAt: 'L2', level: 'street' },
      { op: 'schedule', kind: 'dispatch', dueAt: NOW, level: 'street' },
      // The first feedback of the old dispatch is moot; whole mediation and statutory clocks run on.
      { op: 'cancel', kinds: ['first_feedback'], reason: 'met by CaseEscalated' },
    ]);
  });

  it('resolution, closure and referral make every deadline moot; events it does not know set nothing', () => {
    for (const type of ['CaseResolved', 'CaseClosed', 'CaseRejected', 'CaseReferredOut', 'CaseParked']) {
      expect(timerActionsFor({ type, data: {} }, rules)[0]).toEqual(
        expect.objectContaining({ op: 'cancel', kinds: ['sign', 'sign_escalation', 'level', 'dispatch'] }),
      );
    }
    for (const type of ['CaseClosed', 'CaseRejected', 'CaseReferredOut']) {
      expect(timerActionsFor({ type, data: {} }, rules)[1]).toEqual(
        expect.objectContaining({
          op: 'cancel',
          kinds: expect.arrayContaining(['whole_mediation', 'petition_handling', 'enforcement_decision']),
        }),
      );
    }
    // Resolution and parking pause whole mediation; rework and resumption put it back.
    expect(timerActionsFor({ type: 'CaseResolved', data: {} }, rules)[1]).toEqual({
      op: 'cancel',
      kinds: ['first_feedback', 'whole_mediation'],
      reason: 'met by CaseResolved',
    });
    expect(timerActionsFor({ type: 'PetitionAccepted', data: {} }, rules)).toEqual([]);
    expect(timerActionsFor({ type: 'ReworkRequested', data: {} }, rules)).toEqual([
      { op: 'rearm', kind: 'level' },
      { op: 'rearm', kind: 'whole_mediation' },
    ]);
  });

  it('ids are deterministic: the same event always names the same timer and command', () => {
    const id = timerIdFor('c-1', 'level', 3n);
    expect(timerIdFor('c-1', 'level', 3n)).toBe(id);
    expect(timerIdFor('c-1', 'level', 4n)).not.toBe(id);
    expect(commandIdFor(id)).toBe(commandIdFor(id));
    expect(commandIdFor(id)).not.toBe(id);
  });
});

describe('deadline timers (whole mediation, first feedback, petition and enforcement limits)', () => {
  const D = (dueAt: string) => ({ dueAt, basis: {}, counting: {} });

  it('registration sets the whole-mediation timer; an approved extension replaces it; closure cancels it', () => {
    expect(
      timerActionsFor({ type: 'CaseRegistered', data: { deadlines: { wholeMediation: D('W') } } }, rules),
    ).toEqual([
      { op: 'cancel', kinds: ['whole_mediation'], reason: 'wholeMediation limit set anew' },
      { op: 'schedule', kind: 'whole_mediation', dueAt: 'W', deadlineDueAt: 'W', level: null },
    ]);
    expect(
      timerActionsFor(
        { type: 'DeadlineExtended', data: { deadline: 'wholeMediation', newDeadline: D('W2') } },
        rules,
      ),
    ).toEqual([
      { op: 'cancel', kinds: ['whole_mediation'], reason: 'wholeMediation limit set anew' },
      { op: 'schedule', kind: 'whole_mediation', dueAt: 'W2', deadlineDueAt: 'W2', level: null },
    ]);
    // An extension of the level deadline is the ladder's business only.
    expect(
      timerActionsFor({ type: 'DeadlineExtended', data: { deadline: 'level', newDeadline: D('L2') } }, rules),
    ).toEqual([
      { op: 'cancel', kinds: ['level'], reason: 'level deadline extended' },
      { op: 'schedule', kind: 'level', dueAt: 'L2', deadlineDueAt: 'L2', level: null },
    ]);
  });

  it('petition clocks: routing from the report, notice at routing, handling at notice (extension reschedules), met by the next step', () => {
    expect(
      timerActionsFor(
        { type: 'CaseReported', data: { details: { caseType: 'petition', routingDeadline: D('R') } } },
        rules,
      ),
    ).toEqual([
      { op: 'cancel', kinds: ['petition_routing'], reason: 'routing limit set anew' },
      { op: 'schedule', kind: 'petition_routing', dueAt: 'R', deadlineDueAt: 'R', level: null },
    ]);
    // The objection window is the body's right, not a duty: no timer.
    expect(
      timerActionsFor(
        { type: 'PetitionRouted', data: { deadlines: { notice: D('N'), objection: D('O') } } },
        rules,
      ),
    ).toEqual([
      { op: 'cancel', kinds: ['petition_routing'], reason: 'met by PetitionRouted' },
      { op: 'cancel', kinds: ['petition_notice'], reason: 'notice limit set anew' },
      { op: 'schedule', kind: 'petition_notice', dueAt: 'N', deadlineDueAt: 'N', level: null },
    ]);
    expect(
      timerActionsFor(
        { type: 'DeadlineExtended', data: { deadline: 'handling', newDeadline: D('H2') } },
        rules,
      ),
    ).toEqual([
      { op: 'cancel', kinds: ['petition_handling'], reason: 'handling limit set anew' },
      { op: 'schedule', kind: 'petition_handling', dueAt: 'H2', deadlineDueAt: 'H2', level: null },
    ]);
    // The answer meets the handling limit and opens the petitioner's review window (closed for no request when it passes).
    expect(
      timerActionsFor({ type: 'PetitionAnswered', data: { deadlines: { reviewRequest: D('V') } } }, rules),
    ).toEqual([
      { op: 'cancel', kinds: ['petition_handling'], reason: 'met by PetitionAnswered' },
      { op: 'schedule', kind: 'petition_request_window', dueAt: 'V', deadlineDueAt: 'V', level: null },
    ]);
    expect(
      timerActionsFor(
        { type: 'PetitionAnswered', data: { deadlines: { reviewRequest: D('V') } } },
        { ...rules, closePetitionWithoutRequest: false },
      ),
    ).toEqual([{ op: 'cancel', kinds: ['petition_handling'], reason: 'met by PetitionAnswered' }]);
  });

  it('enforcement clocks: evidence decisions one per preservation, payment met by the demand, decision not met by a proposed penalty', () => {
    expect(
      timerActionsFor(
        { type: 'EvidencePreserved', data: { preservationNo: 2, deadlines: { evidenceDecision: D('E') } } },
        rules,
      ),
    ).toEqual([
      {
        op: 'schedule',
        kind: 'enforcement_evidence_decision',
        dueAt: 'E',
        deadlineDueAt: 'E',
        level: null,
        subject: '2',
      },
    ]);
    expect(timerActionsFor({ type: 'PreservedEvidenceDecided', data: { preservationNo: 2 } }, rules)).toEqual(
      [{ op: 'cancel', kinds: ['enforcement_evidence_decision'], reason: 'evidence decided', subject: '2' }],
    );
    expect(
      timerActionsFor(
        { type: 'PaymentDemanded', data: { deadlines: { demand: D('X'), courtApplication: D('C') } } },
        rules,
      ),
    ).toEqual([
      { op: 'cancel', kinds: ['enforcement_payment'], reason: 'met by PaymentDemanded' },
      { op: 'cancel', kinds: ['enforcement_court_application'], reason: 'courtApplication limit set anew' },
      { op: 'schedule', kind: 'enforcement_court_application', dueAt: 'C', deadlineDueAt: 'C', level: null },
    ]);
    expect(
      timerActionsFor({ type: 'EnforcementCaseReviewed', data: { outcome: 'proposed_penalty' } }, rules),
    ).toEqual([]);
    expect(
      timerActionsFor({ type: 'EnforcementCaseReviewed', data: { outcome: 'no_penalty' } }, rules),
    ).toEqual([{ op: 'cancel', kinds: ['enforcement_decision'], reason: 'met by EnforcementCaseReviewed' }]);
  });

  it('a limit left out of supervisedDeadlines sets no timer but is still cancelled', () => {
    const none = { ...rules, supervisedDeadlines: [] };
    expect(
      timerActionsFor({ type: 'CaseRegistered', data: { deadlines: { wholeMediation: D('W') } } }, none),
    ).toEqual([]);
    expect(
      timerActionsFor({ type: 'PetitionRouted', data: { deadlines: { notice: D('N') } } }, none),
    ).toEqual([{ op: 'cancel', kinds: ['petition_routing'], reason: 'met by PetitionRouted' }]);
  });

  it('only a supervision of the sign limit starts the sign-escalation grace', () => {
    const supervisedAt = '2026-03-10T09:01:00+08:00';
    expect(
      timerActionsFor(
        {
          type: 'DispatchSupervised',
          data: { supervisedAt, overdue: ['sign', 'firstFeedback'], deadline: 'firstFeedback' },
        },
        rules,
      ),
    ).toEqual([]);
    expect(
      timerActionsFor(
        { type: 'DispatchSupervised', data: { supervisedAt, overdue: ['sign'], deadline: 'sign' } },
        rules,
      ),
    ).toHaveLength(1);
  });
});

describe('fire plan (due timer × case now → command or moot)', () => {
  const timer = (over: Partial<DueTimer>): DueTimer => ({
    timerId: 't',
    caseId: 'c-1',
    kind: 'level',
    dueAt: new Date(0),
    deadlineDueAt: null,
    level: null,
    subject: null,
    ...over,
  });

  it('escalates a case whose level deadline is the one the timer was set for, and not after an extension', () => {
    const state = caseAfter((s, m) => [
      s.ReportCase(m),
      s.RegisterCase(m),
      s.DispatchCase(m),
      s.AcceptDispatch(m),
    ]);
    const due = new Date((state as { deadlines: { level: { dueAt: string } } }).deadlines.level.dueAt);
    const plan = planFire(
      timer({ deadlineDueAt: due, level: 'building' }),
      state,
      new Date(due.getTime() + 1),
    );
    expect(plan).toMatchObject({ kind: 'command', outcome: 'escalated', unitLevel: 'community' });
    expect(
      plan.kind === 'command' && plan.build({ unitId: 'u' }, { actor: 'system:escalation', now: NOW }),
    ).toMatchObject({
      type: 'EscalateCase',
      data: { trigger: 'deadline_passed', unit: { unitId: 'u' } },
    });
    expect(
      planFire(timer({ deadlineDueAt: new Date(due.getTime() - 1), level: 'building' }), state, due),
    ).toEqual({ kind: 'moot', reason: 'level_deadline_changed' });
    expect(planFire(timer({ deadlineDueAt: due, level: 'community' }), state, due)).toEqual({
      kind: 'moot',
      reason: 'level_changed',
    });
  });

  it('supervises instead of escalating at district level, the top of the ladder', () => {
    const state = caseAfter((s, m) => [
      { ...s.ReportCase(m), data: { ...s.ReportCase(m).data, level: 'district' } },
      s.RegisterCase(m),
      s.DispatchCase(m),
    ]);
    const due = new Date((state as { deadlines: { level: { dueAt: string } } }).deadlines.level.dueAt);
    expect(planFire(timer({ deadlineDueAt: due }), state, due)).toMatchObject({
      kind: 'command',
      outcome: 'supervised',
    });
  });

  it('does not dispatch a case that already has a unit, nor supervise a signed dispatch', () => {
    const accepted = caseAfter((s, m) => [
      s.ReportCase(m),
      s.RegisterCase(m),
      s.DispatchCase(m),
      s.AcceptDispatch(m),
    ]);
    expect(planFire(timer({ kind: 'dispatch' }), accepted, new Date())).toEqual({
      kind: 'moot',
      reason: 'status_accepted',
    });
    expect(planFire(timer({ kind: 'sign' }), accepted, new Date())).toEqual({
      kind: 'moot',
      reason: 'status_accepted',
    });
  });
});

describe('fire plan of the deadline timers', () => {
  const timer = (over: Partial<DueTimer>): DueTimer => ({
    timerId: 't',
    caseId: 'c-1',
    kind: 'whole_mediation',
    dueAt: new Date(0),
    deadlineDueAt: null,
    level: null,
    subject: null,
    ...over,
  });
  const dueOf = (state: CaseState, name: string): Date =>
    new Date((state as unknown as { deadlines: Record<string, { dueAt: string }> }).deadlines[name]!.dueAt);

  it('supervises a passed whole-mediation limit naming it, never escalates; moot once the limit moved or the case is resolved', () => {
    const state = caseAfter((s, m) => [
      s.ReportCase(m),
      s.RegisterCase(m),
      s.DispatchCase(m),
      s.AcceptDispatch(m),
      s.StartWork(m),
    ]);
    const due = dueOf(state, 'wholeMediation');
    const plan = planFire(timer({ deadlineDueAt: due }), state, due);
    expect(plan).toMatchObject({ kind: 'command', outcome: 'supervised' });
    expect(
      plan.kind === 'command' && plan.build(undefined, { actor: 'system:escalation', now: NOW }),
    ).toMatchObject({
      type: 'SuperviseDispatch',
      data: { deadline: 'wholeMediation', reason: expect.stringContaining('调解总时限') },
    });
    expect(planFire(timer({ deadlineDueAt: new Date(due.getTime() - 86_400_000) }), state, due)).toEqual({
      kind: 'moot',
      reason: 'wholeMediation_deadline_changed',
    });
    const resolved = caseAfter((s, m) => [
      s.ReportCase(m),
      s.RegisterCase(m),
      s.DispatchCase(m),
      s.AcceptDispatch(m),
      s.StartWork(m),
      s.ResolveCase(m),
    ]);
    expect(planFire(timer({ deadlineDueAt: due }), resolved, due)).toEqual({
      kind: 'moot',
      reason: 'status_resolved',
    });
  });

  it('supervises a petition at its handling limit; closes it when the review window passed unused; moot after the review request', () => {
    const build = (
      more: (s: ReturnType<typeof sampleCommands>, m: ReturnType<typeof metadataAt>) => CaseCommand[],
    ) => {
      let state: CaseState = caseDecider.initialState();
      const s = sampleCommands('p-1', 'petition');
      for (const command of more(s, metadataAt(NOW)))
        for (const event of caseDecider.decide(command, state)) state = caseDecider.evolve(state, event);
      return state;
    };
    const accepted = build((s, m) => [s.ReportCase(m), s.RoutePetition(m), s.NotifyPetitioner(m)]);
    const handlingDue = dueOf(accepted, 'handling');
    expect(
      planFire(timer({ kind: 'petition_handling', deadlineDueAt: handlingDue }), accepted, handlingDue),
    ).toMatchObject({ kind: 'command', outcome: 'supervised' });
    const answered = build((s, m) => [
      s.ReportCase(m),
      s.RoutePetition(m),
      s.NotifyPetitioner(m),
      s.AnswerPetition(m),
    ]);
    expect(
      planFire(timer({ kind: 'petition_handling', deadlineDueAt: handlingDue }), answered, handlingDue),
    ).toEqual({ kind: 'moot', reason: 'handling_not_running' });
    const windowDue = dueOf(answered, 'reviewRequest');
    const close = planFire(
      timer({ kind: 'petition_request_window', deadlineDueAt: windowDue }),
      answered,
      windowDue,
    );
    expect(
      close.kind === 'command' && close.build(undefined, { actor: 'system:escalation', now: NOW }),
    ).toMatchObject({ type: 'ClosePetitionForNoRequest' });
    const reviewing = build((s, m) => [
      s.ReportCase(m),
      s.RoutePetition(m),
      s.NotifyPetitioner(m),
      s.AnswerPetition(m),
      s.RequestReview(m),
    ]);
    expect(
      planFire(timer({ kind: 'petition_request_window', deadlineDueAt: windowDue }), reviewing, windowDue),
    ).toEqual({ kind: 'moot', reason: 'stage_review_requested' });
  });
});

describe('loadEscalationConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadEscalationConfig({})).toEqual(defaultEscalationConfig);
  });

  it('names every bad variable at once', () => {
    expect(() =>
      loadEscalationConfig({
        ESCALATION_BATCH_SIZE: '0',
        ESCALATION_POLL_INTERVAL_MS: 'soon',
        ESCALATION_ENABLED: 'maybe',
      }),
    ).toThrow(
      /ESCALATION_POLL_INTERVAL_MS[\s\S]*ESCALATION_BATCH_SIZE[\s\S]*ESCALATION_ENABLED|ESCALATION_ENABLED[\s\S]*ESCALATION_POLL_INTERVAL_MS[\s\S]*ESCALATION_BATCH_SIZE/,
    );
    expect(() => loadEscalationConfig({ ESCALATION_SUPERVISE_UNSIGNED: 'false' })).toThrow(
      /supervised before it is escalated/,
    );
    expect(() =>
      loadEscalationConfig({
        ESCALATION_SUPERVISE_DEADLINES: 'handling,objection',
        ESCALATION_CLOSE_PETITION_WITHOUT_REQUEST: 'sometimes',
      }),
    ).toThrow(
      /ESCALATION_SUPERVISE_DEADLINES: unknown limit\(s\) objection[\s\S]*ESCALATION_CLOSE_PETITION_WITHOUT_REQUEST/,
    );
  });

  it('reads the supervised limits as a list (in their canonical order), or none', () => {
    expect(
      loadEscalationConfig({ ESCALATION_SUPERVISE_DEADLINES: ' decision, handling ' }).rules
        .supervisedDeadlines,
    ).toEqual(['handling', 'decision']);
    expect(
      loadEscalationConfig({ ESCALATION_SUPERVISE_DEADLINES: 'none' }).rules.supervisedDeadlines,
    ).toEqual([]);
    expect(loadEscalationConfig({}).rules.supervisedDeadlines).toEqual(ENFORCEABLE_DEADLINES);
    expect(
      loadEscalationConfig({ ESCALATION_CLOSE_PETITION_WITHOUT_REQUEST: 'false' }).rules
        .closePetitionWithoutRequest,
    ).toBe(false);
  });
});
