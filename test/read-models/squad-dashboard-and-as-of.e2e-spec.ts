import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '#event-store';
import { allProjections, ProjectionEngine } from '#projections';
import { waitUntilVisible } from '#projections/testing';
import { disputeReport, must } from '../cases/case-api.js';
import {
  DAY_MS,
  PastHandling,
  cstDate,
  enforcementReport,
  officers,
} from '../cases/petition-enforcement-helpers.js';
import {
  accountAuth,
  http,
  login,
  startTestApp,
  type JsonResponse,
  type TestApp,
} from '../support/test-app.js';

/**
 * GET /api/v1/squads/{squadId}/dashboard and ?asOf= on the grid dashboard and the assessments, over
 * HTTP. Past handling goes through the app's own command handler with an earlier business time (as
 * an import of paper files would), so clocks that must run out can be shown.
 */
describe('squad dashboard and as-of queries over HTTP', () => {
  let t: TestApp;
  let store: EventStore;
  let engine: ProjectionEngine;
  const now = Date.now();
  const squad = randomUUID();
  const grid = randomUUID();
  const unitId = randomUUID();
  let lateSurchargeFen = 0;

  async function catchUp(): Promise<void> {
    await waitUntilVisible(store, t.database.pool);
    await engine.catchUp();
  }
  const get = (path: string, auth?: string) => http(t.baseUrl, 'GET', path, auth ? { auth } : {});
  function expectProblem(response: JsonResponse, status: number, code: string, field?: string): void {
    if (response.status !== status)
      throw new Error(`expected ${status} ${code}, got ${response.status}: ${JSON.stringify(response.body)}`);
    expect(response.body).toMatchObject({ status, code });
    if (field) expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  }
  /** A token as the login route issues it, for roles whose accounts only the registry seeds. */
  const tokenFor = async (roles: string[], scope: Record<string, unknown> | null) =>
    (await accountAuth(t, roles, scope)).authorization.slice('Bearer '.length);
  const fine = (fineFen: number) => ({ kinds: ['fine'], fineFen });

  /** Filed, reviewed, notified without hearing right, decided and served, starting at `t0`. */
  async function served(past: PastHandling, t0: number, fineFen: number, squadId = squad): Promise<void> {
    await past.report(t0, enforcementReport({}, { squadId }));
    await past.at(t0 + 3_600_000, 'FileEnforcementCase', { officers });
    await past.at(t0 + DAY_MS, 'ConcludeInvestigation', { summary: 'Unlicensed sale.' });
    await past.at(t0 + 2 * DAY_MS, 'ReviewEnforcementCase', {
      outcome: 'proposed_penalty',
      reason: 'Art. 122',
      proposedPenalty: fine(fineFen),
    });
    await past.at(t0 + 3 * DAY_MS, 'NotifyProposedPenalty', { hearingRight: false });
    await past.at(t0 + 4 * DAY_MS, 'DecidePenalty', {
      outcome: 'penalty',
      penalty: fine(fineFen),
      reason: 'Art. 122',
    });
    await past.at(t0 + 5 * DAY_MS, 'ServeDecision', { method: 'in_person' });
  }

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    engine = new ProjectionEngine(
      allProjections,
      { eventStore: store, pool: t.database.pool },
      { batchSize: 200 },
    );

    // Squad: one filed 100 days ago and never decided (past the 90 days), one filed today (over HTTP),
    // one served and owing, one paid late today with the 3 %/day surcharge.
    const stale = new PastHandling(t);
    await stale.report(now - 101 * DAY_MS, enforcementReport({}, { squadId: squad }));
    await stale.at(now - 100 * DAY_MS, 'FileEnforcementCase', { officers });
    // The centre takes the lead in; the enforcement steps are the squad's own (apps/api/src/auth/README.md).
    const officer = {
      authorization: `Bearer ${await tokenFor(['squad_officer'], { kind: 'squad', id: squad, teamId: randomUUID(), domain: 'market_supervision' })}`,
    };
    const fresh = (
      await http(t.baseUrl, 'POST', '/api/v1/cases', { body: enforcementReport({}, { squadId: squad }) })
    ).body.caseId as string;
    await must(t.baseUrl, fresh, 'file', { officers }, officer);
    await served(new PastHandling(t), now - 20 * DAY_MS, 300_000);
    const late = new PastHandling(t);
    await served(late, now - 40 * DAY_MS, 100_000);
    const owing = await http(t.baseUrl, 'POST', `/api/v1/cases/${late.caseId}/record-payment`, {
      body: { amountFen: 100_000, paidOn: cstDate(now) },
      headers: officer,
    });
    const owed = Number(/(\d+) fen/.exec(String(owing.body.detail))![1]);
    lateSurchargeFen = owed - 100_000;
    await must(t.baseUrl, late.caseId, 'record-payment', { amountFen: owed, paidOn: cstDate(now) }, officer);
    // Another squad's case.
    await served(new PastHandling(t), now - 20 * DAY_MS, 777_700, randomUUID());

    // Grid: a dispute reported 20 days ago, registered 10 days ago, dispatched 5 days ago (signed in time), resolved 2 days ago.
    const dispute = new PastHandling(t);
    await dispute.report(now - 20 * DAY_MS, disputeReport({ location: { gridId: grid, address: 'Lane 3' } }));
    await dispute.at(now - 10 * DAY_MS, 'RegisterCase', {});
    await dispute.at(now - 5 * DAY_MS, 'DispatchCase', { unit: { unitId, name: 'Building 3 group' } });
    await dispute.at(now - 5 * DAY_MS + 3_600_000, 'AcceptDispatch', {});
    await dispute.at(now - 4 * DAY_MS, 'StartWork', {});
    await dispute.at(now - 2 * DAY_MS, 'ResolveCase', { result: 'Pipe repaired' });
    await catchUp();
  }, 120_000);
  afterAll(async () => {
    await engine?.stop();
    await t?.close();
  });

  describe('GET /api/v1/squads/{squadId}/dashboard', () => {
    it('counts stages, the overdue decision clock, decisions and fen with surcharges apart', async () => {
      const response = await get(`/api/v1/squads/${squad}/dashboard`);
      expect(response.status).toBe(200);
      expect(lateSurchargeFen).toBeGreaterThan(0);
      expect(lateSurchargeFen).toBeLessThan(100_000);
      expect(response.body).toMatchObject({
        squadId: squad,
        total: 4,
        decisionClockRunning: 2,
        overdue: 1,
        decided: 2,
        decidedLate: 0,
        fines: {
          imposedFen: 400_000,
          collectedFen: 100_000,
          surchargesCollectedFen: lateSurchargeFen,
          outstandingFen: 300_000,
        },
      });
      expect(response.body.byStage).toMatchObject({
        investigating: 2,
        awaiting_payment: 1,
        paid: 1,
        archived: 0,
      });
    });

    it('squad officers see only their squad (404 otherwise), area staff no squad, centre operators and analysts every squad', async () => {
      const own = await tokenFor(['squad_officer'], {
        kind: 'squad',
        id: squad,
        teamId: randomUUID(),
        domain: 'market_supervision',
      });
      const other = await tokenFor(['squad_officer'], {
        kind: 'squad',
        id: randomUUID(),
        teamId: randomUUID(),
        domain: 'market_supervision',
      });
      const gridWorker = await tokenFor(['grid_worker'], { kind: 'grid', id: grid });
      expect((await get(`/api/v1/squads/${squad}/dashboard`, own)).body).toMatchObject({ total: 4 });
      expectProblem(await get(`/api/v1/squads/${squad}/dashboard`, other), 404, 'SQUAD.NOT_FOUND');
      expectProblem(await get(`/api/v1/squads/${squad}/dashboard`, gridWorker), 404, 'SQUAD.NOT_FOUND');
      expect(
        (
          await http(t.baseUrl, 'POST', '/api/v1/auth/accounts', {
            body: { username: 'squad-analyst', password: 'squad-analyst-pw', role: 'analyst' },
            auth: t.users.admin.token,
          })
        ).status,
      ).toBe(201);
      const analyst = await login(t.baseUrl, 'squad-analyst', 'squad-analyst-pw');
      expect((await get(`/api/v1/squads/${squad}/dashboard`, analyst.token)).body).toMatchObject({
        total: 4,
      });
      expect((await get(`/api/v1/squads/${randomUUID()}/dashboard`)).body).toMatchObject({ total: 0 });
      expectProblem(await get('/api/v1/squads/nope/dashboard'), 400, 'VALIDATION.FAILED', 'squadId');
      expect(
        (await http(t.baseUrl, 'GET', `/api/v1/squads/${squad}/dashboard`, { auth: false })).status,
      ).toBe(401);
    });
  });

  describe('?asOf=', () => {
    const dashboard = async (asOf?: string) => {
      const response = await get(
        `/api/v1/grids/${grid}/dashboard${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`,
      );
      if (response.status !== 200)
        throw new Error(
          `dashboard asOf=${asOf} answered ${response.status}: ${JSON.stringify(response.body)}`,
        );
      return response.body;
    };
    const statuses = (body: any) =>
      Object.fromEntries(body.byTypeAndStatus.map((g: any) => [g.status, g.count]));

    it('grid dashboard: before a change the old numbers, after it the new ones, today the live ones', async () => {
      expect(await dashboard(cstDate(now - 25 * DAY_MS))).toMatchObject({ total: 0 });
      expect(statuses(await dashboard(cstDate(now - 15 * DAY_MS)))).toEqual({ reported: 1 });
      expect(statuses(await dashboard(cstDate(now - 7 * DAY_MS)))).toEqual({ registered: 1 });
      expect(statuses(await dashboard(new Date(now - 3 * DAY_MS).toISOString()))).toEqual({ in_progress: 1 });
      const live = await dashboard();
      expect(statuses(live)).toEqual({ resolved: 1 });
      const { asOf, snapshot, ...answered } = await dashboard(new Date().toISOString());
      // Answered from the dated snapshots (caught up: nothing after their checkpoint to fold).
      expect(snapshot).toMatchObject({ source: 'snapshots', eventsAfterCheckpoint: 0 });
      expect(Date.parse(asOf)).toBeLessThanOrEqual(Date.now());
      expect(answered).toEqual(live);
    });

    it('assessments: the unit appears with its dispatch, then its resolution', async () => {
      const months = `from=${cstDate(now - 40 * DAY_MS).slice(0, 7)}&to=${cstDate(now).slice(0, 7)}`;
      const unitAt = async (asOf: string) => {
        const response = await get(`/api/v1/assessments?${months}&asOf=${encodeURIComponent(asOf)}`);
        if (response.status !== 200)
          throw new Error(`assessments answered ${response.status}: ${JSON.stringify(response.body)}`);
        return response.body.units.find((u: any) => u.unitId === unitId);
      };
      expect(await unitAt(cstDate(now - 8 * DAY_MS))).toBeUndefined();
      // Per case (docs/assessment.md): one dispatched case, signed in time; resolved one day ago.
      expect((await unitAt(new Date(now - 3 * DAY_MS).toISOString())).figures).toMatchObject({
        response: { numerator: 1, denominator: 1 },
        extension: { numerator: 0, denominator: 1 },
        rework: { numerator: 0, denominator: 0 },
      });
      expect((await unitAt(new Date(now - DAY_MS).toISOString())).figures).toMatchObject({
        response: { numerator: 1, denominator: 1 },
        rework: { numerator: 0, denominator: 1 },
      });
      const live = (await get(`/api/v1/assessments?${months}`)).body.units.find(
        (u: any) => u.unitId === unitId,
      );
      expect(live).toEqual(await unitAt(new Date().toISOString()));
    });

    it('squad dashboard: a squad as it stood 50 and 30 days ago, and today the live numbers', async () => {
      const at = async (asOf: string) => {
        const response = await get(`/api/v1/squads/${squad}/dashboard?asOf=${encodeURIComponent(asOf)}`);
        if (response.status !== 200)
          throw new Error(`squad dashboard answered ${response.status}: ${JSON.stringify(response.body)}`);
        return response.body;
      };
      // 50 days ago only the case filed 100 days ago existed, its clock 50 days old: not overdue yet.
      expect(await at(cstDate(now - 50 * DAY_MS))).toMatchObject({
        total: 1,
        decisionClockRunning: 1,
        overdue: 0,
        decided: 0,
      });
      // 30 days ago the late payer's decision (36 days ago) was served and unpaid.
      expect(await at(cstDate(now - 30 * DAY_MS))).toMatchObject({
        total: 2,
        decided: 1,
        fines: { imposedFen: 100_000, collectedFen: 0, outstandingFen: 100_000 },
        snapshot: { source: 'snapshots' },
      });
      const { asOf: _asOf, snapshot: _snapshot, ...today } = await at(new Date().toISOString());
      expect(today).toEqual((await get(`/api/v1/squads/${squad}/dashboard`)).body);
      const other = await tokenFor(['squad_officer'], {
        kind: 'squad',
        id: randomUUID(),
        teamId: randomUUID(),
        domain: 'market_supervision',
      });
      expectProblem(
        await get(`/api/v1/squads/${squad}/dashboard?asOf=${cstDate(now - 30 * DAY_MS)}`, other),
        404,
        'SQUAD.NOT_FOUND',
      );
    });

    it('refuses an unreadable or future asOf with 400', async () => {
      const tomorrow = cstDate(now + 2 * DAY_MS);
      for (const bad of [
        'yesterday',
        '2026-02-30',
        '2026-13-01',
        '2026-03-01T10:00',
        tomorrow,
        new Date(now + 3_600_000).toISOString(),
      ]) {
        expectProblem(
          await get(`/api/v1/grids/${grid}/dashboard?asOf=${encodeURIComponent(bad)}`),
          400,
          'VALIDATION.FAILED',
          'asOf',
        );
        expectProblem(
          await get(`/api/v1/assessments?from=2026-01&to=2026-02&asOf=${encodeURIComponent(bad)}`),
          400,
          'VALIDATION.FAILED',
          'asOf',
        );
        expectProblem(
          await get(`/api/v1/squads/${squad}/dashboard?asOf=${encodeURIComponent(bad)}`),
          400,
          'VALIDATION.FAILED',
          'asOf',
        );
      }
    });
  });

  describe('GET /api/v1/assessments?level=squad', () => {
    const months = () => `from=${cstDate(now - 40 * DAY_MS).slice(0, 7)}&to=${cstDate(now).slice(0, 7)}`;
    const ours = (body: any) => body.squads.find((s: any) => s.squadId === squad);

    it('ranks squads by their own rates: screening, on-time decision (the 100-day-old filing past its limit counts), extension, collection', async () => {
      const response = await get(`/api/v1/assessments?level=squad&${months()}`);
      expect(response.status).toBe(200);
      expect(response.body.level).toBe('squad');
      // Filed today, 20 and 40 days ago (screened in time); two decided in time (fines 3,000 and 1,000 yuan);
      // the late payer's 1,000 yuan collected; the case filed 100 days ago passed its decision limit 10 days ago.
      // Collection counts only fines whose 15-day payment period has ended: the 3,000 yuan served 15 days
      // ago may still be paid today, so only the late payer's fine counts (collected).
      const squadAssessment = ours(response.body);
      expect(squadAssessment).toMatchObject({
        counters: {
          screened: 3,
          screenedInTime: 3,
          filed: 3,
          concluded: 2,
          concludedInTime: 2,
          extended: 0,
          imposedFen: 400_000,
          collectedFen: 100_000,
        },
        screeningOverdue: 0,
        decisionOverdue: 1,
        finesDue: { dueFen: 100_000, collectedFen: 100_000 },
        rates: { screening: 1, onTimeDecision: 2 / 3, extension: 0, collection: 1 },
      });
      expect(squadAssessment.score).toBeCloseTo(30 + (40 * 2) / 3 + 30, 9);
      expect(squadAssessment.rank).toBeGreaterThanOrEqual(1);
      const scores = response.body.squads.map((s: any) => s.score ?? -1);
      expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    });

    it('?asOf: 30 days ago one decision, nothing collected yet', async () => {
      const response = await get(
        `/api/v1/assessments?level=squad&${months()}&asOf=${cstDate(now - 30 * DAY_MS)}`,
      );
      expect(response.status).toBe(200);
      expect(ours(response.body)).toMatchObject({
        counters: { screened: 1, filed: 1, concluded: 1, imposedFen: 100_000, collectedFen: 0 },
        decisionOverdue: 0,
      });
      expect(response.body.snapshot).toMatchObject({ source: 'snapshots' });
    });

    it('a squad officer sees only their squad, area staff no squad', async () => {
      const own = await tokenFor(['squad_officer'], {
        kind: 'squad',
        id: squad,
        teamId: randomUUID(),
        domain: 'market_supervision',
      });
      const gridWorker = await tokenFor(['grid_worker'], { kind: 'grid', id: grid });
      expect(
        (await get(`/api/v1/assessments?level=squad&${months()}`, own)).body.squads.map(
          (s: any) => s.squadId,
        ),
      ).toEqual([squad]);
      expect((await get(`/api/v1/assessments?level=squad&${months()}`, gridWorker)).body.squads).toEqual([]);
    });
  });
});
