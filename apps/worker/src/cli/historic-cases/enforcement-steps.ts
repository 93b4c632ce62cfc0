import { addDays, daysBetween, localDateOf, type LocalDate } from '#domain-kernel';
import {
  lateSurchargeFen,
  type CaseCommandType,
  type EnforcementDetails,
  type EnforcementTeam,
  type PartyKind,
  type ReportedCase,
} from '#case-domain';
import type { HandlingStep } from '#registry-domain';
import { dateOf, officeHours, workingDay, type OfficeHours } from './business-calendar.js';
import type { Step } from './case-script.js';
import type { Violation } from './enforcement.data.js';
import type { Rng } from './seeded-random.js';

/** When a step happens, from the case so far and the instant of the step before. */
export type StepTime = (state: ReportedCase, previous: number) => number;

/** Who and what a law-enforcement case is about, drawn when it is reported. */
export interface EnforcementParties {
  team: EnforcementTeam;
  violation: Violation;
  partyKind: PartyKind;
  partyName: string;
  district: HandlingStep;
  brigadeName: string;
  /** The squad's officers (or two stand-in names when the registry has no squad logins). */
  roster: readonly string[];
  /** The two officers who investigate (Art. 42). */
  investigators: string[];
  /** One of the investigators, drawn per step; the centre when the squad has no logins. */
  officer(): string;
}

/** One law-enforcement case being scripted: its parties, and the steps pushed so far with the helpers they share. */
export interface EnforcementCase extends EnforcementParties {
  readonly rng: Rng;
  readonly steps: Step[];
  readonly time: OfficeHours;
  /** The head of the brigade, who approves preservation and extensions. */
  readonly head: string;
  push(type: CaseCommandType, at: StepTime, data?: Step['data'], actor?: string): void;
  /** Archives the case with probability `chance`, between `minDays` and `maxDays` after the last step. */
  archive(chance: number, minDays: number, maxDays: number, note: string): void;
  /** A fine drawn from a range in yuan, rounded to a step that suits its size. */
  yuan(range: readonly [number, number]): number;
  /** Payment of the fine (and the surcharge it owes on the day paid), recorded when the bank's notice arrives. */
  pay(paidOnFor: (state: ReportedCase, previous: number) => LocalDate): void;
  payOnTime(): void;
  payLate(): void;
  dueDate(state: ReportedCase): LocalDate;
  yearOf(ms: number): string;
  /** A document number within its year. */
  number(): number;
}

export function enforcementDetails(state: ReportedCase): EnforcementDetails {
  if (state.details.caseType !== 'enforcement')
    throw new Error(`case ${state.caseId} is not an enforcement case`);
  return state.details;
}

export function enforcementCase(rng: Rng, parties: EnforcementParties): EnforcementCase {
  const steps: Step[] = [];
  const time = officeHours(rng);
  const push = (type: CaseCommandType, at: StepTime, data: Step['data'] = {}, actor = parties.officer()) => {
    steps.push({ type, data, actor, at });
  };
  const archive = (chance: number, minDays: number, maxDays: number, note: string) => {
    if (rng.chance(chance))
      push('ArchiveEnforcementCase', (_, previous) => time.afterDays(previous, rng.int(minDays, maxDays)), {
        note,
      });
  };
  const yuan = (range: readonly [number, number]): number => {
    const [min, max] = range;
    const step = max <= 500 ? 10 : max <= 5_000 ? 50 : max <= 50_000 ? 500 : 5_000;
    return Math.round((min + rng.next() * (max - min)) / step) * step;
  };
  const pay = (paidOnFor: (state: ReportedCase, previous: number) => LocalDate) => {
    let paidOn: LocalDate = '';
    push(
      'RecordPayment',
      (state, previous) => {
        paidOn = paidOnFor(state, previous);
        return time.onOrAfter(workingDay(paidOn, rng.chance(0.6) ? 0 : rng.int(1, 2)), previous);
      },
      (state) => {
        const execution = enforcementDetails(state).execution!;
        return {
          amountFen:
            execution.fineFen + lateSurchargeFen(execution.fineFen, execution.paymentDueDate!, paidOn),
          paidOn,
          receiptNo: `${paidOn.replaceAll('-', '')}${String(rng.int(0, 999_999)).padStart(6, '0')}`,
        };
      },
    );
  };
  const servedOn = (state: ReportedCase): LocalDate =>
    localDateOf(enforcementDetails(state).service!.servedAt);
  const dueDate = (state: ReportedCase): LocalDate => enforcementDetails(state).execution!.paymentDueDate!;
  const payOnTime = () =>
    pay((state) =>
      addDays(
        servedOn(state),
        Math.floor(rng.next() ** 2 * (daysBetween(servedOn(state), dueDate(state)) + 1)),
      ),
    );
  const payLate = () => pay((state) => addDays(dueDate(state), rng.int(1, 30)));
  return {
    ...parties,
    rng,
    steps,
    time,
    head: `${parties.brigadeName}负责人`,
    push,
    archive,
    yuan,
    pay,
    payOnTime,
    payLate,
    dueDate,
    yearOf: (ms) => dateOf(ms).slice(0, 4),
    number: () => rng.int(1, 999),
  };
}
