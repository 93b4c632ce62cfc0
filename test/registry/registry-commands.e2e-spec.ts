import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '#event-store';
import { registryStreamName } from '#registry-domain';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectProblem, get, must, post, streamRevision } from './registry-api.js';

const CODE = '510199';

describe('an administrator builds a district over HTTP from an empty deployment', () => {
  let t: TestApp;
  let store: EventStore;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
  });
  afterAll(async () => t?.close());

  it('has no district yet: queries 404, commands other than CreateDistrict 409', async () => {
    expectProblem(await get(t.baseUrl, '/tree'), 404, 'REGISTRY.DISTRICT_NOT_CREATED');
    expectProblem(
      await post(t.baseUrl, '/streets', {
        code: 'S1',
        name: '一街道',
        kind: 'street',
        centre: { code: 'S1-ZX', name: '一街道综治中心' },
      }),
      409,
      'REGISTRY.DISTRICT_NOT_CREATED',
    );
    expect(await streamRevision(store, registryStreamName(CODE))).toBe(-1);
  });

  it('creates district, street, township, community, village, grids, building, worker, branch, committee, team and squad', async () => {
    const d = await must(t.baseUrl, '/district', {
      code: CODE,
      name: '测试区',
      centre: { code: 'D-ZX', name: '区综治中心' },
      establishedOn: '2023-01-01',
    });
    expect(d.body).toMatchObject({ revision: 0, events: ['DistrictCreated'] });
    expect(d.headers.get('etag')).toBe('"0"');
    ids.district = d.body.id;
    ids.street = (
      await must(t.baseUrl, '/streets', {
        code: 'S1',
        name: '一街道',
        kind: 'street',
        centre: { code: 'S1-ZX', name: '一街道综治中心' },
        establishedOn: '2023-01-01',
      })
    ).body.id;
    ids.township = (
      await must(t.baseUrl, '/streets', {
        code: 'T1',
        name: '一镇',
        kind: 'township',
        centre: { code: 'T1-ZX', name: '一镇综治中心' },
        establishedOn: '2023-01-01',
      })
    ).body.id;
    ids.community = (
      await must(t.baseUrl, '/communities', {
        code: 'C1',
        name: '幸福社区',
        kind: 'community',
        parentId: ids.street,
        committee: { code: 'C1-JWH', name: '幸福社区居委会' },
        establishedOn: '2023-01-01',
      })
    ).body.id;
    ids.community2 = (
      await must(t.baseUrl, '/communities', {
        code: 'C2',
        name: '和平社区',
        kind: 'community',
        parentId: ids.street,
        committee: { code: 'C2-JWH', name: '和平社区居委会' },
        establishedOn: '2023-01-01',
      })
    ).body.id;
    ids.village = (
      await must(t.baseUrl, '/communities', {
        code: 'V1',
        name: '桃园村',
        kind: 'village',
        parentId: ids.township,
        committee: { code: 'V1-CWH', name: '桃园村村委会' },
        establishedOn: '2023-01-01',
      })
    ).body.id;
    const grid = await must(t.baseUrl, '/grids', {
      code: 'G1',
      name: '幸福一组网格',
      setting: 'urban',
      parentId: ids.community,
      establishedOn: '2023-01-01',
    });
    ids.grid = grid.body.id;
    expect(grid.headers.get('location')).toBe(`/api/v1/jurisdictions/grids/${ids.grid}`);
    ids.ruralGrid = (
      await must(t.baseUrl, '/grids', {
        code: 'RG1',
        name: '桃园村网格',
        setting: 'rural',
        parentId: ids.village,
      })
    ).body.id;
    ids.building = (
      await must(t.baseUrl, '/buildings', {
        code: 'B1',
        name: '1 栋',
        buildingType: 'building',
        gridId: ids.grid,
        establishedOn: '2023-01-01',
      })
    ).body.id;
    await must(t.baseUrl, '/grid-workers', {
      code: 'W1',
      name: '赵敏',
      post: 'A',
      accountName: 'zhaomin',
      gridId: ids.grid,
      registeredOn: '2023-02-01',
    });
    await must(t.baseUrl, '/party-branches', { code: 'PB1', name: '幸福一组网格党支部', gridId: ids.grid });
    await must(t.baseUrl, '/resident-committees', {
      code: 'RC1',
      name: '幸福社区居民自治管理委员会',
      communityId: ids.community,
    });
    ids.team = (
      await must(t.baseUrl, '/enforcement-teams', {
        code: 'T-CG',
        name: '城市管理综合执法大队',
        domain: 'urban_management',
      })
    ).body.id;
    const squad = await must(t.baseUrl, '/squads', {
      code: 'T-CG-PQ1',
      name: '一街道片区中队',
      teamId: ids.team,
      kind: 'area',
      areaIds: [ids.street],
    });
    ids.squad = squad.body.id;
    expect(squad.headers.get('location')).toBe(`/api/v1/jurisdictions/squads/${ids.squad}`);

    const summary = await get(t.baseUrl, '');
    expect(summary.body).toMatchObject({
      districtCode: CODE,
      districtId: ids.district,
      counts: {
        grids: 2,
        urban: 1,
        rural: 1,
        workers: 1,
        a_post: 1,
        b_post: 0,
        accounts: 1,
        branches: 1,
        committees: 1,
        teams: 1,
      },
    });
    expect(summary.body.revision).toBe(await streamRevision(store, registryStreamName(CODE)));

    const gridView = await get(t.baseUrl, `/grids/${ids.grid}`);
    expect(gridView.body.grid.workers.map((w: { accountName: string }) => w.accountName)).toEqual([
      'zhaomin',
    ]);
    expect(gridView.body.grid.branches.map((b: { code: string }) => b.code)).toEqual(['PB1']);
    // The worker was registered on 2023-02-01: not there the day before.
    expect((await get(t.baseUrl, `/grids/${ids.grid}?asOf=2023-01-31`)).body.grid.workers).toEqual([]);
    const squads = await get(t.baseUrl, '/squads');
    expect(squads.body.teams[0].squads[0].areas.map((a: { id: string }) => a.id)).toEqual([ids.street]);
  });

  it('moves a grid to another community from an effective date on, keeping the history', async () => {
    const moved = await must(
      t.baseUrl,
      `/grids/${ids.grid}/move`,
      { toParentId: ids.community2, effectiveDate: '2025-07-01' },
      200,
    );
    expect(moved.body.events).toEqual(['GridMoved']);
    const parentOn = async (asOf: string) =>
      (await get(t.baseUrl, `/nodes/${ids.grid}?asOf=${asOf}`)).body.node.parent.id;
    expect(await parentOn('2025-06-30')).toBe(ids.community);
    expect(await parentOn('2025-07-01')).toBe(ids.community2);
    const chain = await get(t.baseUrl, `/nodes/${ids.building}/handling-chain?asOf=2025-07-01`);
    expect(chain.body.steps.map((s: { node: { id: string } }) => s.node.id)).toEqual([
      ids.building,
      ids.community2,
      ids.street,
      ids.district,
    ]);
    // Same date again: the decider wants a strictly later change.
    expectProblem(
      await post(t.baseUrl, `/grids/${ids.grid}/move`, {
        toParentId: ids.community,
        effectiveDate: '2025-07-01',
      }),
      422,
      'REGISTRY.EFFECTIVE_DATE_NOT_AFTER_LAST_CHANGE',
    );
    // A rural grid cannot become urban by moving into a street's community.
    expectProblem(
      await post(t.baseUrl, `/grids/${ids.ruralGrid}/move`, {
        toParentId: ids.community,
        effectiveDate: '2025-08-01',
      }),
      422,
      'REGISTRY.INVALID_PARENT',
    );
  });

  it('a registry stream written by another process is seen by the next query (catch-up read of the new events only)', async () => {
    const stream = registryStreamName(CODE);
    const revision = await streamRevision(store, stream);
    // Append as another process would: straight to the store, bypassing this app's cache.
    await store.appendToStream(
      stream,
      [
        {
          id: '4d1c2a60-8a7e-5e0c-9f1b-3b2a1c0d9e8f',
          type: 'GridPartyBranchFounded',
          data: {
            id: '7a0d3e52-1b2c-5d4e-8f6a-9b0c1d2e3f40',
            code: 'PB-EXT',
            name: '外部写入支部',
            gridId: ids.grid,
            foundedOn: '2024-01-01',
          },
          metadata: {
            actor: 'other-process',
            correlationId: 'c',
            causationId: 'c',
            occurredAt: new Date().toISOString(),
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: BigInt(revision) },
    );
    const summary = await get(t.baseUrl, '');
    expect(summary.body.revision).toBe(revision + 1);
    expect(summary.body.counts.branches).toBe(2);
  });
});
