import { describe, expect, it } from '@jest/globals';
import type { CaseCommand } from '#case-domain';
import { metadataAt, sampleCommands } from '#case-domain/testing';
import { decideAll, registryView } from '#registry-domain';
import { fixtureCommands, fx } from '#registry-domain/testing';
import { addressCaseCommand, checkCaseLadder } from './case-addressing.js';

const view = registryView(decideAll(fixtureCommands()).state, '2024-03-01');
const meta = metadataAt('2024-03-01T10:00:00+08:00');
const madeUp = '12345678-1234-4234-8234-123456789abc';
const samples = sampleCommands('case-1');
const community2Committee = view.node(fx.community2)!.handlingUnit!.id;

function report(location: Record<string, unknown>, enforcement?: Record<string, unknown>): CaseCommand {
  const base = sampleCommands('case-1', enforcement ? 'enforcement' : 'dispute').ReportCase(meta);
  return {
    ...base,
    data: {
      ...base.data,
      location: { address: '文昌路 1 号', ...location },
      ...(enforcement ? { enforcement: { ...base.data.enforcement!, ...enforcement } } : {}),
    },
  } as CaseCommand;
}

const dispatch = (unitId: string, name = '不存在的单位'): CaseCommand => ({
  ...samples.DispatchCase(meta),
  data: { unit: { unitId, name } },
});
const escalate = (unitId: string): CaseCommand => ({
  ...samples.EscalateCase(meta),
  data: { reason: '调解不成', unit: { unitId } },
});
const flagRisk = (unitId: string): CaseCommand => ({
  ...samples.FlagRisk(meta),
  data: { risk: '可能激化', policeReport: { reportedTo: '派出所' }, unit: { unitId } },
});
const inGrid1 = { location: { gridId: fx.grid1 }, level: 'building' } as const;

describe('a report against the registry', () => {
  it('given the fixture district, when a dispute names a grid and its building, then it goes through unchanged', () => {
    const command = report({ gridId: fx.grid1, buildingId: fx.building });
    expect(addressCaseCommand(view, command)).toEqual({ command });
  });

  it('when it names an unknown grid, the upper-case spelling of a real one, or a building of another grid, then it is refused', () => {
    expect(addressCaseCommand(view, report({ gridId: madeUp }))).toMatchObject({
      refusal: { code: 'ADDRESS.UNKNOWN_GRID' },
    });
    expect(addressCaseCommand(view, report({ gridId: fx.grid1.toUpperCase() }))).toMatchObject({
      refusal: { code: 'ADDRESS.UNKNOWN_GRID' },
    });
    expect(addressCaseCommand(view, report({ gridId: fx.grid2, buildingId: fx.building }))).toMatchObject({
      refusal: { code: 'ADDRESS.BUILDING_OUTSIDE_GRID', field: 'location.buildingId' },
    });
  });

  it('when an enforcement lead names a squad that does not cover the place, or no squad, then it is refused', () => {
    const lead = (gridId: string, squadId: string) =>
      addressCaseCommand(view, report({ gridId }, { team: 'urban_management', squadId }));
    expect(lead(fx.grid1, fx.areaSquad)).not.toHaveProperty('refusal');
    expect(lead(fx.ruralGrid, fx.areaSquad)).toMatchObject({
      refusal: { code: 'ADDRESS.SQUAD_NOT_COMPETENT', field: 'enforcement.squadId' },
    });
    expect(lead(fx.grid1, madeUp)).toMatchObject({ refusal: { code: 'ADDRESS.UNKNOWN_SQUAD' } });
  });
});

describe('units a command names', () => {
  it('when a dispatch names a made-up unit, then UNKNOWN_UNIT', () => {
    expect(addressCaseCommand(view, dispatch(madeUp))).toMatchObject({
      refusal: { code: 'ADDRESS.UNKNOWN_UNIT', field: 'unit.unitId' },
    });
  });

  it('when a dispatch names a real unit under another name, then the registry name is what is recorded', () => {
    const addressed = addressCaseCommand(view, dispatch(fx.communityCommittee));
    expect(addressed).toEqual({
      command: expect.objectContaining({
        data: { unit: { unitId: fx.communityCommittee, name: '文昌社区居委会' } },
      }),
    });
  });

  it('when a command names no unit, then it goes through unchanged', () => {
    const command = samples.AcceptDispatch(meta);
    expect(addressCaseCommand(view, command)).toEqual({ command: { ...command, data: { ...command.data } } });
  });
});

describe('units along the case ladder', () => {
  it('given a building-level case in G1, a dispatch may go to any rung of its ladder, never to another community', () => {
    for (const unitId of [fx.grid1, fx.communityCommittee, fx.streetCentre, fx.districtCentre])
      expect(checkCaseLadder(view, dispatch(unitId), inGrid1)).toBeUndefined();
    for (const unitId of [community2Committee, fx.townshipCentre, fx.grid3, fx.streetOffice])
      expect(checkCaseLadder(view, dispatch(unitId), inGrid1)).toMatchObject({
        code: 'ADDRESS.UNIT_OFF_LADDER',
      });
  });

  it('when a community-level case is escalated, then the unit must be its street centre (one rung up)', () => {
    const atCommunity = { ...inGrid1, level: 'community' } as const;
    expect(checkCaseLadder(view, escalate(fx.streetCentre), atCommunity)).toBeUndefined();
    expect(checkCaseLadder(view, escalate(fx.townshipCentre), atCommunity)).toMatchObject({
      code: 'ADDRESS.UNIT_OFF_LADDER',
    });
    expect(checkCaseLadder(view, escalate(fx.districtCentre), atCommunity)).toMatchObject({
      code: 'ADDRESS.UNIT_OFF_LADDER',
    });
  });

  it('when a risk is flagged on a building-level case, then the unit must be its street centre', () => {
    expect(checkCaseLadder(view, flagRisk(fx.streetCentre), inGrid1)).toBeUndefined();
    expect(checkCaseLadder(view, flagRisk(fx.townshipCentre), inGrid1)).toMatchObject({
      code: 'ADDRESS.UNIT_OFF_LADDER',
    });
  });

  it('when an escalation names no unit, then there is nothing to check', () => {
    const command = { ...samples.EscalateCase(meta), data: { reason: '超期' } } as CaseCommand;
    expect(checkCaseLadder(view, command, inGrid1)).toBeUndefined();
  });
});
