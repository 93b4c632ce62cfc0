import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '#event-store';
import { DEMO_DISTRICT_CODE, registryStreamName } from '#registry-domain';
import { formatSeedLine, seedDemoDistrict, type SeedDemoDistrictResult } from '#runtime';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectProblem, get, must, post, streamRevision } from './registry-api.js';

/** docs/domain.md §1: the figures the demo district must hit exactly. */
const SECTION_1 = {
  grids: 199,
  urban: 92,
  rural: 107,
  workers: 547,
  a_post: 147,
  b_post: 400,
  accounts: 548,
  branches: 204,
  committees: 103,
  teams: 5,
};
const STREAM = registryStreamName(DEMO_DISTRICT_CODE);

interface TreeNode {
  id: string;
  code: string;
  kind: string;
  setting?: string;
  children: TreeNode[];
}
const walk = (node: TreeNode, visit: (n: TreeNode, parent?: TreeNode) => void, parent?: TreeNode) => {
  visit(node, parent);
  for (const child of node.children) walk(child, visit, node);
};

describe('the demo district, seeded and served over HTTP', () => {
  let t: TestApp;
  let store: EventStore;
  let seeded: SeedDemoDistrictResult;
  let tree: TreeNode;
  const urbanGrids: TreeNode[] = [];
  const villages: TreeNode[] = [];
  const streetCommunities: TreeNode[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    seeded = await seedDemoDistrict(store);
    const response = await get(t.baseUrl, '/tree');
    expect(response.status).toBe(200);
    tree = response.body.tree;
    walk(tree, (n, parent) => {
      if (n.kind === 'grid' && n.setting === 'urban') urbanGrids.push(n);
      if (n.kind === 'village') villages.push(n);
      if (n.kind === 'community' && parent?.kind === 'street') streetCommunities.push(n);
    });
  });
  afterAll(async () => t?.close());

  it('hits the figures of docs/domain.md §1 exactly, counted from the stream read back', async () => {
    expect(seeded.counts).toEqual(SECTION_1);
    expect(seeded.chunksApplied).toBe(seeded.chunks);
    expect(formatSeedLine(seeded.counts)).toBe(
      'seeded: grids=199 urban=92 rural=107 workers=547 a_post=147 b_post=400 accounts=548 branches=204 committees=103 teams=5',
    );
    const summary = await get(t.baseUrl, '');
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      districtCode: DEMO_DISTRICT_CODE,
      revision: Number(seeded.revision),
      counts: SECTION_1,
    });
    expect(summary.headers.get('etag')).toBe(`"${seeded.revision}"`);
    let grids = 0;
    walk(tree, (n) => (grids += n.kind === 'grid' ? 1 : 0));
    expect(grids).toBe(199);
  });

  it('a second seed is a no-op: nothing appended, stream revision unchanged', async () => {
    const before = await streamRevision(store, STREAM);
    const again = await seedDemoDistrict(store);
    expect(again.chunksApplied).toBe(0);
    expect(again.revision).toBe(seeded.revision);
    expect(await streamRevision(store, STREAM)).toBe(before);
    expect(again.counts).toEqual(SECTION_1);
  });

  it('serves a grid with its workers and party branch, the squads with their areas, and a handling chain', async () => {
    const grid = await get(t.baseUrl, `/grids/${urbanGrids[0]!.id}`);
    expect(grid.status).toBe(200);
    expect(grid.body.grid.workers.length).toBeGreaterThanOrEqual(2);
    expect(grid.body.grid.branches[0].secretary).not.toBeNull();
    expect(grid.body.grid.jointCommittee).not.toBeNull();

    const squads = await get(t.baseUrl, '/squads');
    expect(squads.status).toBe(200);
    expect(squads.body.teams).toHaveLength(5);
    const areaSquad = squads.body.teams[0].squads.find((q: { kind: string }) => q.kind === 'area');
    expect(areaSquad.areas.length).toBeGreaterThan(0);
    const one = await get(t.baseUrl, `/squads/${areaSquad.id}`);
    expect(one.status).toBe(200);
    expect(one.body.squad.id).toBe(areaSquad.id);

    const building = urbanGrids[0]!.children[0]!;
    const chain = await get(t.baseUrl, `/nodes/${building.id}/handling-chain`);
    expect(chain.status).toBe(200);
    expect(chain.body.steps.map((s: { level: string }) => s.level)).toEqual([
      'building',
      'community',
      'street',
      'district',
    ]);
    expect(chain.body.steps[0].handler).toMatchObject({ kind: 'grid', id: urbanGrids[0]!.id });

    const node = await get(t.baseUrl, `/nodes/${streetCommunities[0]!.id}`);
    expect(node.status).toBe(200);
    expect(node.body.node.residentCommittees.length).toBeGreaterThan(0);
    expect(node.body.path.map((r: { kind: string }) => r.kind)).toEqual(['district', 'street', 'community']);
  });

  it('a building moved between grids is in the old grid before the move and in the new one from its effective date', async () => {
    const [from, to] = [urbanGrids[0]!, urbanGrids[1]!];
    const created = await must(t.baseUrl, '/buildings', {
      code: `E2E-MOVE-${Date.now()}`,
      name: '测试楼 1 栋',
      buildingType: 'building',
      gridId: from.id,
      establishedOn: '2022-01-10',
    });
    const buildingId = created.body.id as string;
    expect(created.headers.get('location')).toBe(`/api/v1/jurisdictions/nodes/${buildingId}`);
    const moved = await must(
      t.baseUrl,
      `/buildings/${buildingId}/move`,
      { toGridId: to.id, effectiveDate: '2024-06-01' },
      200,
    );
    expect(moved.body.events).toEqual(['BuildingMoved']);

    const inGrid = async (gridId: string, asOf: string) =>
      ((await get(t.baseUrl, `/grids/${gridId}?asOf=${asOf}`)).body.grid.buildings as { id: string }[]).some(
        (b) => b.id === buildingId,
      );
    expect(await inGrid(from.id, '2024-05-31')).toBe(true);
    expect(await inGrid(to.id, '2024-05-31')).toBe(false);
    expect(await inGrid(from.id, '2024-06-01')).toBe(false);
    expect(await inGrid(to.id, '2024-06-01')).toBe(true);

    const before = await get(t.baseUrl, `/nodes/${buildingId}?asOf=2024-05-31`);
    const after = await get(t.baseUrl, `/nodes/${buildingId}?asOf=2024-06-01`);
    expect(before.body.node.parent.id).toBe(from.id);
    expect(after.body.node.parent.id).toBe(to.id);
    const chainBefore = await get(t.baseUrl, `/nodes/${buildingId}/handling-chain?asOf=2024-05-31`);
    expect(chainBefore.body.steps[0].handler.id).toBe(from.id);
    // Not yet built on that date.
    expectProblem(
      await get(t.baseUrl, `/nodes/${buildingId}?asOf=2021-12-31`),
      404,
      'REGISTRY.UNKNOWN_ENTITY',
    );
  });

  it('refuses invalid registry commands with problem+json and appends nothing', async () => {
    const before = await streamRevision(store, STREAM);
    const community = streetCommunities[0]!;
    const cases: Array<[string, unknown, number, string]> = [
      [
        '/grids',
        { code: 'E2E-ORPHAN', name: '孤儿网格', setting: 'urban', parentId: randomUUID() },
        422,
        'REGISTRY.UNKNOWN_PARENT',
      ],
      [
        '/grids',
        { code: urbanGrids[0]!.code, name: '重复编码网格', setting: 'urban', parentId: community.id },
        409,
        'REGISTRY.DUPLICATE_CODE',
      ],
      [
        '/communities',
        {
          code: 'E2E-C',
          name: '无主社区',
          kind: 'community',
          parentId: randomUUID(),
          committee: { code: 'E2E-C-JWH', name: '居委会' },
        },
        422,
        'REGISTRY.UNKNOWN_PARENT',
      ],
      [
        '/grids',
        { code: 'E2E-URBAN-IN-VILLAGE', name: '村里的城市网格', setting: 'urban', parentId: villages[0]!.id },
        422,
        'REGISTRY.INVALID_PARENT',
      ],
      [
        '/grids',
        { code: 'E2E-RURAL-2', name: '第二个农村网格', setting: 'rural', parentId: villages[0]!.id },
        409,
        'REGISTRY.RURAL_GRID_EXISTS',
      ],
      [
        '/district',
        { code: '519903', name: '第二个区', centre: { code: 'X-ZX', name: '中心' } },
        409,
        'REGISTRY.DISTRICT_ALREADY_CREATED',
      ],
      [
        `/buildings/${randomUUID()}/move`,
        { toGridId: urbanGrids[0]!.id, effectiveDate: '2025-01-01' },
        404,
        'REGISTRY.UNKNOWN_ENTITY',
      ],
      [
        '/grids',
        { code: 'E2E-X', name: 'x', setting: 'urban', parentId: community.id, colour: 'red' },
        400,
        'VALIDATION.FAILED',
      ],
      [
        '/grids',
        { code: 'bad code!', name: ' padded ', setting: 'suburban', parentId: 'nope' },
        400,
        'VALIDATION.FAILED',
      ],
      [
        '/buildings',
        {
          code: 'E2E-B',
          name: 'b',
          buildingType: 'building',
          gridId: urbanGrids[0]!.id,
          establishedOn: '2024-02-30',
        },
        400,
        'VALIDATION.FAILED',
      ],
      [
        '/buildings',
        {
          code: 'E2E-B',
          name: 'b',
          buildingType: 'building',
          gridId: urbanGrids[0]!.id,
          establishedOn: '2020-01-01',
        },
        422,
        'REGISTRY.PARENT_NOT_YET_ESTABLISHED',
      ],
      [
        '/squads',
        { code: 'E2E-Q', name: 'q', teamId: randomUUID(), kind: 'specialised' },
        422,
        'REGISTRY.UNKNOWN_PARENT',
      ],
    ];
    for (const [path, body, status, code] of cases) {
      const response = await post(t.baseUrl, path, body);
      try {
        expectProblem(response, status, code);
      } catch (error) {
        throw new Error(`POST ${path} ${JSON.stringify(body)}: ${(error as Error).message}`);
      }
    }
    expectProblem(await get(t.baseUrl, '/tree?asOf=2024-13-01'), 400, 'VALIDATION.FAILED');
    expectProblem(await get(t.baseUrl, '/grids/not-a-uuid'), 400, 'VALIDATION.FAILED');
    expectProblem(await get(t.baseUrl, `/grids/${randomUUID()}`), 404, 'REGISTRY.UNKNOWN_ENTITY');
    expect(await streamRevision(store, STREAM)).toBe(before);
  });

  it('honours If-Match (412 on a stale revision) and Idempotency-Key (a retry appends nothing)', async () => {
    const revision = await streamRevision(store, STREAM);
    const body = {
      code: `E2E-B-${Date.now()}`,
      name: '幂等楼',
      buildingType: 'courtyard',
      gridId: urbanGrids[2]!.id,
    };
    expectProblem(
      await post(t.baseUrl, '/buildings', body, { 'If-Match': `"${revision - 1}"` }),
      412,
      'CONCURRENCY.PRECONDITION_FAILED',
    );
    expect(await streamRevision(store, STREAM)).toBe(revision);

    const key = randomUUID();
    const first = await post(t.baseUrl, '/buildings', body, {
      'Idempotency-Key': key,
      'If-Match': `"${revision}"`,
    });
    expect(first.status).toBe(201);
    expect(first.headers.get('etag')).toBe(`"${revision + 1}"`);
    const retry = await post(t.baseUrl, '/buildings', body, {
      'Idempotency-Key': key,
      'If-Match': `"${revision}"`,
    });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await streamRevision(store, STREAM)).toBe(revision + 1);
    const other = await post(
      t.baseUrl,
      '/buildings',
      { ...body, name: '别的楼' },
      { 'Idempotency-Key': key },
    );
    expectProblem(other, 422, 'IDEMPOTENCY.KEY_REUSED');
    // The query side sees the new building at once (the cache took the pipeline's state).
    const grid = await get(t.baseUrl, `/grids/${urbanGrids[2]!.id}`);
    expect(grid.body.revision).toBe(revision + 1);
    expect(grid.body.grid.buildings.map((b: { id: string }) => b.id)).toContain(first.body.id);
  });
});
