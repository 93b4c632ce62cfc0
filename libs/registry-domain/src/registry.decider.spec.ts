import { describe, expect, it } from '@jest/globals';
import { deciderSpecification } from '#domain-kernel/testing';
import {
  approvalFixtureCommands,
  fixtureEvents,
  fixtureId,
  fixtureMeta,
  fx,
  fxStaff,
} from '#registry-domain/testing';
import {
  decideAll,
  registryDecider,
  registryId,
  registryStreamName,
  type AppointApprovingPost,
  type EndApprovingPost,
  type RegistryCommand,
  type RegistryEvent,
  type RegistryState,
} from './index.js';

const fixtureState = (events: RegistryEvent[] = fixtureEvents()): RegistryState =>
  events.reduce(registryDecider.evolve, registryDecider.initialState());

const spec = deciderSpecification(registryDecider);
const metadata = fixtureMeta('2024-03-01T09:00:00+08:00');
const given = fixtureEvents();
const cmd = <C extends RegistryCommand>(type: C['type'], data: C['data'], meta = metadata) =>
  ({ type, data, metadata: meta }) as C;

/** Fixture plus extra commands decided on top of it. */
const givenPlus = (...commands: RegistryCommand[]): RegistryEvent[] => {
  let events = [...given];
  for (const command of commands) {
    const state = events.reduce(registryDecider.evolve, registryDecider.initialState());
    events = [...events, ...registryDecider.decide(command, state)];
  }
  return events;
};

describe('registry ids and stream', () => {
  it('derives one stream per district and UUID v5 ids from district, space and code', () => {
    expect(registryStreamName('519902')).toBe('registry-519902');
    expect(registryId('510000', 'grid', 'G1')).toBe(registryId('510000', 'grid', 'G1'));
    expect(registryId('510000', 'grid', 'G1')).not.toBe(registryId('510001', 'grid', 'G1'));
    expect(registryId('510000', 'grid', 'G1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('CreateDistrict', () => {
  it('opens the district with its governance centre, dated from metadata.now in China time', () => {
    spec
      .given([])
      .when(
        cmd(
          'CreateDistrict',
          { code: '510000', name: '测试区', centre: { code: 'D-ZX', name: '综治中心' } },
          fixtureMeta('2023-12-31T17:00:00Z'),
        ),
      )
      .then([
        {
          type: 'DistrictCreated',
          data: {
            districtId: fx.district,
            code: '510000',
            name: '测试区',
            centre: { unitId: fx.districtCentre, code: 'D-ZX', name: '综治中心' },
            establishedOn: '2024-01-01',
          },
        },
      ]);
  });
  it('refuses a second district on the same stream', () => {
    spec
      .given(given)
      .when(cmd('CreateDistrict', { code: '510009', name: '另一区', centre: { code: 'X', name: 'x' } }))
      .thenThrows('REGISTRY.DISTRICT_ALREADY_CREATED');
  });
  it('refuses any other command before the district exists', () => {
    spec
      .given([])
      .when(
        cmd('CreateStreetOrTownship', {
          code: 'S1',
          name: '城东街道',
          kind: 'street',
          centre: { code: 'S1-ZX', name: 'x' },
        }),
      )
      .thenThrows('REGISTRY.DISTRICT_NOT_CREATED');
  });
  it('refuses malformed input as INVALID_COMMAND', () => {
    spec
      .given([])
      .when(cmd('CreateDistrict', { code: 'bad code!', name: '测试区', centre: { code: 'D', name: 'x' } }))
      .thenThrows('REGISTRY.INVALID_COMMAND');
    spec
      .given([])
      .when(cmd('CreateDistrict', { code: 'D', name: '', centre: { code: 'D', name: 'x' } }))
      .thenThrows('REGISTRY.INVALID_COMMAND');
    spec
      .given([])
      .when(
        cmd('CreateDistrict', {
          code: 'D',
          name: '区',
          centre: { code: 'C', name: 'x' },
          establishedOn: '2024-02-30',
        }),
      )
      .thenThrows('REGISTRY.INVALID_COMMAND');
    spec
      .given([])
      .when(
        cmd(
          'CreateDistrict',
          { code: 'D', name: '区', centre: { code: 'C', name: 'x' } },
          { actor: 'a', now: 'yesterday' },
        ),
      )
      .thenThrows('REGISTRY.INVALID_COMMAND');
    spec
      .given([])
      .when({ type: 'Nonsense', data: {}, metadata } as unknown as RegistryCommand)
      .thenThrows('REGISTRY.INVALID_COMMAND', (e) => expect(e.kind).toBe('invalid'));
  });
});

describe('CreateStreetOrTownship', () => {
  it('creates a street under the district with its centre', () => {
    spec
      .given(given)
      .when(
        cmd('CreateStreetOrTownship', {
          code: 'S2',
          name: '城西街道',
          kind: 'street',
          centre: { code: 'S2-ZX', name: '城西街道综治中心' },
        }),
      )
      .then([
        {
          type: 'StreetOrTownshipCreated',
          data: {
            id: fixtureId('township-level', 'S2'),
            code: 'S2',
            name: '城西街道',
            kind: 'street',
            parentId: fx.district,
            centre: { unitId: fixtureId('unit', 'S2-ZX'), code: 'S2-ZX', name: '城西街道综治中心' },
            establishedOn: '2024-03-01',
          },
        },
      ]);
  });
  it('refuses a code a township already uses (streets and townships share one code space)', () => {
    spec
      .given(given)
      .when(
        cmd('CreateStreetOrTownship', {
          code: 'T1',
          name: '城西街道',
          kind: 'street',
          centre: { code: 'S2-ZX', name: 'x' },
        }),
      )
      .thenThrows('REGISTRY.DUPLICATE_CODE', (e) => expect(e.kind).toBe('illegal_transition'));
  });
  it('refuses a centre code already used by another unit', () => {
    spec
      .given(given)
      .when(
        cmd('CreateStreetOrTownship', {
          code: 'S2',
          name: '城西街道',
          kind: 'street',
          centre: { code: 'S1-ZX', name: 'x' },
        }),
      )
      .thenThrows('REGISTRY.DUPLICATE_CODE');
  });
  it('refuses a date before the district existed', () => {
    spec
      .given(given)
      .when(
        cmd('CreateStreetOrTownship', {
          code: 'S2',
          name: '城西街道',
          kind: 'street',
          centre: { code: 'S2-ZX', name: 'x' },
          establishedOn: '2023-12-31',
        }),
      )
      .thenThrows('REGISTRY.PARENT_NOT_YET_ESTABLISHED');
  });
});

describe('CreateCommunityOrVillage', () => {
  it('creates a village under a township with its committee', () => {
    spec
      .given(given)
      .when(
        cmd('CreateCommunityOrVillage', {
          code: 'V3',
          name: '高峰村',
          kind: 'village',
          parentId: fx.township,
          committee: { code: 'V3-CWH', name: '高峰村村委会' },
        }),
      )
      .then([
        {
          type: 'CommunityOrVillageCreated',
          data: {
            id: fixtureId('village-level', 'V3'),
            code: 'V3',
            name: '高峰村',
            kind: 'village',
            parentId: fx.township,
            committee: { unitId: fixtureId('unit', 'V3-CWH'), code: 'V3-CWH', name: '高峰村村委会' },
            establishedOn: '2024-03-01',
          },
        },
      ]);
  });
  it('refuses an unknown parent (unprocessable) and a parent that is not a street or township', () => {
    spec
      .given(given)
      .when(
        cmd('CreateCommunityOrVillage', {
          code: 'V3',
          name: '高峰村',
          kind: 'village',
          parentId: 'nope',
          committee: { code: 'V3-CWH', name: 'x' },
        }),
      )
      .thenThrows('REGISTRY.UNKNOWN_PARENT', (e) => expect(e.kind).toBe('unprocessable'));
    spec
      .given(given)
      .when(
        cmd('CreateCommunityOrVillage', {
          code: 'V3',
          name: '高峰村',
          kind: 'village',
          parentId: fx.community,
          committee: { code: 'V3-CWH', name: 'x' },
        }),
      )
      .thenThrows('REGISTRY.INVALID_PARENT');
  });
  it('refuses a duplicate code among communities and villages', () => {
    spec
      .given(given)
      .when(
        cmd('CreateCommunityOrVillage', {
          code: 'C1',
          name: '高峰村',
          kind: 'village',
          parentId: fx.township,
          committee: { code: 'V3-CWH', name: 'x' },
        }),
      )
      .thenThrows('REGISTRY.DUPLICATE_CODE');
  });
});

describe('CreateGrid', () => {
  it('creates an urban grid under a community of a street', () => {
    spec
      .given(given)
      .when(
        cmd('CreateGrid', { code: 'G4', name: '文昌社区第三网格', setting: 'urban', parentId: fx.community }),
      )
      .then([
        {
          type: 'GridCreated',
          data: {
            id: fixtureId('grid', 'G4'),
            code: 'G4',
            name: '文昌社区第三网格',
            setting: 'urban',
            parentId: fx.community,
            establishedOn: '2024-03-01',
          },
        },
      ]);
  });
  it('creates a rural grid for a township community', () => {
    spec
      .given(given)
      .when(
        cmd('CreateGrid', {
          code: 'RG2',
          name: '白鹤社区网格',
          setting: 'rural',
          parentId: fx.townshipCommunity,
        }),
      )
      .thenSatisfies((events) => expect(events[0]?.type).toBe('GridCreated'));
  });
  it('refuses an orphan grid (unknown parent)', () => {
    spec
      .given(given)
      .when(
        cmd('CreateGrid', {
          code: 'G4',
          name: '孤儿网格',
          setting: 'urban',
          parentId: fixtureId('village-level', 'NOPE'),
        }),
      )
      .thenThrows('REGISTRY.UNKNOWN_PARENT');
  });
  it('refuses a grid directly under a street', () => {
    spec
      .given(given)
      .when(cmd('CreateGrid', { code: 'G4', name: 'x', setting: 'urban', parentId: fx.street }))
      .thenThrows('REGISTRY.INVALID_PARENT');
  });
  it('refuses an urban grid under a village or a township community, and a rural grid under a street community', () => {
    spec
      .given(given)
      .when(cmd('CreateGrid', { code: 'G4', name: 'x', setting: 'urban', parentId: fx.village2 }))
      .thenThrows('REGISTRY.INVALID_PARENT');
    spec
      .given(given)
      .when(cmd('CreateGrid', { code: 'G4', name: 'x', setting: 'urban', parentId: fx.townshipCommunity }))
      .thenThrows('REGISTRY.INVALID_PARENT');
    spec
      .given(given)
      .when(cmd('CreateGrid', { code: 'G4', name: 'x', setting: 'rural', parentId: fx.community }))
      .thenThrows('REGISTRY.INVALID_PARENT');
  });
  it('refuses a second rural grid for the same village', () => {
    spec
      .given(given)
      .when(cmd('CreateGrid', { code: 'RG9', name: 'x', setting: 'rural', parentId: fx.village }))
      .thenThrows('REGISTRY.RURAL_GRID_EXISTS');
  });
  it('refuses a duplicate grid code', () => {
    spec
      .given(given)
      .when(cmd('CreateGrid', { code: 'G1', name: 'x', setting: 'urban', parentId: fx.community }))
      .thenThrows('REGISTRY.DUPLICATE_CODE');
  });
  it('refuses an unknown setting', () => {
    spec
      .given(given)
      .when(
        cmd('CreateGrid', { code: 'G4', name: 'x', setting: 'suburban' as 'urban', parentId: fx.community }),
      )
      .thenThrows('REGISTRY.INVALID_COMMAND');
  });
});

describe('CreateBuilding', () => {
  it('creates a building in a grid', () => {
    spec
      .given(given)
      .when(
        cmd('CreateBuilding', {
          code: 'B2',
          name: '文昌社区2号楼',
          buildingType: 'building',
          gridId: fx.grid1,
          establishedOn: '2024-02-01',
        }),
      )
      .then([
        {
          type: 'BuildingCreated',
          data: {
            id: fixtureId('building', 'B2'),
            code: 'B2',
            name: '文昌社区2号楼',
            buildingType: 'building',
            gridId: fx.grid1,
            establishedOn: '2024-02-01',
          },
        },
      ]);
  });
  it('refuses a building without an existing grid, a duplicate code, and a date before the grid', () => {
    spec
      .given(given)
      .when(cmd('CreateBuilding', { code: 'B2', name: 'x', buildingType: 'building', gridId: fx.community }))
      .thenThrows('REGISTRY.UNKNOWN_PARENT');
    spec
      .given(given)
      .when(cmd('CreateBuilding', { code: 'B1', name: 'x', buildingType: 'building', gridId: fx.grid1 }))
      .thenThrows('REGISTRY.DUPLICATE_CODE');
    spec
      .given(given)
      .when(
        cmd('CreateBuilding', {
          code: 'B2',
          name: 'x',
          buildingType: 'courtyard',
          gridId: fx.grid1,
          establishedOn: '2023-06-01',
        }),
      )
      .thenThrows('REGISTRY.PARENT_NOT_YET_ESTABLISHED');
  });
});

describe('AddOrganisationUnit', () => {
  it('adds an office to a street', () => {
    spec
      .given(given)
      .when(
        cmd('AddOrganisationUnit', {
          code: 'S1-C1',
          name: '城东街道便民服务中心',
          ownerId: fx.street,
          category: 'centre',
        }),
      )
      .then([
        {
          type: 'OrganisationUnitAdded',
          data: {
            id: fixtureId('unit', 'S1-C1'),
            code: 'S1-C1',
            name: '城东街道便民服务中心',
            ownerId: fx.street,
            category: 'centre',
            establishedOn: '2024-03-01',
          },
        },
      ]);
  });
  it('refuses units owned by a community (it has its committee only)', () => {
    spec
      .given(given)
      .when(cmd('AddOrganisationUnit', { code: 'X1', name: 'x', ownerId: fx.community, category: 'office' }))
      .thenThrows('REGISTRY.INVALID_PARENT');
  });
});

describe('RenameEntity', () => {
  it('renames a community from a date on', () => {
    spec
      .given(given)
      .when(cmd('RenameEntity', { id: fx.community, name: '文昌路社区', effectiveDate: '2024-02-01' }))
      .then([
        {
          type: 'EntityRenamed',
          data: {
            id: fx.community,
            entity: 'node',
            name: '文昌路社区',
            previousName: '文昌社区',
            effectiveDate: '2024-02-01',
          },
        },
      ]);
  });
  it('renames a squad', () => {
    spec
      .given(given)
      .when(cmd('RenameEntity', { id: fx.areaSquad, name: '城区片区执法中队', effectiveDate: '2024-02-01' }))
      .thenSatisfies((events) => expect(events[0]).toMatchObject({ data: { entity: 'squad' } }));
  });
  it('refuses an unknown entity (not_found), the same name, and a date before creation', () => {
    spec
      .given(given)
      .when(cmd('RenameEntity', { id: 'nope', name: 'x', effectiveDate: '2024-02-01' }))
      .thenThrows('REGISTRY.UNKNOWN_ENTITY', (e) => expect(e.kind).toBe('not_found'));
    spec
      .given(given)
      .when(cmd('RenameEntity', { id: fx.community, name: '文昌社区', effectiveDate: '2024-02-01' }))
      .thenThrows('REGISTRY.SAME_NAME');
    spec
      .given(given)
      .when(cmd('RenameEntity', { id: fx.community, name: '新名', effectiveDate: '2023-02-01' }))
      .thenThrows('REGISTRY.EFFECTIVE_DATE_BEFORE_CREATION');
  });
});

describe('MoveBuilding', () => {
  it('moves a building to another grid with an effective date', () => {
    spec
      .given(given)
      .when(cmd('MoveBuilding', { buildingId: fx.building, toGridId: fx.grid2, effectiveDate: '2024-06-01' }))
      .then([
        {
          type: 'BuildingMoved',
          data: {
            buildingId: fx.building,
            fromGridId: fx.grid1,
            toGridId: fx.grid2,
            effectiveDate: '2024-06-01',
          },
        },
      ]);
  });
  it('refuses a move to the grid it is already in', () => {
    spec
      .given(given)
      .when(cmd('MoveBuilding', { buildingId: fx.building, toGridId: fx.grid1, effectiveDate: '2024-06-01' }))
      .thenThrows('REGISTRY.SAME_PARENT');
  });
  it('refuses an unknown building (not_found) and an unknown target grid (unprocessable)', () => {
    spec
      .given(given)
      .when(cmd('MoveBuilding', { buildingId: 'nope', toGridId: fx.grid2, effectiveDate: '2024-06-01' }))
      .thenThrows('REGISTRY.UNKNOWN_ENTITY');
    spec
      .given(given)
      .when(cmd('MoveBuilding', { buildingId: fx.building, toGridId: 'nope', effectiveDate: '2024-06-01' }))
      .thenThrows('REGISTRY.UNKNOWN_PARENT');
  });
  it('refuses an effective date before the building existed', () => {
    spec
      .given(given)
      .when(cmd('MoveBuilding', { buildingId: fx.building, toGridId: fx.grid2, effectiveDate: '2023-12-31' }))
      .thenThrows('REGISTRY.EFFECTIVE_DATE_BEFORE_CREATION');
  });
  it('refuses an effective date on or before the last move', () => {
    const moved = givenPlus(
      cmd('MoveBuilding', { buildingId: fx.building, toGridId: fx.grid2, effectiveDate: '2024-06-01' }),
    );
    spec
      .given(moved)
      .when(cmd('MoveBuilding', { buildingId: fx.building, toGridId: fx.grid3, effectiveDate: '2024-06-01' }))
      .thenThrows('REGISTRY.EFFECTIVE_DATE_NOT_AFTER_LAST_CHANGE');
    spec
      .given(moved)
      .when(cmd('MoveBuilding', { buildingId: fx.building, toGridId: fx.grid3, effectiveDate: '2024-06-02' }))
      .thenSatisfies((events) => expect(events[0]).toMatchObject({ data: { fromGridId: fx.grid2 } }));
  });
  it('refuses a target grid created after the effective date', () => {
    const later = givenPlus(
      cmd('CreateGrid', {
        code: 'G9',
        name: 'x',
        setting: 'urban',
        parentId: fx.community,
        establishedOn: '2024-09-01',
      }),
    );
    spec
      .given(later)
      .when(
        cmd('MoveBuilding', {
          buildingId: fx.building,
          toGridId: fixtureId('grid', 'G9'),
          effectiveDate: '2024-06-01',
        }),
      )
      .thenThrows('REGISTRY.PARENT_NOT_YET_ESTABLISHED');
  });
});

describe('MoveGrid', () => {
  it('moves an urban grid to another community', () => {
    spec
      .given(given)
      .when(cmd('MoveGrid', { gridId: fx.grid2, toParentId: fx.community2, effectiveDate: '2024-05-01' }))
      .then([
        {
          type: 'GridMoved',
          data: {
            gridId: fx.grid2,
            fromParentId: fx.community,
            toParentId: fx.community2,
            effectiveDate: '2024-05-01',
          },
        },
      ]);
  });
  it('moves a rural grid to a village without one', () => {
    spec
      .given(given)
      .when(cmd('MoveGrid', { gridId: fx.ruralGrid, toParentId: fx.village2, effectiveDate: '2024-05-01' }))
      .thenSatisfies((events) => expect(events[0]?.type).toBe('GridMoved'));
  });
  it('refuses a move to the same parent, an unknown target, a wrong kind of target, and a village that has its grid', () => {
    spec
      .given(given)
      .when(cmd('MoveGrid', { gridId: fx.grid1, toParentId: fx.community, effectiveDate: '2024-05-01' }))
      .thenThrows('REGISTRY.SAME_PARENT');
    spec
      .given(given)
      .when(cmd('MoveGrid', { gridId: fx.grid1, toParentId: 'nope', effectiveDate: '2024-05-01' }))
      .thenThrows('REGISTRY.UNKNOWN_PARENT');
    spec
      .given(given)
      .when(cmd('MoveGrid', { gridId: fx.grid1, toParentId: fx.village2, effectiveDate: '2024-05-01' }))
      .thenThrows('REGISTRY.INVALID_PARENT');
    const second = givenPlus(
      cmd('CreateGrid', { code: 'RG2', name: 'x', setting: 'rural', parentId: fx.village2 }),
    );
    spec
      .given(second)
      .when(cmd('MoveGrid', { gridId: fx.ruralGrid, toParentId: fx.village2, effectiveDate: '2024-05-01' }))
      .thenThrows('REGISTRY.RURAL_GRID_EXISTS');
  });
  it('refuses an unknown grid and a date before the grid existed', () => {
    spec
      .given(given)
      .when(cmd('MoveGrid', { gridId: 'nope', toParentId: fx.community2, effectiveDate: '2024-05-01' }))
      .thenThrows('REGISTRY.UNKNOWN_ENTITY');
    spec
      .given(given)
      .when(cmd('MoveGrid', { gridId: fx.grid2, toParentId: fx.community2, effectiveDate: '2023-05-01' }))
      .thenThrows('REGISTRY.EFFECTIVE_DATE_BEFORE_CREATION');
    spec
      .given(given)
      .when(cmd('MoveGrid', { gridId: fx.grid2, toParentId: fx.community2, effectiveDate: '2024-5-1' }))
      .thenThrows('REGISTRY.INVALID_COMMAND');
  });
});

describe('grid workers', () => {
  it('registers a worker with an account, in a grid', () => {
    spec
      .given(given)
      .when(
        cmd('RegisterGridWorker', {
          code: 'W2',
          name: '李秀英',
          post: 'B',
          accountName: 'wg0002',
          gridId: fx.grid2,
        }),
      )
      .then([
        {
          type: 'GridWorkerRegistered',
          data: {
            id: fixtureId('grid-worker', 'W2'),
            code: 'W2',
            name: '李秀英',
            post: 'B',
            accountName: 'wg0002',
            gridId: fx.grid2,
            registeredOn: '2024-03-01',
          },
        },
      ]);
  });
  it('refuses a taken account name, an unknown grid, a duplicate code, an unknown post', () => {
    spec
      .given(given)
      .when(
        cmd('RegisterGridWorker', {
          code: 'W2',
          name: 'x',
          post: 'B',
          accountName: 'wg0001',
          gridId: fx.grid2,
        }),
      )
      .thenThrows('REGISTRY.DUPLICATE_ACCOUNT_NAME');
    spec
      .given(given)
      .when(
        cmd('RegisterGridWorker', {
          code: 'W2',
          name: 'x',
          post: 'B',
          accountName: 'wg0002',
          gridId: 'nope',
        }),
      )
      .thenThrows('REGISTRY.UNKNOWN_PARENT');
    spec
      .given(given)
      .when(
        cmd('RegisterGridWorker', {
          code: 'W1',
          name: 'x',
          post: 'B',
          accountName: 'wg0002',
          gridId: fx.grid2,
        }),
      )
      .thenThrows('REGISTRY.DUPLICATE_CODE');
    spec
      .given(given)
      .when(
        cmd('RegisterGridWorker', {
          code: 'W2',
          name: 'x',
          post: 'C' as 'A',
          accountName: 'wg0002',
          gridId: fx.grid2,
        }),
      )
      .thenThrows('REGISTRY.INVALID_COMMAND');
  });
  it('unassigns and reassigns with dated events', () => {
    spec
      .given(given)
      .when(cmd('UnassignGridWorker', { workerId: fx.worker, effectiveDate: '2024-04-01' }))
      .then([
        {
          type: 'GridWorkerUnassigned',
          data: { workerId: fx.worker, gridId: fx.grid1, effectiveDate: '2024-04-01' },
        },
      ]);
    const unassigned = givenPlus(
      cmd('UnassignGridWorker', { workerId: fx.worker, effectiveDate: '2024-04-01' }),
    );
    spec
      .given(unassigned)
      .when(cmd('AssignGridWorker', { workerId: fx.worker, gridId: fx.grid2, effectiveDate: '2024-04-02' }))
      .then([
        {
          type: 'GridWorkerAssigned',
          data: { workerId: fx.worker, gridId: fx.grid2, effectiveDate: '2024-04-02' },
        },
      ]);
    spec
      .given(unassigned)
      .when(cmd('UnassignGridWorker', { workerId: fx.worker, effectiveDate: '2024-05-01' }))
      .thenThrows('REGISTRY.WORKER_NOT_ASSIGNED');
    spec
      .given(unassigned)
      .when(cmd('AssignGridWorker', { workerId: fx.worker, gridId: fx.grid2, effectiveDate: '2024-03-15' }))
      .thenThrows('REGISTRY.EFFECTIVE_DATE_NOT_AFTER_LAST_CHANGE');
  });
  it('refuses assigning a worker who already has a grid, or an unknown worker', () => {
    spec
      .given(given)
      .when(cmd('AssignGridWorker', { workerId: fx.worker, gridId: fx.grid2, effectiveDate: '2024-04-01' }))
      .thenThrows('REGISTRY.WORKER_ALREADY_ASSIGNED');
    spec
      .given(given)
      .when(cmd('AssignGridWorker', { workerId: 'nope', gridId: fx.grid2, effectiveDate: '2024-04-01' }))
      .thenThrows('REGISTRY.UNKNOWN_ENTITY');
    spec
      .given(given)
      .when(cmd('UnassignGridWorker', { workerId: 'nope', effectiveDate: '2024-04-01' }))
      .thenThrows('REGISTRY.UNKNOWN_ENTITY');
  });
  it('issues an extra grid account whose name no other login uses', () => {
    spec
      .given(given)
      .when(
        cmd('IssueGridAccount', { code: 'GA1', accountName: 'wg0999', gridId: fx.grid1, holder: '值班账号' }),
      )
      .then([
        {
          type: 'GridAccountIssued',
          data: {
            id: fixtureId('grid-account', 'GA1'),
            code: 'GA1',
            accountName: 'wg0999',
            gridId: fx.grid1,
            holder: '值班账号',
            issuedOn: '2024-03-01',
          },
        },
      ]);
    spec
      .given(given)
      .when(cmd('IssueGridAccount', { code: 'GA1', accountName: 'wg0001', gridId: fx.grid1, holder: 'x' }))
      .thenThrows('REGISTRY.DUPLICATE_ACCOUNT_NAME');
  });
});

describe('party branches and the 1+1+3 joint committee', () => {
  const withMembers = givenPlus(
    cmd('EnrolPartyMember', { code: 'PM1', name: '张志强', branchId: fx.branch, role: 'secretary' }),
    cmd('EnrolPartyMember', { code: 'PM2', name: '刘桂兰', branchId: fx.branch, role: 'member' }),
    cmd('EnrolPartyMember', { code: 'PM3', name: '陈国强', branchId: fx.branch, role: 'member' }),
    cmd('EnrolPartyMember', { code: 'PM4', name: '杨丽', branchId: fx.branch, role: 'member' }),
  );
  const pm = (n: number) => fixtureId('party-member', `PM${n}`);

  it('founds a branch in a grid', () => {
    spec
      .given(given)
      .when(cmd('FoundGridPartyBranch', { code: 'PB2', name: '文昌社区第二网格党支部', gridId: fx.grid2 }))
      .then([
        {
          type: 'GridPartyBranchFounded',
          data: {
            id: fixtureId('party-branch', 'PB2'),
            code: 'PB2',
            name: '文昌社区第二网格党支部',
            gridId: fx.grid2,
            foundedOn: '2024-03-01',
          },
        },
      ]);
    spec
      .given(given)
      .when(cmd('FoundGridPartyBranch', { code: 'PB2', name: 'x', gridId: fx.community }))
      .thenThrows('REGISTRY.UNKNOWN_PARENT');
  });
  it('enrols members; one secretary per branch', () => {
    spec
      .given(given)
      .when(cmd('EnrolPartyMember', { code: 'PM1', name: '张志强', branchId: fx.branch, role: 'secretary' }))
      .then([
        {
          type: 'PartyMemberEnrolled',
          data: {
            id: pm(1),
            code: 'PM1',
            name: '张志强',
            branchId: fx.branch,
            role: 'secretary',
            enrolledOn: '2024-03-01',
          },
        },
      ]);
    spec
      .given(withMembers)
      .when(cmd('EnrolPartyMember', { code: 'PM9', name: 'x', branchId: fx.branch, role: 'secretary' }))
      .thenThrows('REGISTRY.BRANCH_HAS_SECRETARY');
    spec
      .given(given)
      .when(cmd('EnrolPartyMember', { code: 'PM9', name: 'x', branchId: 'nope', role: 'member' }))
      .thenThrows('REGISTRY.UNKNOWN_PARENT');
  });
  it('forms the joint committee of a resident group', () => {
    spec
      .given(withMembers)
      .when(
        cmd('FormJointCommittee', {
          code: 'JC1',
          gridId: fx.grid1,
          secretaryId: pm(1),
          auxiliaryPoliceOfficer: '赵军',
          memberIds: [pm(2), pm(3), pm(4)],
        }),
      )
      .then([
        {
          type: 'JointCommitteeFormed',
          data: {
            id: fixtureId('joint-committee', 'JC1'),
            code: 'JC1',
            gridId: fx.grid1,
            secretaryId: pm(1),
            auxiliaryPoliceOfficer: '赵军',
            memberIds: [pm(2), pm(3), pm(4)],
            formedOn: '2024-03-01',
          },
        },
      ]);
  });
  it('refuses a committee that is not 1+1+3 of this grid', () => {
    const form = (
      data: Partial<{ code: string; gridId: string; secretaryId: string; memberIds: string[] }>,
    ) =>
      cmd('FormJointCommittee', {
        code: 'JC1',
        gridId: fx.grid1,
        secretaryId: pm(1),
        auxiliaryPoliceOfficer: '赵军',
        memberIds: [pm(2), pm(3), pm(4)],
        ...data,
      });
    spec
      .given(withMembers)
      .when(form({ memberIds: [pm(2), pm(3)] }))
      .thenThrows('REGISTRY.INVALID_COMMAND');
    spec
      .given(withMembers)
      .when(form({ memberIds: [pm(2), pm(2), pm(3)] }))
      .thenThrows('REGISTRY.INVALID_COMMAND');
    spec
      .given(withMembers)
      .when(form({ secretaryId: pm(2) }))
      .thenThrows('REGISTRY.INVALID_JOINT_COMMITTEE');
    spec
      .given(withMembers)
      .when(form({ memberIds: [pm(1), pm(3), pm(4)] }))
      .thenThrows('REGISTRY.INVALID_JOINT_COMMITTEE');
    spec
      .given(withMembers)
      .when(form({ gridId: fx.grid2 }))
      .thenThrows('REGISTRY.INVALID_JOINT_COMMITTEE');
    spec
      .given(withMembers)
      .when(form({ gridId: fx.ruralGrid }))
      .thenThrows('REGISTRY.NOT_A_RESIDENT_GROUP_GRID');
    const formed = [
      ...withMembers,
      ...registryDecider.decide(
        form({}),
        withMembers.reduce(registryDecider.evolve, registryDecider.initialState()),
      ),
    ];
    spec
      .given(formed)
      .when(form({ code: 'JC2' }))
      .thenThrows('REGISTRY.JOINT_COMMITTEE_EXISTS');
  });
});

describe('resident self-management committees', () => {
  it('attaches a committee to a community', () => {
    spec
      .given(given)
      .when(
        cmd('FormResidentCommittee', {
          code: 'ZGW1',
          name: '文昌社区桂花苑居民自治管理委员会',
          communityId: fx.community,
        }),
      )
      .then([
        {
          type: 'ResidentCommitteeFormed',
          data: {
            id: fixtureId('resident-committee', 'ZGW1'),
            code: 'ZGW1',
            name: '文昌社区桂花苑居民自治管理委员会',
            communityId: fx.community,
            formedOn: '2024-03-01',
          },
        },
      ]);
  });
  it('refuses a village or an unknown community', () => {
    spec
      .given(given)
      .when(cmd('FormResidentCommittee', { code: 'ZGW1', name: 'x', communityId: fx.village }))
      .thenThrows('REGISTRY.INVALID_PARENT');
    spec
      .given(given)
      .when(cmd('FormResidentCommittee', { code: 'ZGW1', name: 'x', communityId: 'nope' }))
      .thenThrows('REGISTRY.UNKNOWN_PARENT');
  });
});

describe('enforcement teams and squads', () => {
  it('establishes one team per domain', () => {
    spec
      .given(given)
      .when(
        cmd('EstablishEnforcementTeam', {
          code: 'T-SC',
          name: '市场监管综合行政执法大队',
          domain: 'market_supervision',
        }),
      )
      .then([
        {
          type: 'EnforcementTeamEstablished',
          data: {
            id: fixtureId('enforcement-team', 'T-SC'),
            code: 'T-SC',
            name: '市场监管综合行政执法大队',
            domain: 'market_supervision',
            establishedOn: '2024-03-01',
          },
        },
      ]);
    spec
      .given(given)
      .when(cmd('EstablishEnforcementTeam', { code: 'T-X', name: 'x', domain: 'urban_management' }))
      .thenThrows('REGISTRY.TEAM_DOMAIN_TAKEN');
    spec
      .given(given)
      .when(cmd('EstablishEnforcementTeam', { code: 'T-X', name: 'x', domain: 'fishing' as 'transport' }))
      .thenThrows('REGISTRY.INVALID_COMMAND');
  });
  it('defines an area squad over streets/townships not covered by another area squad of the team', () => {
    spec
      .given(given)
      .when(
        cmd('DefineSquad', {
          code: 'T-CG-PQ2',
          name: '第二片区执法中队',
          teamId: fx.team,
          kind: 'area',
          areaIds: [fx.township],
        }),
      )
      .then([
        {
          type: 'SquadDefined',
          data: {
            id: fixtureId('squad', 'T-CG-PQ2'),
            code: 'T-CG-PQ2',
            name: '第二片区执法中队',
            teamId: fx.team,
            kind: 'area',
            speciality: null,
            areaIds: [fx.township],
            establishedOn: '2024-03-01',
          },
        },
      ]);
    spec
      .given(given)
      .when(
        cmd('DefineSquad', {
          code: 'T-CG-PQ2',
          name: 'x',
          teamId: fx.team,
          kind: 'area',
          areaIds: [fx.street, fx.township],
        }),
      )
      .thenThrows('REGISTRY.AREA_OVERLAP');
    spec
      .given(given)
      .when(
        cmd('DefineSquad', {
          code: 'T-CG-PQ2',
          name: 'x',
          teamId: fx.team,
          kind: 'area',
          areaIds: [fx.community],
        }),
      )
      .thenThrows('REGISTRY.UNKNOWN_PARENT');
    spec
      .given(given)
      .when(cmd('DefineSquad', { code: 'T-CG-PQ2', name: 'x', teamId: fx.team, kind: 'area', areaIds: [] }))
      .thenThrows('REGISTRY.INVALID_COMMAND');
    spec
      .given(given)
      .when(
        cmd('DefineSquad', {
          code: 'T-CG-ZY2',
          name: 'x',
          teamId: fx.team,
          kind: 'specialised',
          areaIds: [fx.street],
        }),
      )
      .thenThrows('REGISTRY.INVALID_COMMAND');
    spec
      .given(given)
      .when(cmd('DefineSquad', { code: 'T-CG-ZY2', name: 'x', teamId: 'nope', kind: 'specialised' }))
      .thenThrows('REGISTRY.UNKNOWN_PARENT');
  });
  it('redraws an area squad from a date on', () => {
    spec
      .given(given)
      .when(
        cmd('RedrawSquadArea', {
          squadId: fx.areaSquad,
          areaIds: [fx.street, fx.township],
          effectiveDate: '2024-07-01',
        }),
      )
      .then([
        {
          type: 'SquadAreaRedrawn',
          data: {
            squadId: fx.areaSquad,
            areaIds: [fx.street, fx.township],
            previousAreaIds: [fx.street],
            effectiveDate: '2024-07-01',
          },
        },
      ]);
    spec
      .given(given)
      .when(
        cmd('RedrawSquadArea', { squadId: fx.areaSquad, areaIds: [fx.street], effectiveDate: '2024-07-01' }),
      )
      .thenThrows('REGISTRY.AREA_UNCHANGED');
    spec
      .given(given)
      .when(
        cmd('RedrawSquadArea', {
          squadId: fx.specialisedSquad,
          areaIds: [fx.street],
          effectiveDate: '2024-07-01',
        }),
      )
      .thenThrows('REGISTRY.NOT_AN_AREA_SQUAD');
    spec
      .given(given)
      .when(cmd('RedrawSquadArea', { squadId: 'nope', areaIds: [fx.street], effectiveDate: '2024-07-01' }))
      .thenThrows('REGISTRY.UNKNOWN_ENTITY');
  });
});

describe('staff accounts', () => {
  it('registers staff logins whose role fits the unit', () => {
    spec
      .given(given)
      .when(
        cmd('RegisterStaffAccount', {
          code: 'S1',
          accountName: 'staff0001',
          personName: '周敏',
          unitId: fx.districtCentre,
          role: 'centre_operator',
        }),
      )
      .then([
        {
          type: 'StaffAccountRegistered',
          data: {
            id: fixtureId('staff-account', 'S1'),
            code: 'S1',
            accountName: 'staff0001',
            personName: '周敏',
            unitId: fx.districtCentre,
            role: 'centre_operator',
            registeredOn: '2024-03-01',
          },
        },
      ]);
    for (const [unitId, role] of [
      [fx.streetOffice, 'street_staff'],
      [fx.townshipCentre, 'street_staff'],
      [fx.communityCommittee, 'community_staff'],
      [fx.areaSquad, 'squad_officer'],
    ] as const) {
      spec
        .given(given)
        .when(
          cmd('RegisterStaffAccount', {
            code: 'S2',
            accountName: 'staff0002',
            personName: 'x',
            unitId,
            role,
          }),
        )
        .thenSatisfies((events) => expect(events).toHaveLength(1));
    }
  });
  it('refuses a role that does not fit the unit, an unknown unit, a taken login', () => {
    spec
      .given(given)
      .when(
        cmd('RegisterStaffAccount', {
          code: 'S1',
          accountName: 'staff0001',
          personName: 'x',
          unitId: fx.streetCentre,
          role: 'centre_operator',
        }),
      )
      .thenThrows('REGISTRY.ROLE_UNIT_MISMATCH');
    spec
      .given(given)
      .when(
        cmd('RegisterStaffAccount', {
          code: 'S1',
          accountName: 'staff0001',
          personName: 'x',
          unitId: fx.districtCentre,
          role: 'squad_officer',
        }),
      )
      .thenThrows('REGISTRY.ROLE_UNIT_MISMATCH');
    spec
      .given(given)
      .when(
        cmd('RegisterStaffAccount', {
          code: 'S1',
          accountName: 'staff0001',
          personName: 'x',
          unitId: 'nope',
          role: 'street_staff',
        }),
      )
      .thenThrows('REGISTRY.UNKNOWN_PARENT');
    spec
      .given(given)
      .when(
        cmd('RegisterStaffAccount', {
          code: 'S1',
          accountName: 'wg0001',
          personName: 'x',
          unitId: fx.streetCentre,
          role: 'street_staff',
        }),
      )
      .thenThrows('REGISTRY.DUPLICATE_ACCOUNT_NAME');
  });
});

describe('decideAll', () => {
  it('decides commands in order on the evolving state and stops at the first refusal', () => {
    const grid = cmd('CreateGrid', { code: 'G9', name: 'x', setting: 'urban', parentId: fx.community });
    expect(() => decideAll([grid])).toThrow(/district/);
    const state = given.reduce(registryDecider.evolve, registryDecider.initialState());
    expect(decideAll([grid], state).events).toHaveLength(1);
    expect(() => decideAll([grid, grid], state)).toThrow(
      expect.objectContaining({ code: 'REGISTRY.DUPLICATE_CODE' }) as never,
    );
  });
});

describe('approving posts (负责人): who may approve for a unit', () => {
  const staffEvents = decideAll(approvalFixtureCommands().slice(0, 8), fixtureState()).events;
  const withStaff = [...given, ...staffEvents];
  const appoint = (accountId: string, unitId: string, effectiveDate?: string) =>
    cmd<AppointApprovingPost>('AppointApprovingPost', {
      accountId,
      unitId,
      title: '主任',
      ...(effectiveDate ? { effectiveDate } : {}),
    });

  it('a staff account is appointed to an approving post of its own unit, from a date', () => {
    spec
      .given(withStaff)
      .when(appoint(fxStaff.streetHead, fx.streetCentre, '2024-02-01'))
      .then([
        {
          type: 'ApprovingPostAppointed',
          data: {
            accountId: fxStaff.streetHead,
            unitId: fx.streetCentre,
            title: '主任',
            effectiveDate: '2024-02-01',
          },
        },
      ]);
  });

  it("a squad officer may head the squad's team (the agency), but no other unit", () => {
    spec
      .given(withStaff)
      .when(appoint(fxStaff.teamHead, fx.team))
      .thenSatisfies(([e]) =>
        expect(e).toMatchObject({ type: 'ApprovingPostAppointed', data: { unitId: fx.team } }),
      );
    spec
      .given(withStaff)
      .when(appoint(fxStaff.communityHead, fx.streetCentre))
      .thenThrows('REGISTRY.POST_UNIT_MISMATCH');
    spec
      .given(withStaff)
      .when(appoint(fx.worker, fx.communityCommittee))
      .thenThrows('REGISTRY.UNKNOWN_ENTITY');
    spec
      .given(withStaff)
      .when(appoint(fxStaff.communityHead, fixtureId('unit', 'NOPE')))
      .thenThrows('REGISTRY.UNKNOWN_PARENT');
    spec
      .given(withStaff)
      .when(appoint(fxStaff.communityHead, fx.communityCommittee, '2023-12-31'))
      .thenThrows('REGISTRY.EFFECTIVE_DATE_BEFORE_CREATION');
  });

  it('a post is held once at a time and ends on a later date', () => {
    const held = [
      ...withStaff,
      ...registryDecider.decide(
        appoint(fxStaff.streetHead, fx.streetCentre, '2024-02-01'),
        fixtureState(withStaff),
      ),
    ];
    spec
      .given(held)
      .when(appoint(fxStaff.streetHead, fx.streetCentre))
      .thenThrows('REGISTRY.POST_ALREADY_HELD');
    const end = cmd<EndApprovingPost>('EndApprovingPost', {
      accountId: fxStaff.streetHead,
      unitId: fx.streetCentre,
      effectiveDate: '2024-06-01',
    });
    spec
      .given(held)
      .when(end)
      .then([
        {
          type: 'ApprovingPostEnded',
          data: { accountId: fxStaff.streetHead, unitId: fx.streetCentre, effectiveDate: '2024-06-01' },
        },
      ]);
    spec
      .given(held)
      .when({ ...end, data: { ...end.data, effectiveDate: '2024-02-01' } })
      .thenThrows('REGISTRY.EFFECTIVE_DATE_NOT_AFTER_LAST_CHANGE');
    spec.given(withStaff).when(end).thenThrows('REGISTRY.POST_NOT_HELD');
  });
});
