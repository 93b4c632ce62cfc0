import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { approvalFixtureCommands, fixtureCommands, fx, fxStaff } from '#registry-domain/testing';
import { writeRegistry } from '../support/registry-fixture.js';
import { accountAuth, startTestApp, type TestApp } from '../support/test-app.js';
import { act, disputeReport, expectProblem, history, must, reportCase } from './case-api.js';
import { enforcementReport, officers } from './petition-enforcement-helpers.js';

/**
 * Accountable approvals over HTTP (issue #17, Deliver 2; ADR 0019), on the small test district with its
 * approving posts (libs/registry-domain/testing): a request by the handler, the approval by the account
 * holding the approving post the case domain names, checked against the registry.
 */
describe('approvals are acts of an entitled account', () => {
  let t: TestApp;
  let gridWorker: Record<string, string>;
  let communityHead: Record<string, string>;
  let communityStaff: Record<string, string>;
  let streetHead: Record<string, string>;
  let teamHead: Record<string, string>;
  let squadOfficer: Record<string, string>;
  const squadScope = { kind: 'squad', id: fx.areaSquad, teamId: fx.team, domain: 'urban_management' };
  beforeAll(async () => {
    t = await startTestApp();
    await writeRegistry(t.app, [...fixtureCommands(), ...approvalFixtureCommands()]);
    gridWorker = await accountAuth(t, ['grid_worker'], { kind: 'grid', id: fx.grid1 });
    const community = { kind: 'community', id: fx.community };
    communityHead = await accountAuth(t, ['community_staff'], community, fxStaff.communityHead);
    communityStaff = await accountAuth(t, ['community_staff'], community, fxStaff.communityStaff);
    streetHead = await accountAuth(
      t,
      ['street_staff'],
      { kind: 'street', id: fx.street },
      fxStaff.streetHead,
    );
    teamHead = await accountAuth(t, ['squad_officer'], squadScope, fxStaff.teamHead);
    squadOfficer = await accountAuth(t, ['squad_officer'], squadScope, fxStaff.squadOfficer);
  });
  afterAll(async () => t?.close());

  /** A dispute in grid G1 (community C1, street S1) handled by the grid at building level. */
  async function buildingLevelDispute(): Promise<string> {
    const report = disputeReport({ location: { gridId: fx.grid1, address: 'Building 1' } });
    const caseId = (await reportCase(t.baseUrl, report)).body.caseId as string;
    await must(t.baseUrl, caseId, 'register');
    await must(t.baseUrl, caseId, 'dispatch', { unit: { unitId: fx.grid1, name: 'Grid G1' } });
    await must(t.baseUrl, caseId, 'accept', {}, gridWorker);
    await must(t.baseUrl, caseId, 'start', {}, gridWorker);
    return caseId;
  }

  it('a grid worker cannot approve its own extension, nor extend by 90 months or name its own approver; the community head approves', async () => {
    const caseId = await buildingLevelDispute();
    expectProblem(
      await act(
        t.baseUrl,
        caseId,
        'extend',
        { reason: '自己批的', amount: 1, approvedBy: '自己批的' },
        gridWorker,
      ),
      400,
      'VALIDATION.FAILED',
    );
    expectProblem(
      await act(
        t.baseUrl,
        caseId,
        'extend',
        { reason: '当事人出差', amount: 90, unit: 'months' },
        gridWorker,
      ),
      400,
      'CASE.INVALID_COMMAND',
    );
    const asked = await must(t.baseUrl, caseId, 'extend', { reason: '当事人出差', amount: 1 }, gridWorker);
    expect(asked.body.events).toEqual(['ApprovalRequested']);
    // The grid worker's role holds no approving post at all; a colleague of the committee holds none;
    // the street's head holds one, but not for a building-level case (the committee above it approves).
    expectProblem(
      await act(t.baseUrl, caseId, 'approve', { requestId: 'approval-1' }, gridWorker),
      403,
      'AUTH.FORBIDDEN',
    );
    expectProblem(
      await act(t.baseUrl, caseId, 'approve', { requestId: 'approval-1' }, communityStaff),
      403,
      'CASE.APPROVER_NOT_ENTITLED',
    );
    expectProblem(
      await act(t.baseUrl, caseId, 'approve', { requestId: 'approval-1' }, streetHead),
      403,
      'CASE.APPROVER_NOT_ENTITLED',
    );
    const approved = await must(t.baseUrl, caseId, 'approve', { requestId: 'approval-1' }, communityHead);
    expect(approved.body.events).toEqual(['ApprovalGranted', 'DeadlineExtended']);
    const events = await history(t.baseUrl, caseId);
    const granted = events.find((e) => e.type === 'ApprovalGranted')!;
    expect(granted.data).toMatchObject({
      approvedBy: fxStaff.communityHead,
      approvingPost: { unitId: fx.communityCommittee, title: '居委会主任' },
    });
    const extended = events.find((e) => e.type === 'DeadlineExtended')!;
    expect(extended.data.approvedBy).toBe(fxStaff.communityHead);
    expect(extended.actor).toBe(fxStaff.communityHead);
    expectProblem(
      await act(t.baseUrl, caseId, 'approve', { requestId: 'approval-1' }, communityHead),
      409,
      'CASE.NO_PENDING_REQUEST',
    );
  });

  it('the head who asks cannot approve its own request (403 CASE.SELF_APPROVAL); the entitled head declines with a reason', async () => {
    const own = await buildingLevelDispute();
    await must(t.baseUrl, own, 'park', { reason: '需待房屋鉴定' }, communityHead);
    expectProblem(
      await act(t.baseUrl, own, 'approve', { requestId: 'approval-1' }, communityHead),
      403,
      'CASE.SELF_APPROVAL',
    );

    const caseId = await buildingLevelDispute();
    await must(t.baseUrl, caseId, 'park', { reason: '需待房屋鉴定' }, communityStaff);
    const decline = { requestId: 'approval-1', reason: '鉴定可并行，不必挂账' };
    expectProblem(
      await act(t.baseUrl, caseId, 'decline-approval', decline, streetHead),
      403,
      'CASE.APPROVER_NOT_ENTITLED',
    );
    const declined = await must(t.baseUrl, caseId, 'decline-approval', decline, communityHead);
    expect(declined.body.events).toEqual(['ApprovalDeclined']);
    const events = await history(t.baseUrl, caseId);
    expect(events.map((e) => e.type)).not.toContain('CaseParked');
    expect(events.find((e) => e.type === 'ApprovalDeclined')!.data).toMatchObject({
      declinedBy: fxStaff.communityHead,
      reason: '鉴定可并行，不必挂账',
    });
  });

  it("an enforcement squad's evidence preservation is approved by the team's head, never by the officer who asked", async () => {
    const report = enforcementReport(
      { location: { gridId: fx.grid1, address: 'Market gate' }, category: 'urban_management' },
      { team: 'urban_management', squadId: fx.areaSquad },
    );
    const caseId = (await reportCase(t.baseUrl, report)).body.caseId as string;
    await must(t.baseUrl, caseId, 'file', { officers }, squadOfficer);
    await must(t.baseUrl, caseId, 'preserve-evidence', { items: ['scale'] }, squadOfficer);
    expectProblem(
      await act(t.baseUrl, caseId, 'approve', { requestId: 'approval-1' }, squadOfficer),
      403,
      'CASE.SELF_APPROVAL',
    );
    const approved = await must(t.baseUrl, caseId, 'approve', { requestId: 'approval-1' }, teamHead);
    expect(approved.body.events).toEqual(['ApprovalGranted', 'EvidencePreserved']);
    const preserved = (await history(t.baseUrl, caseId)).find((e) => e.type === 'EvidencePreserved')!;
    expect(preserved.data).toMatchObject({ preservedBy: fxStaff.squadOfficer, approvedBy: fxStaff.teamHead });
  });
});
