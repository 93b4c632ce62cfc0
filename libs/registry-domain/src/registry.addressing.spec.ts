import { describe, expect, it } from '@jest/globals';
import { fixtureCommands, fixtureMeta, fx } from '#registry-domain/testing';
import {
  checkOnLadder,
  checkPlace,
  checkSquad,
  decideAll,
  knownHandler,
  ladderOf,
  registryView,
  type RegistryCommand,
} from './index.js';

const metadata = fixtureMeta('2024-03-01T09:00:00+08:00');
/** The fixture district, then: B1 moves to G2 on 2024-06-01, G1 to community C2 on 2024-08-01. */
const moves: RegistryCommand[] = [
  {
    type: 'MoveBuilding',
    data: { buildingId: fx.building, toGridId: fx.grid2, effectiveDate: '2024-06-01' },
    metadata,
  },
  {
    type: 'MoveGrid',
    data: { gridId: fx.grid1, toParentId: fx.community2, effectiveDate: '2024-08-01' },
    metadata,
  },
];
const { state } = decideAll([...fixtureCommands(), ...moves]);
const community2Committee = registryView(state, '2024-09-01').node(fx.community2)!.handlingUnit!.id;
const on = (date: string) => registryView(state, date);

describe('places against the registry (given the fixture district)', () => {
  it('when a report names a grid and a building of it, then the place holds', () => {
    expect(checkPlace(on('2024-03-01'), { gridId: fx.grid1, buildingId: fx.building })).toBeUndefined();
    expect(checkPlace(on('2024-03-01'), { gridId: fx.grid1 })).toBeUndefined();
  });

  it('when the grid id is unknown, or another spelling of a real one, then UNKNOWN_GRID', () => {
    for (const gridId of ['12345678-1234-4234-8234-123456789abc', fx.grid1.toUpperCase(), fx.community])
      expect(checkPlace(on('2024-03-01'), { gridId })).toMatchObject({
        code: 'ADDRESS.UNKNOWN_GRID',
        field: 'location.gridId',
      });
  });

  it('when the grid is not established yet on the date, then UNKNOWN_GRID', () => {
    expect(checkPlace(on('2023-12-31'), { gridId: fx.grid1 })).toMatchObject({
      code: 'ADDRESS.UNKNOWN_GRID',
    });
  });

  it('when the building lies in another grid on the date, then BUILDING_OUTSIDE_GRID; before its move it holds', () => {
    expect(checkPlace(on('2024-05-31'), { gridId: fx.grid1, buildingId: fx.building })).toBeUndefined();
    expect(checkPlace(on('2024-06-01'), { gridId: fx.grid1, buildingId: fx.building })).toMatchObject({
      code: 'ADDRESS.BUILDING_OUTSIDE_GRID',
      field: 'location.buildingId',
    });
    expect(checkPlace(on('2024-06-01'), { gridId: fx.grid2, buildingId: fx.building })).toBeUndefined();
  });

  it('when the building id names no building (or a grid), then UNKNOWN_BUILDING', () => {
    for (const buildingId of ['12345678-1234-4234-8234-123456789abc', fx.grid2])
      expect(checkPlace(on('2024-03-01'), { gridId: fx.grid1, buildingId })).toMatchObject({
        code: 'ADDRESS.UNKNOWN_BUILDING',
      });
  });
});

describe('units along a case ladder', () => {
  it('given a place, the ladder is its grid, its community committee, its street centre and the district centre', () => {
    expect(
      ladderOf(on('2024-03-01'), { gridId: fx.grid1 }).map((step) => [step.level, step.handler.id]),
    ).toEqual([
      ['building', fx.grid1],
      ['community', fx.communityCommittee],
      ['street', fx.streetCentre],
      ['district', fx.districtCentre],
    ]);
  });

  it('when the grid moves to another community, the ladder follows on the move date, not before', () => {
    const levelOf = (date: string) =>
      ladderOf(on(date), { gridId: fx.grid1 }).find((step) => step.level === 'community')!.handler.id;
    expect(levelOf('2024-07-31')).toBe(fx.communityCommittee);
    expect(levelOf('2024-08-01')).toBe(community2Committee);
  });

  it('when a unit is on the ladder, at the level asked, then it holds; elsewhere UNIT_OFF_LADDER', () => {
    const ladder = ladderOf(on('2024-03-01'), { gridId: fx.grid1 });
    expect(checkOnLadder(ladder, fx.streetCentre, 'unit.unitId')).toBeUndefined();
    expect(checkOnLadder(ladder, fx.streetCentre, 'unit.unitId', ['street'])).toBeUndefined();
    expect(checkOnLadder(ladder, fx.streetCentre, 'unit.unitId', ['community'])).toMatchObject({
      code: 'ADDRESS.UNIT_OFF_LADDER',
      field: 'unit.unitId',
    });
    // Another street's centre and another community's committee are not this case's ladder.
    expect(checkOnLadder(ladder, fx.townshipCentre, 'unit.unitId')).toMatchObject({
      code: 'ADDRESS.UNIT_OFF_LADDER',
    });
    expect(checkOnLadder(ladder, community2Committee, 'unit.unitId')).toMatchObject({
      code: 'ADDRESS.UNIT_OFF_LADDER',
    });
  });

  it('when a unit id is a unit or a grid of the registry, then it is known by its name of the date; otherwise UNKNOWN_UNIT', () => {
    expect(knownHandler(on('2024-03-01'), fx.streetOffice, 'unit.unitId')).toEqual({
      handler: { id: fx.streetOffice, code: 'S1-B1', name: '城东街道党政办公室', kind: 'unit' },
    });
    expect(knownHandler(on('2024-03-01'), fx.grid1, 'unit.unitId')).toMatchObject({
      handler: { id: fx.grid1, kind: 'grid' },
    });
    for (const unitId of ['12345678-1234-4234-8234-123456789abc', fx.streetCentre.toUpperCase(), fx.street])
      expect(knownHandler(on('2024-03-01'), unitId, 'unit.unitId')).toEqual({
        refusal: expect.objectContaining({ code: 'ADDRESS.UNKNOWN_UNIT', field: 'unit.unitId' }),
      });
  });
});

describe('squads for an enforcement lead', () => {
  const place = { gridId: fx.grid1 };
  it('when the area squad covers the street of the place, or the squad is specialised, then it holds', () => {
    expect(checkSquad(on('2024-03-01'), fx.areaSquad, 'urban_management', place, 'squadId')).toBeUndefined();
    expect(
      checkSquad(
        on('2024-03-01'),
        fx.specialisedSquad,
        'urban_management',
        { gridId: fx.ruralGrid },
        'squadId',
      ),
    ).toBeUndefined();
  });

  it('when the area squad does not cover the place, or belongs to another domain, then SQUAD_NOT_COMPETENT', () => {
    expect(
      checkSquad(on('2024-03-01'), fx.areaSquad, 'urban_management', { gridId: fx.ruralGrid }, 'squadId'),
    ).toMatchObject({
      code: 'ADDRESS.SQUAD_NOT_COMPETENT',
    });
    expect(checkSquad(on('2024-03-01'), fx.areaSquad, 'transport', place, 'squadId')).toMatchObject({
      code: 'ADDRESS.SQUAD_NOT_COMPETENT',
    });
  });

  it('when the squad id names no squad, then UNKNOWN_SQUAD', () => {
    expect(checkSquad(on('2024-03-01'), fx.team, 'urban_management', place, 'squadId')).toMatchObject({
      code: 'ADDRESS.UNKNOWN_SQUAD',
    });
  });
});
