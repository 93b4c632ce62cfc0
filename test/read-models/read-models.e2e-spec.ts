import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '#event-store';
import { allProjections, ProjectionEngine } from '#projections';
import { waitUntilVisible } from '#projections/testing';
import { authHeader, http, startTestApp, type JsonResponse, type TestApp } from '../support/test-app.js';
import { disputeReport, must, newCase } from '../cases/case-api.js';

/**
 * The read side over HTTP. The harness runs without the worker (RUN_WORKER=false), so the spec
 * owns a ProjectionEngine on the app's database and event store and catches it up explicitly
 * (after the appends are visible to readers), instead of sleeping.
 */
describe('read models over HTTP', () => {
  let t: TestApp;
  let store: EventStore;
  let engine: ProjectionEngine;

  const ids: Record<string, string> = {};
  const cases: Record<string, string> = {};

  async function catchUp(): Promise<void> {
    await waitUntilVisible(store, t.database.pool);
    await engine.catchUp();
  }

  function expectProblem(response: JsonResponse, status: number, code: string, field?: string): void {
    if (response.status !== status)
      throw new Error(`expected ${status} ${code}, got ${response.status}: ${JSON.stringify(response.body)}`);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, code });
    if (field) expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  }

  const get = (path: string, headers: Record<string, string> = {}) =>
    http(t.baseUrl, 'GET', path, { headers });
  const registry = async (path: string, body: unknown): Promise<string> => {
    const response = await http(t.baseUrl, 'POST', `/api/v1/jurisdictions${path}`, { body });
    if (response.status !== 201)
      throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    engine = new ProjectionEngine(
      allProjections,
      { eventStore: store, pool: t.database.pool },
      { batchSize: 200 },
    );

    // Registered grids: community and street come from the registry.
    await registry('/district', {
      code: '510188',
      name: '读模型区',
      centre: { code: 'D-ZX', name: '区综治中心' },
      establishedOn: '2023-01-01',
    });
    ids.street = await registry('/streets', {
      code: 'S1',
      name: '一街道',
      kind: 'street',
      centre: { code: 'S1-ZX', name: '一街道综治中心' },
      establishedOn: '2023-01-01',
    });
    ids.community = await registry('/communities', {
      code: 'C1',
      name: '幸福社区',
      kind: 'community',
      parentId: ids.street,
      committee: { code: 'C1-JWH', name: '幸福社区居委会' },
      establishedOn: '2023-01-01',
    });
    ids.grid = await registry('/grids', {
      code: 'G1',
      name: '幸福一组网格',
      setting: 'urban',
      parentId: ids.community,
      establishedOn: '2023-01-01',
    });
    // A grid of another community: the registry decides every place a case names (ADR 0041).
    const otherCommunity = await registry('/communities', {
      code: 'C2',
      name: '和平社区',
      kind: 'community',
      parentId: ids.street,
      committee: { code: 'C2-JWH', name: '和平社区居委会' },
      establishedOn: '2023-01-01',
    });
    ids.otherGrid = await registry('/grids', {
      code: 'G2',
      name: '和平一组网格',
      setting: 'urban',
      parentId: otherCommunity,
      establishedOn: '2023-01-01',
    });

    const at = (gridId: string) => ({ gridId, address: 'Building 7, Lane 88' });
    // Created one after the other, so "newest first" has a defined order.
    cases.reported = await newCase(t.baseUrl, disputeReport({ location: at(ids.grid) }));
    cases.registered = await newCase(t.baseUrl, disputeReport({ location: at(ids.grid) }));
    await must(t.baseUrl, cases.registered, 'register');
    cases.dispatched = await newCase(t.baseUrl, disputeReport({ location: at(ids.grid) }));
    await must(t.baseUrl, cases.dispatched, 'register');
    await must(t.baseUrl, cases.dispatched, 'dispatch', { unit: { unitId: ids.grid, name: 'G1' } });
    cases.escalated = await newCase(t.baseUrl, disputeReport({ location: at(ids.grid) }));
    await must(t.baseUrl, cases.escalated, 'register');
    await must(t.baseUrl, cases.escalated, 'escalate', {
      reason: 'the building group cannot handle it',
      trigger: 'manual',
    });
    cases.elsewhere = await newCase(t.baseUrl, disputeReport({ location: at(ids.otherGrid) }));
    await catchUp();
  });
  afterAll(async () => {
    await engine?.stop();
    await t?.close();
  });

  describe('GET /api/v1/cases', () => {
    const list = async (query: string) => {
      const response = await get(`/api/v1/cases?${query}`);
      if (response.status !== 200)
        throw new Error(
          `GET /api/v1/cases?${query} answered ${response.status}: ${JSON.stringify(response.body)}`,
        );
      return response.body as { items: Array<Record<string, any>>; nextCursor: string | null };
    };
    const idsOf = (page: { items: Array<Record<string, any>> }) => page.items.map((item) => item.caseId);

    it("lists a grid's cases newest first, with community and street from the registry", async () => {
      const page = await list(`gridId=${ids.grid}`);
      expect(idsOf(page)).toEqual([cases.escalated, cases.dispatched, cases.registered, cases.reported]);
      expect(page.nextCursor).toBeNull();
      expect(page.items[0]).toMatchObject({
        type: 'dispute',
        gridId: ids.grid,
        communityId: ids.community,
        streetId: ids.street,
        open: true,
        overdue: false,
      });
      expect(page.items[0]).not.toHaveProperty('reporter');
    });

    it('filters by each field', async () => {
      expect(idsOf(await list(`gridId=${ids.grid}&status=registered`)).sort()).toEqual(
        [cases.registered, cases.escalated].sort(),
      );
      expect(idsOf(await list(`gridId=${ids.grid}&status=dispatched`))).toEqual([cases.dispatched]);
      expect(idsOf(await list(`gridId=${ids.grid}&type=dispute`))).toHaveLength(4);
      expect(idsOf(await list(`gridId=${ids.grid}&type=petition`))).toEqual([]);
      expect(idsOf(await list(`communityId=${ids.community}`))).toHaveLength(4);
      expect(idsOf(await list(`streetId=${ids.street}&level=community`))).toEqual([cases.escalated]);
      expect(idsOf(await list(`gridId=${ids.grid}&level=building`))).toHaveLength(3);
      expect(idsOf(await list(`gridId=${ids.otherGrid}`))).toEqual([cases.elsewhere]);
      expect(idsOf(await list(`squadId=${randomUUID()}`))).toEqual([]);
      expect(idsOf(await list(`gridId=${ids.grid}&overdue=true`))).toEqual([]);
      expect(idsOf(await list(`gridId=${ids.grid}&overdue=false`))).toHaveLength(4);
    });

    it('pages with the cursor: every case once, in order, then nextCursor null', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await list(
          `gridId=${ids.grid}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...idsOf(page));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(2);
      expect(seen).toEqual([cases.escalated, cases.dispatched, cases.registered, cases.reported]);
    });

    it('the case routes with a parameter still answer', async () => {
      expect((await get(`/api/v1/cases/${cases.registered}`)).body).toMatchObject({
        caseId: cases.registered,
        state: { status: 'registered' },
      });
      expect((await get(`/api/v1/cases/${cases.registered}/history`)).body).toHaveLength(2);
    });

    it('refuses bad query parameters with 400 problem+json', async () => {
      expectProblem(await get('/api/v1/cases?limit=201'), 400, 'VALIDATION.FAILED', 'limit');
      expectProblem(await get('/api/v1/cases?limit=0'), 400, 'VALIDATION.FAILED', 'limit');
      expectProblem(await get('/api/v1/cases?limit=abc'), 400, 'VALIDATION.FAILED', 'limit');
      expectProblem(await get('/api/v1/cases?limit=1&limit=2'), 400, 'VALIDATION.FAILED', 'limit');
      expectProblem(await get('/api/v1/cases?type=lawsuit'), 400, 'VALIDATION.FAILED', 'type');
      expectProblem(await get('/api/v1/cases?status=done'), 400, 'VALIDATION.FAILED', 'status');
      expectProblem(await get('/api/v1/cases?gridId=not-a-uuid'), 400, 'VALIDATION.FAILED', 'gridId');
      expectProblem(await get('/api/v1/cases?level=city'), 400, 'VALIDATION.FAILED', 'level');
      expectProblem(await get('/api/v1/cases?overdue=yes'), 400, 'VALIDATION.FAILED', 'overdue');
      expectProblem(await get('/api/v1/cases?cursor=garbage'), 400, 'VALIDATION.FAILED', 'cursor');
      expectProblem(await get('/api/v1/cases?colour=red'), 400, 'VALIDATION.FAILED');
    });
  });

  describe('dashboards, assessments, escalations, overdue', () => {
    it('GET /api/v1/grids/{gridId}/dashboard counts by type and status, open and escalated', async () => {
      const response = await get(`/api/v1/grids/${ids.grid}/dashboard`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ gridId: ids.grid, total: 4, open: 4, overdue: 0, escalated: 1 });
      const counts = Object.fromEntries(
        response.body.byTypeAndStatus.map((g: any) => [`${g.type}/${g.status}`, g.count]),
      );
      expect(counts).toEqual({ 'dispute/reported': 1, 'dispute/registered': 2, 'dispute/dispatched': 1 });
      expect(response.body.rates).toBeDefined();
      const empty = await get(`/api/v1/grids/${randomUUID()}/dashboard`);
      expect(empty.body).toMatchObject({ total: 0, open: 0 });
    });

    it('dashboard: a bad asOf is 400 (asOf itself: squad-dashboard-and-as-of.e2e-spec), a bad grid id is 400', async () => {
      expectProblem(
        await get(`/api/v1/grids/${ids.grid}/dashboard?asOf=someday`),
        400,
        'VALIDATION.FAILED',
        'asOf',
      );
      expectProblem(await get('/api/v1/grids/nope/dashboard'), 400, 'VALIDATION.FAILED', 'gridId');
    });

    it('GET /api/v1/assessments ranks units per level; docs/api.md levels map to case levels', async () => {
      const month = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
      })
        .format(new Date())
        .slice(0, 7);
      const all = await get(`/api/v1/assessments?from=${month}&to=${month}`);
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ from: month, to: month, level: null });
      const dispatchedUnit =
        all.body.units.find((u: any) => u.figures.extension.denominator > 0) ?? all.body.units[0];
      expect(dispatchedUnit).toMatchObject({ level: 'grid', caseLevel: 'building' });
      const grid = await get(`/api/v1/assessments?level=grid&from=${month}&to=${month}`);
      expect(grid.body.units.length).toBeGreaterThan(0);
      expect(grid.body.units.every((u: any) => u.level === 'grid')).toBe(true);
      expect((await get(`/api/v1/assessments?level=street&from=${month}&to=${month}`)).body.units).toEqual(
        [],
      );
      // Squads have rates of their own (squad-dashboard-and-as-of.e2e-spec): no case here is an enforcement case.
      expect((await get(`/api/v1/assessments?level=squad&from=${month}&to=${month}`)).body).toMatchObject({
        level: 'squad',
        squads: [],
      });
      expectProblem(
        await get('/api/v1/assessments?level=city&from=2026-01&to=2026-02'),
        400,
        'VALIDATION.FAILED',
        'level',
      );
      expectProblem(
        await get('/api/v1/assessments?from=2026-13&to=2026-02'),
        400,
        'VALIDATION.FAILED',
        'from',
      );
      expectProblem(await get('/api/v1/assessments?from=2026-03&to=2026-02'), 400, 'VALIDATION.FAILED', 'to');
      expectProblem(await get('/api/v1/assessments?to=2026-02'), 400, 'VALIDATION.FAILED', 'from');
    });

    it('GET /api/v1/escalations groups open escalations by level; GET /api/v1/overdue lists overdue cases', async () => {
      const board = await get('/api/v1/escalations');
      expect(board.status).toBe(200);
      expect(board.body.byLevel.community.map((e: any) => e.caseId)).toEqual([cases.escalated]);
      expect(board.body.byLevel.community[0]).toMatchObject({ fromLevel: 'building', toLevel: 'community' });
      expect((await get('/api/v1/escalations?level=street')).body.byLevel).toEqual({});
      expectProblem(
        await get('/api/v1/escalations?limitPerLevel=1000'),
        400,
        'VALIDATION.FAILED',
        'limitPerLevel',
      );
      const overdue = await get(`/api/v1/overdue?gridId=${ids.grid}`);
      expect(overdue.status).toBe(200);
      expect(overdue.body.items).toEqual([]);
      expectProblem(await get('/api/v1/overdue?limit=5000'), 400, 'VALIDATION.FAILED', 'limit');
    });
  });

  describe('projections and the event log', () => {
    it('GET /api/v1/projections: every read model running at the head with zero lag after catch-up', async () => {
      const response = await get('/api/v1/projections');
      expect(response.status).toBe(200);
      expect(response.body.items.map((p: any) => p.name)).toEqual(allProjections.map((p) => p.name));
      const head = (await store.headPosition()).toString();
      for (const projection of response.body.items) {
        expect(projection).toMatchObject({
          state: 'running',
          lagEvents: 0,
          lagSeconds: 0,
          lastError: null,
          parkedEvents: [],
        });
        expect(typeof projection.checkpoint).toBe('string');
        expect(BigInt(projection.checkpoint)).toBeGreaterThan(0n);
        expect(BigInt(projection.checkpoint)).toBeLessThanOrEqual(BigInt(head));
      }
      const caseList = response.body.items.find((p: any) => p.name === 'case-list');
      expect(caseList.checkpoint).toBe(head);
    });

    it('a new case shows as lag until the projections catch up; /health and /metrics say so', async () => {
      await newCase(t.baseUrl, disputeReport({ location: { gridId: ids.otherGrid } }));
      await waitUntilVisible(store, t.database.pool);
      const behind = (await get('/api/v1/projections')).body.items.find((p: any) => p.name === 'case-list');
      expect(behind.lagEvents).toBe(1);
      const health = await get('/health');
      expect(health.body.checks.projections.details.projections['case-list']).toMatchObject({ lagEvents: 1 });
      await engine.catchUp();
      const healthy = await get('/health');
      expect(healthy.status).toBe(200);
      expect(healthy.body.checks.projections).toMatchObject({ ok: true });
      const metrics = String((await get('/metrics')).body);
      expect(metrics).toMatch(/gridcase_projection_lag_events\{projection="case-list"\} 0/);
      expect(metrics).toMatch(/gridcase_projection_checkpoint\{projection="case-list"\} [1-9]/);
      expect(metrics).toMatch(/gridcase_projection_state\{projection="case-list",state="running"\} 1/);
      expect(metrics).toContain('gridcase_projection_lag_seconds{projection="grid-dashboard"}');
    });

    it('skip: unknown projection or no parked event → 404, bad position → 400', async () => {
      expectProblem(
        await http(t.baseUrl, 'POST', '/api/v1/projections/nope/parked/1/skip', { body: {} }),
        404,
        'PROJECTION.NOT_FOUND',
      );
      expectProblem(
        await http(t.baseUrl, 'POST', '/api/v1/projections/case-list/parked/1/skip', { body: {} }),
        404,
        'PROJECTION.PARKED_EVENT_NOT_FOUND',
      );
      expectProblem(
        await http(t.baseUrl, 'POST', '/api/v1/projections/case-list/parked/-1/skip', { body: {} }),
        400,
        'VALIDATION.FAILED',
        'position',
      );
    });

    it('GET /api/v1/events pages the log in order with string positions and an exclusive cursor', async () => {
      const first = await get('/api/v1/events?limit=5');
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(5);
      const positions = first.body.items.map((e: any) => BigInt(e.position));
      expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
      expect(first.body.items[0]).toMatchObject({ type: 'DistrictCreated', revision: '0' });
      // The cursor is the last position of the page: the next page starts after it (never at position + 1).
      expect(first.body.nextCursor).toBe(positions[4]!.toString());
      const all: any[] = [];
      let page = await get('/api/v1/events?fromPosition=0&limit=7');
      for (let i = 0; i < 50 && page.body.items.length > 0; i++) {
        all.push(...page.body.items);
        page = await get(`/api/v1/events?cursor=${page.body.nextCursor}&limit=7`);
      }
      const stored = await store.readAll({ maxCount: 10_000 });
      expect(all.map((e) => e.id)).toEqual(stored.map((e) => e.id));
      expect(all.map((e) => e.position)).toEqual(stored.map((e) => e.globalPosition.toString()));
      // At the head an empty page keeps the cursor, so a follower asks the same again later.
      const last = stored[stored.length - 1]!.globalPosition.toString();
      expect((await get(`/api/v1/events?cursor=${last}`)).body).toEqual({ items: [], nextCursor: last });
      // An event's position as the cursor reads what follows it.
      const afterSecond = await get(`/api/v1/events?cursor=${stored[1]!.globalPosition}&limit=2`);
      expect(afterSecond.body.items.map((e: any) => e.id)).toEqual(stored.slice(2, 4).map((e) => e.id));
    });

    it('GET /api/v1/events with Accept: application/x-ndjson streams one event per line', async () => {
      const response = await fetch(`${t.baseUrl}/api/v1/events?fromPosition=0`, {
        headers: { accept: 'application/x-ndjson', ...authHeader(t.baseUrl) },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/x-ndjson');
      const lines = (await response.text()).split('\n');
      expect(lines.pop()).toBe('');
      const events = lines.map((line) => JSON.parse(line));
      const stored = await store.readAll({ maxCount: 10_000 });
      expect(events.map((e) => e.position)).toEqual(stored.map((e) => e.globalPosition.toString()));
      const limited = await fetch(
        `${t.baseUrl}/api/v1/events?fromPosition=${stored[2]!.globalPosition}&limit=3`,
        { headers: { accept: 'application/x-ndjson', ...authHeader(t.baseUrl) } },
      );
      expect(
        (await limited.text())
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line).id),
      ).toEqual(stored.slice(2, 5).map((e) => e.id));
    });

    it('GET /api/v1/events refuses bad parameters', async () => {
      expectProblem(await get('/api/v1/events?fromPosition=-1'), 400, 'VALIDATION.FAILED', 'fromPosition');
      expectProblem(await get('/api/v1/events?fromPosition=abc'), 400, 'VALIDATION.FAILED', 'fromPosition');
      expectProblem(await get('/api/v1/events?cursor=-1'), 400, 'VALIDATION.FAILED', 'cursor');
      expectProblem(
        await get('/api/v1/events?cursor=99999999999999999999'),
        400,
        'VALIDATION.FAILED',
        'cursor',
      );
      expectProblem(await get('/api/v1/events?cursor=1&fromPosition=1'), 400, 'VALIDATION.FAILED', 'cursor');
      expectProblem(await get('/api/v1/events?limit=1001'), 400, 'VALIDATION.FAILED', 'limit');
      expectProblem(await get('/api/v1/events?limit=0'), 400, 'VALIDATION.FAILED', 'limit');
      expectProblem(await get('/api/v1/events?from=1'), 400, 'VALIDATION.FAILED');
    });
  });
});
