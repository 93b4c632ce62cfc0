import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  act,
  caseInProgress,
  disputeReport,
  expectProblem,
  getCase,
  history,
  must,
  newCase,
  unit,
} from './case-api.js';

describe('dispute escalation over HTTP: failed mediation, manual escalation, risk flag', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('mediation-failed with next=escalate climbs building → community and the case awaits dispatch there', async () => {
    const caseId = await caseInProgress(t.baseUrl);
    const failed = await must(t.baseUrl, caseId, 'mediation-failed', {
      reason: 'Li Qiang will not pay for the ceiling',
      next: 'escalate',
    });
    expect(failed.body).toEqual({ caseId, revision: 6, events: ['MediationFailed', 'CaseEscalated'] });
    expect(failed.headers.get('etag')).toBe('"6"');

    const awaiting = await getCase(t.baseUrl, caseId);
    expect(awaiting.body.state).toMatchObject({ status: 'registered', level: 'community', unit: null });
    expect(awaiting.body.state.details.failures).toEqual([
      expect.objectContaining({ level: 'building', reason: 'Li Qiang will not pay for the ceiling' }),
    ]);
    expect(awaiting.body.state.counters.escalations).toBe(1);
    const levelClock = awaiting.body.clocks.find((c: any) => c.name === 'level');
    expect(levelClock.counting).toMatchObject({ unit: 'working_days', amount: 2 }); // community: 2 working days

    const events = await history(t.baseUrl, caseId);
    expect(events.slice(5).map((e) => [e.type, e.data.level ?? e.data.toLevel])).toEqual([
      ['MediationFailed', 'building'],
      ['CaseEscalated', 'community'],
    ]);
    expect(events[6]!.data).toMatchObject({
      fromLevel: 'building',
      toLevel: 'community',
      trigger: 'mediation_failed',
    });

    // Re-dispatched at community level: the level clock keeps running from the escalation.
    const communityUnit = unit('Community mediation committee');
    const dispatched = await must(t.baseUrl, caseId, 'dispatch', { unit: communityUnit });
    expect(dispatched.body).toEqual({ caseId, revision: 7, events: ['CaseDispatched'] });
    const view = await getCase(t.baseUrl, caseId);
    expect(view.body.state).toMatchObject({ status: 'dispatched', level: 'community', unit: communityUnit });
    expect(view.body.clocks.find((c: any) => c.name === 'level').dueAt).toBe(levelClock.dueAt);
    expect((await history(t.baseUrl, caseId))[7]!.data).toMatchObject({
      level: 'community',
      unit: communityUnit,
    });

    await must(t.baseUrl, caseId, 'accept');
    await must(t.baseUrl, caseId, 'start');
    expect((await getCase(t.baseUrl, caseId)).body.state).toMatchObject({
      status: 'in_progress',
      level: 'community',
    });
  });

  it('mediation-failed naming the next unit escalates and re-dispatches in one decision', async () => {
    const caseId = await caseInProgress(t.baseUrl);
    const communityUnit = unit('Community mediation committee');
    const failed = await must(t.baseUrl, caseId, 'mediation-failed', {
      reason: 'no agreement at building level',
      next: 'escalate',
      unit: communityUnit,
    });
    expect(failed.body.events).toEqual(['MediationFailed', 'CaseEscalated', 'CaseDispatched']);
    expect(failed.body.revision).toBe(7);
    const view = await getCase(t.baseUrl, caseId);
    expect(view.body.state).toMatchObject({ status: 'dispatched', level: 'community', unit: communityUnit });
  });

  it('escalate by command climbs one level; re-dispatched at community, escalated again to street', async () => {
    const caseId = await caseInProgress(t.baseUrl);
    const first = await must(t.baseUrl, caseId, 'escalate', {
      reason: 'the building group cannot handle it',
      trigger: 'manual',
    });
    expect(first.body).toEqual({ caseId, revision: 5, events: ['CaseEscalated'] });
    expect((await getCase(t.baseUrl, caseId)).body.state).toMatchObject({
      status: 'registered',
      level: 'community',
    });

    const communityUnit = unit('Community mediation committee');
    await must(t.baseUrl, caseId, 'dispatch', { unit: communityUnit });
    await must(t.baseUrl, caseId, 'accept');
    await must(t.baseUrl, caseId, 'start');
    const atCommunity = await getCase(t.baseUrl, caseId);
    expect(atCommunity.body.state).toMatchObject({
      status: 'in_progress',
      level: 'community',
      unit: communityUnit,
    });

    const second = await must(t.baseUrl, caseId, 'escalate', { reason: 'needs the street office' });
    expect(second.body.events).toEqual(['CaseEscalated']);
    const atStreet = await getCase(t.baseUrl, caseId);
    expect(atStreet.body.state).toMatchObject({ status: 'registered', level: 'street', unit: null });
    expect(atStreet.body.state.counters.escalations).toBe(2);
    const escalations = (await history(t.baseUrl, caseId))
      .filter((e) => e.type === 'CaseEscalated')
      .map((e) => [e.data.fromLevel, e.data.toLevel, e.data.trigger]);
    expect(escalations).toEqual([
      ['building', 'community', 'manual'],
      ['community', 'street', 'manual'],
    ]);
  });

  it('escalate beyond district → 422 CASE.TOP_LEVEL_REACHED, nothing appended', async () => {
    const caseId = await newCase(t.baseUrl, disputeReport({ level: 'district' }));
    await must(t.baseUrl, caseId, 'register');
    const before = await history(t.baseUrl, caseId);
    const refused = await act(t.baseUrl, caseId, 'escalate', { reason: 'higher' });
    expectProblem(refused, 422, 'CASE.TOP_LEVEL_REACHED');
    expect(await history(t.baseUrl, caseId)).toEqual(before);
  });

  it('flag-risk at building level records the police report and jumps straight to street', async () => {
    const caseId = await caseInProgress(t.baseUrl);
    const flagged = await must(t.baseUrl, caseId, 'flag-risk', {
      risk: 'Li Qiang threatened to hurt Wang Fang',
      policeReport: { reportedTo: 'Lane 88 police station', reference: 'JX-2026-0117' },
    });
    expect(flagged.body).toEqual({ caseId, revision: 6, events: ['RiskFlagged', 'CaseEscalated'] });
    const view = await getCase(t.baseUrl, caseId);
    expect(view.body.state).toMatchObject({
      status: 'registered',
      level: 'street',
      riskFlag: {
        risk: 'Li Qiang threatened to hurt Wang Fang',
        policeReport: { reportedTo: 'Lane 88 police station', reference: 'JX-2026-0117' },
      },
    });
    const escalated = (await history(t.baseUrl, caseId))[6]!;
    expect(escalated.data).toMatchObject({ fromLevel: 'building', toLevel: 'street', trigger: 'risk_flag' });

    const streetUnit = unit('Street comprehensive governance centre');
    await must(t.baseUrl, caseId, 'dispatch', { unit: streetUnit });
    expect((await getCase(t.baseUrl, caseId)).body.state).toMatchObject({
      status: 'dispatched',
      level: 'street',
      unit: streetUnit,
    });
  });

  it('flag-risk naming a street unit dispatches to it at once; at street level it only records the flag', async () => {
    const caseId = await caseInProgress(t.baseUrl);
    const streetUnit = unit('Street comprehensive governance centre');
    const flagged = await must(t.baseUrl, caseId, 'flag-risk', {
      risk: 'a fight broke out',
      policeReport: { reportedTo: '110' },
      unit: streetUnit,
    });
    expect(flagged.body.events).toEqual(['RiskFlagged', 'CaseEscalated', 'CaseDispatched']);
    expect((await getCase(t.baseUrl, caseId)).body.state).toMatchObject({
      status: 'dispatched',
      level: 'street',
      unit: streetUnit,
    });

    const atStreet = await newCase(t.baseUrl, disputeReport({ level: 'street' }));
    await must(t.baseUrl, atStreet, 'register');
    const onlyFlag = await must(t.baseUrl, atStreet, 'flag-risk', {
      risk: 'threats',
      policeReport: { reportedTo: '110' },
    });
    expect(onlyFlag.body.events).toEqual(['RiskFlagged']);
    expect((await getCase(t.baseUrl, atStreet)).body.state).toMatchObject({
      status: 'registered',
      level: 'street',
    });
  });

  it("a party's refusal cannot be escalated (人民调解法 Art. 17) but is referred out", async () => {
    const caseId = await caseInProgress(t.baseUrl);
    const before = await history(t.baseUrl, caseId);
    const refused = await act(t.baseUrl, caseId, 'mediation-failed', {
      reason: 'Li Qiang refuses mediation',
      refusedByParty: 'Li Qiang',
      next: 'escalate',
    });
    expectProblem(refused, 400, 'CASE.INVALID_COMMAND');
    expect(await history(t.baseUrl, caseId)).toEqual(before);

    const referred = await must(t.baseUrl, caseId, 'mediation-failed', {
      reason: 'Li Qiang refuses mediation',
      refusedByParty: 'Li Qiang',
      next: 'refer_out',
      route: 'litigation',
      body: "District people's court",
    });
    expect(referred.body.events).toEqual(['MediationFailed', 'CaseReferredOut']);
    expect((await getCase(t.baseUrl, caseId)).body.state).toMatchObject({
      status: 'referred_out',
      referral: { route: 'litigation' },
    });
  });
});
