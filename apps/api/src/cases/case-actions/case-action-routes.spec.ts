import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';
import { caseActions, ENFORCEMENT_COMMAND_TYPES, PETITION_COMMAND_TYPES } from '#case-domain';
import { caseActionRouteOf, caseActionRoutes } from './case-action-routes.js';
import { EmptyActionDto } from './common-actions.request.dto.js';
import { RecordPaymentRequestDto, ScheduleHearingRequestDto } from './enforcement-actions.request.dto.js';
import { RecordReReviewHearingRequestDto } from './petition-actions.request.dto.js';
import {
  EnforcementReportDto,
  PetitionReportDto,
  ReportCaseRequestDto,
} from '../report-case/report-case.request.dto.js';
import { PersonDto } from '../shared-request.dto.js';

/** Any DTO class: class-validator keys its metadata by constructor. */
type DtoClass = abstract new (...args: never[]) => unknown;

const errorsOf = async (type: new () => object, body: object): Promise<string[]> => {
  const errors = await validate(plainToInstance(type, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
  });
  return errors.map((error) => error.property);
};

describe('caseActionRoutes', () => {
  it('has a request DTO for every action the domain exposes, and none for an action it does not', () => {
    expect(Object.keys(caseActionRoutes).sort()).toEqual(Object.keys(caseActions).sort());
    for (const action of Object.keys(caseActions))
      expect(typeof caseActionRouteOf(action)?.request).toBe('function');
  });

  it('covers every petition and enforcement command through some action', () => {
    const commandsWithAction = new Set<string>(Object.values(caseActions));
    for (const type of [...PETITION_COMMAND_TYPES, ...ENFORCEMENT_COMMAND_TYPES])
      expect(commandsWithAction.has(type)).toBe(true);
  });

  it('finds no DTO for prototype keys or command type names', () => {
    for (const action of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'ReportCase',
      'ScreenLead',
    ]) {
      expect(caseActionRouteOf(action)).toBeUndefined();
    }
  });

  it('caps every string property of every DTO it reaches (no unbounded text)', () => {
    const storage = getMetadataStorage();
    const seen = new Set<DtoClass>();
    const uncapped: string[] = [];
    const visit = (type: DtoClass): void => {
      if (seen.has(type)) return;
      seen.add(type);
      const metadata = storage.getTargetValidationMetadatas(type, '', true, false);
      const byProperty = new Map<string, string[]>();
      for (const m of metadata)
        byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m.name ?? m.type]);
      for (const [property, rules] of byProperty) {
        const isString = rules.includes('isString');
        const capped = rules.some((r) =>
          ['isLength', 'maxLength', 'matches', 'isUuid', 'isIn', 'isLocalDate'].includes(r),
        );
        if (isString && !capped) uncapped.push(`${type.name}.${property}`);
      }
      for (const m of metadata) {
        if (m.type === 'nestedValidation') {
          const nested = Reflect.getMetadata?.('design:type', type.prototype, m.propertyName) as
            DtoClass | undefined;
          if (nested && nested !== Array && nested !== Object) visit(nested);
        }
      }
    };
    for (const route of Object.values(caseActionRoutes)) visit(route.request);
    // The report and the element types of its lists (arrays carry no element type in design:type).
    for (const type of [ReportCaseRequestDto, PetitionReportDto, EnforcementReportDto, PersonDto])
      visit(type);
    expect(seen.size).toBeGreaterThan(40);
    expect(uncapped).toEqual([]);
  });

  it('actions without fields take an empty object and refuse anything else', async () => {
    for (const action of ['request-hearing', 'close-for-no-request', 'accept'] as const)
      expect(caseActionRoutes[action].request).toBe(EmptyActionDto);
    expect(await errorsOf(EmptyActionDto, {})).toEqual([]);
    expect(await errorsOf(EmptyActionDto, { waived: true })).toEqual(['waived']);
  });

  it('money is whole fen from 1 to 10^12 on record-payment', async () => {
    const ok = { paidOn: '2026-03-02' };
    expect(await errorsOf(RecordPaymentRequestDto, { ...ok, amountFen: 1 })).toEqual([]);
    expect(await errorsOf(RecordPaymentRequestDto, { ...ok, amountFen: 1e12 })).toEqual([]);
    for (const amountFen of [0, -1, 1e12 + 1, 2.5, '100', Number.NaN, null]) {
      expect(await errorsOf(RecordPaymentRequestDto, { ...ok, amountFen })).toEqual(['amountFen']);
    }
  });

  it('dates are real YYYY-MM-DD days and instants carry an offset and a real day', async () => {
    expect(
      await errorsOf(RecordReReviewHearingRequestDto, { startedOn: '2024-02-29', endedOn: '2024-03-01' }),
    ).toEqual([]);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-3-1', '2026-03-01T00:00:00Z', 20260301, '']) {
      expect(
        await errorsOf(RecordReReviewHearingRequestDto, { startedOn: bad, endedOn: '2026-03-05' }),
      ).toEqual(['startedOn']);
    }
    const hearing = { place: 'Room 3', presidedBy: 'Legal officer Sun' };
    expect(
      await errorsOf(ScheduleHearingRequestDto, { ...hearing, hearingAt: '2026-03-20T09:30:00+08:00' }),
    ).toEqual([]);
    expect(
      await errorsOf(ScheduleHearingRequestDto, { ...hearing, hearingAt: '2026-03-20T01:30:00.123Z' }),
    ).toEqual([]);
    for (const bad of [
      '2026-02-30T09:30:00+08:00',
      '2026-03-20T09:30:00',
      '2026-03-20',
      '2026-03-20T24:30:00+08:00',
      'next Friday',
    ]) {
      expect(await errorsOf(ScheduleHearingRequestDto, { ...hearing, hearingAt: bad })).toEqual([
        'hearingAt',
      ]);
    }
  });
});
