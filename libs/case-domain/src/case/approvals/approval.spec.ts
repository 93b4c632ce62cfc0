import { describe, expect, it } from '@jest/globals';
import { fold } from '#domain-kernel';
import { deciderSpecification } from '#domain-kernel/testing';
import { caseDecider, type CaseCommand, type CaseEvent, type CaseState } from '../../index.js';
import { metadataAt, sampleCommands } from '../../testing/index.js';
import { approvingBodyOf, type ApprovalRegistry } from './approving-body.js';

/** Approvals as acts of an entitled account (issue #17, Deliver 2; ADR 0019). */
const spec = deciderSpecification(caseDecider);
const id = 'c-approval';
const c = sampleCommands(id);
const POST = { unitId: 'committee-c1', title: '居委会主任' };
const m = (now: string, actor = 'grid-worker-1', extra: Record<string, unknown> = {}) => ({
  ...metadataAt(now, actor),
  ...extra,
});

function run(commands: CaseCommand[]): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const command of commands) events.push(...caseDecider.decide(command, fold(caseDecider, events)));
  return events;
}

// Dispatched on Monday 2026-11-02: the building level's 1 working day ends with Tuesday 11-03.
const inProgress = run([
  c.ReportCase(m('2026-11-02T09:00:00+08:00', 'operator-1')),
  c.RegisterCase(m('2026-11-02T09:30:00+08:00', 'operator-1')),
  c.DispatchCase(m('2026-11-02T10:00:00+08:00', 'operator-1')),
  c.AcceptDispatch(m('2026-11-02T11:00:00+08:00')),
  c.StartWork(m('2026-11-02T12:00:00+08:00')),
]);
const extend = (now: string, data: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) =>
  ({
    ...c.ExtendDeadline(m(now, 'grid-worker-1', meta)),
    data: { reason: '当事人出差', amount: 1, ...data },
  }) as CaseCommand;
const approve = (now: string, actor = 'head-1', post: typeof POST | null = POST, requestId = 'approval-1') =>
  ({
    type: 'ApproveRequest',
    metadata: m(now, actor, post ? { approvingPost: post } : {}),
    data: { requestId },
  }) as CaseCommand;
const requested = [
  ...inProgress,
  ...caseDecider.decide(extend('2026-11-03T10:00:00+08:00'), fold(caseDecider, inProgress)),
];
const stateOf = (events: CaseEvent[]): CaseState => fold(caseDecider, events);

describe('approvals (ADR 0019)', () => {
  it('a command that needs approval is only a request: ApprovalRequested, no deadline moves', () => {
    spec
      .given(inProgress)
      .when(extend('2026-11-03T10:00:00+08:00'))
      .then([
        {
          type: 'ApprovalRequested',
          data: {
            caseId: id,
            requestId: 'approval-1',
            command: 'ExtendDeadline',
            request: { reason: '当事人出差', amount: 1 },
            requestedAt: '2026-11-03T10:00:00+08:00',
            requestedBy: 'grid-worker-1',
          },
        },
      ]);
    const state = stateOf(requested);
    expect(state).toMatchObject({ counters: { extensions: 0 }, approvals: { requested: 1 } });
    expect(state.status !== 'none' && state.deadlines.level?.dueAt).toBe('2026-11-04T00:00:00+08:00');
  });

  it('free-text approvers are gone: approvedBy in the command is refused (400)', () => {
    spec
      .given(inProgress)
      .when(extend('2026-11-03T10:00:00+08:00', { approvedBy: '自己批的' }))
      .thenThrows('CASE.INVALID_COMMAND');
  });

  it('one request of a kind waits at a time (409 CASE.APPROVAL_ALREADY_PENDING)', () => {
    spec
      .given(requested)
      .when(extend('2026-11-03T11:00:00+08:00'))
      .thenThrows('CASE.APPROVAL_ALREADY_PENDING', (e) => expect(e.kind).toBe('illegal_transition'));
  });

  it('an account holding the approving post approves: ApprovalGranted, then the command takes effect with both accounts named', () => {
    spec
      .given(requested)
      .when(approve('2026-11-03T15:00:00+08:00'))
      .thenSatisfies((events, after) => {
        expect(events.map((e) => e.type)).toEqual(['ApprovalGranted', 'DeadlineExtended']);
        expect(events[0]).toEqual({
          type: 'ApprovalGranted',
          data: {
            caseId: id,
            requestId: 'approval-1',
            command: 'ExtendDeadline',
            approvedAt: '2026-11-03T15:00:00+08:00',
            approvedBy: 'head-1',
            approvingPost: POST,
            requestedBy: 'grid-worker-1',
          },
        });
        expect(events[1]).toMatchObject({
          type: 'DeadlineExtended',
          data: {
            extendedAt: '2026-11-03T15:00:00+08:00',
            requestedBy: 'grid-worker-1',
            approvedBy: 'head-1',
            previousDueAt: '2026-11-04T00:00:00+08:00',
            newDeadline: { dueAt: '2026-11-05T00:00:00+08:00' },
          },
        });
        expect(after).toMatchObject({ counters: { extensions: 1 }, approvals: { pending: [] } });
      });
  });

  it('never the account that asked (403 CASE.SELF_APPROVAL), even holding the post', () => {
    spec
      .given(requested)
      .when(approve('2026-11-03T15:00:00+08:00', 'grid-worker-1'))
      .thenThrows('CASE.SELF_APPROVAL', (e) => expect(e.kind).toBe('forbidden'));
  });

  it('an account without the approving post for the case is refused (403 CASE.APPROVER_NOT_ENTITLED)', () => {
    spec
      .given(requested)
      .when(approve('2026-11-03T15:00:00+08:00', 'colleague-1', null))
      .thenThrows('CASE.APPROVER_NOT_ENTITLED', (e) => expect(e.kind).toBe('forbidden'));
  });

  it('only a waiting request is approved (409 CASE.NO_PENDING_REQUEST)', () => {
    spec
      .given(requested)
      .when(approve('2026-11-03T15:00:00+08:00', 'head-1', POST, 'approval-9'))
      .thenThrows('CASE.NO_PENDING_REQUEST');
    const granted = [
      ...requested,
      ...caseDecider.decide(approve('2026-11-03T15:00:00+08:00'), stateOf(requested)),
    ];
    spec.given(granted).when(approve('2026-11-03T16:00:00+08:00')).thenThrows('CASE.NO_PENDING_REQUEST');
  });

  it('a declined request changes nothing but the record, and a new one may be asked for', () => {
    const decline: CaseCommand = {
      type: 'DeclineRequest',
      metadata: m('2026-11-03T15:00:00+08:00', 'head-1', { approvingPost: POST }),
      data: { requestId: 'approval-1', reason: '理由不充分' },
    };
    spec
      .given(requested)
      .when(decline)
      .then([
        {
          type: 'ApprovalDeclined',
          data: {
            caseId: id,
            requestId: 'approval-1',
            command: 'ExtendDeadline',
            declinedAt: '2026-11-03T15:00:00+08:00',
            declinedBy: 'head-1',
            approvingPost: POST,
            reason: '理由不充分',
          },
        },
      ]);
    const declined = [...requested, ...caseDecider.decide(decline, stateOf(requested))];
    spec
      .given(declined)
      .when(extend('2026-11-03T16:00:00+08:00'))
      .thenSatisfies(([event]) =>
        expect(event).toMatchObject({ type: 'ApprovalRequested', data: { requestId: 'approval-2' } }),
      );
  });

  it('no extension once the limit has lapsed, neither asked for nor approved (422 CASE.EXTENSION_AFTER_LAPSE)', () => {
    spec.given(inProgress).when(extend('2026-11-04T09:00:00+08:00')).thenThrows('CASE.EXTENSION_AFTER_LAPSE');
    spec.given(requested).when(approve('2026-11-04T09:00:00+08:00')).thenThrows('CASE.EXTENSION_AFTER_LAPSE');
  });

  it('an extension whose new end has already passed is refused (422 CASE.EXTENSION_ENDS_IN_PAST)', () => {
    spec
      .given(inProgress)
      .when(extend('2026-11-09T09:00:00+08:00', {}, { occurredAt: '2026-11-03T10:00:00+08:00' }))
      .thenThrows('CASE.EXTENSION_ENDS_IN_PAST');
  });

  it('a level limit gains at most one more period in its own unit: 90 months for 1 working day is refused', () => {
    spec
      .given(inProgress)
      .when(extend('2026-11-03T10:00:00+08:00', { amount: 90, unit: 'months' }))
      .thenThrows('CASE.INVALID_COMMAND');
    spec
      .given(inProgress)
      .when(extend('2026-11-03T10:00:00+08:00', { amount: 2 }))
      .thenThrows('CASE.EXTENSION_TOO_LONG', (e) => expect(e.context).toMatchObject({ amount: 2, max: 1 }));
  });
});

describe('who approves (approvingBodyOf)', () => {
  const registry: ApprovalRegistry = {
    handlingChain: (gridId) =>
      gridId === 'grid-7'
        ? [
            { level: 'building', handler: { id: 'grid-7' } },
            { level: 'community', handler: { id: 'committee-c1' } },
            { level: 'street', handler: { id: 'street-centre-s1' } },
            { level: 'district', handler: { id: 'district-centre' } },
          ]
        : [],
    teamOfSquad: (squadId) => (squadId === 'squad-1' ? { id: 'team-urban' } : undefined),
  };
  const dispute = stateOf(inProgress);
  if (dispute.status === 'none') throw new Error('no case');

  it('a dispute: the body one level above the case (building → the community committee … street, district → the district centre)', () => {
    expect(approvingBodyOf(dispute, 'ExtendDeadline', registry).unitIds).toEqual(['committee-c1']);
    expect(approvingBodyOf({ ...dispute, level: 'community' }, 'ParkCase', registry).unitIds).toEqual([
      'street-centre-s1',
    ]);
    expect(approvingBodyOf({ ...dispute, level: 'district' }, 'TransferCase', registry).unitIds).toEqual([
      'district-centre',
    ]);
    const elsewhere = { ...dispute, location: { gridId: 'unknown-grid' } };
    expect(approvingBodyOf(elsewhere, 'ExtendDeadline', registry).unitIds).toEqual([]);
  });

  it('an enforcement case: the agency head, i.e. the team of the case squad (行政处罚法 Arts. 56, 60)', () => {
    const e = sampleCommands('e-approval', 'enforcement');
    const state = stateOf(run([e.ReportCase(m('2026-11-02T09:00:00+08:00', 'operator-1'))]));
    if (state.status === 'none' || state.details.caseType !== 'enforcement') throw new Error('no case');
    const squad = { ...state, details: { ...state.details, squadId: 'squad-1' } };
    expect(approvingBodyOf(squad, 'PreserveEvidence', registry)).toMatchObject({
      unitIds: ['team-urban'],
      basis: expect.stringContaining('第五十六条'),
    });
  });

  it('a petition: the head of the body it was routed to (信访工作条例 Art. 34)', () => {
    const p = sampleCommands('p-approval', 'petition');
    const state = stateOf(
      run([
        p.ReportCase(m('2026-11-02T09:00:00+08:00', 'operator-1')),
        p.RoutePetition(m('2026-11-02T10:00:00+08:00', 'operator-1')),
      ]),
    );
    if (state.status === 'none' || state.details.caseType !== 'petition') throw new Error('no case');
    const routedTo = state.details.routing?.toBody?.unitId;
    expect(routedTo).toBeDefined();
    expect(approvingBodyOf(state, 'ExtendDeadline', registry).unitIds).toEqual([routedTo]);
  });
});
