import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { http, startTestApp, type TestApp } from '../support/test-app.js';
import {
  disputeReport,
  expectProblem,
  history,
  must,
  reportCase,
  unit,
  type HistoryEntry,
} from './case-api.js';
import {
  enforcementReport,
  officers,
  petitionReport,
  petitioner,
  squadOfficerAuth,
} from './petition-enforcement-helpers.js';

/**
 * Bad input to the petition and enforcement actions and reports: each is answered with
 * problem+json and a stable code, and nothing is appended anywhere (global event count, and the
 * history of each target case).
 */

type Target = 'petition' | 'lead' | 'investigating';

interface BadRequest {
  name: string;
  /** An action on a target case; absent: POST /api/v1/cases. */
  action?: string;
  target?: Target;
  body?: unknown;
  rawBody?: string;
  status: number;
  code: string;
  field?: string;
}

const long = (n: number) => 'x'.repeat(n);
const petitionWith = (mutate: (petition: any, body: any) => void) => {
  const body = petitionReport();
  mutate(body.petition, body);
  return body;
};
const enforcementWith = (mutate: (enforcement: any, body: any) => void) => {
  const body = enforcementReport();
  mutate(body.enforcement, body);
  return body;
};
const people = (n: number) =>
  Array.from({ length: n }, (_, i) => petitioner(`Villager ${i}`, `1390000${String(i).padStart(4, '0')}`));
const onTheSpot = (
  penalty: unknown = { kinds: ['fine'], fineFen: 5_000 },
  extra: Record<string, unknown> = {},
) => ({
  outcome: 'simple_procedure',
  reason: 'Caught in the act',
  onTheSpot: {
    partyKind: 'person',
    penalty,
    facts: 'Goods on the pavement.',
    legalBasis: 'Art. 17',
    officers,
    ...extra,
  },
});
const tomorrowInstant = () => new Date(Date.now() + 2 * 86_400_000).toISOString();

const cases: BadRequest[] = [
  // --- POST /cases: petition data
  {
    name: 'report petition: channel "carrier_pigeon"',
    body: petitionWith((p) => (p.channel = 'carrier_pigeon')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition.channel',
  },
  {
    name: 'report petition: class "complaint"',
    body: petitionWith((p) => (p.class = 'complaint')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition.class',
  },
  {
    name: 'report petition: no petitioners',
    body: petitionWith((p) => (p.petitioners = [])),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition.petitioners',
  },
  {
    name: 'report petition: petitioners is a string',
    body: petitionWith((p) => (p.petitioners = 'Zhou Min')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition.petitioners',
  },
  {
    name: 'report petition: a petitioner is a number',
    body: petitionWith((p) => (p.petitioners = [7])),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition.petitioners',
  },
  {
    name: 'report petition: 101 petitioners',
    body: petitionWith((p) => (p.petitioners = people(101))),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition.petitioners',
  },
  {
    name: 'report petition: group visit with 6 representatives (Art. 20)',
    body: petitionWith((p) => {
      p.petitioners = people(40);
      p.representatives = people(6);
    }),
    status: 422,
    code: 'PETITION.TOO_MANY_REPRESENTATIVES',
  },
  {
    name: 'report petition: group visit of 6 without representatives',
    body: petitionWith((p) => (p.petitioners = people(6))),
    status: 422,
    code: 'PETITION.TOO_MANY_REPRESENTATIVES',
  },
  {
    name: 'report petition: 21 representatives (size cap)',
    body: petitionWith((p) => {
      p.petitioners = people(40);
      p.representatives = people(21);
    }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition.representatives',
  },
  {
    name: 'report petition: representatives on a letter',
    body: petitionWith((p, b) => {
      b.source = 'petition_letter';
      p.channel = 'letter';
      p.representatives = people(2);
    }),
    status: 400,
    code: 'CASE.INVALID_COMMAND',
  },
  {
    name: 'report petition: matter of 5001 characters',
    body: petitionWith((p) => (p.matter = long(5001))),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition.matter',
  },
  {
    name: 'report petition: empty matter',
    body: petitionWith((p) => (p.matter = '')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition.matter',
  },
  {
    name: 'report petition: respondent of 201 characters',
    body: petitionWith((p) => (p.respondent = long(201))),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition.respondent',
  },
  {
    name: 'report petition: request is null',
    body: petitionWith((p) => (p.request = null)),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition.request',
  },
  {
    name: 'report petition: unknown field in petition',
    body: petitionWith((p) => (p.priority = 'high')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition.priority',
  },
  {
    name: 'report petition: unknown field in a petitioner',
    body: petitionWith((p) => (p.petitioners[0].age = 61)),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition.petitioners.0.age',
  },
  {
    name: 'report petition: petitioner phone "call me"',
    body: petitionWith((p) => (p.petitioners[0].phone = 'call me')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition.petitioners.0.phone',
  },
  {
    name: 'report petition: factsFingerprint with spaces',
    body: petitionWith((p) => (p.factsFingerprint = 'same facts')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition.factsFingerprint',
  },
  {
    name: 'report petition: no petition data',
    body: petitionWith((_p, b) => delete b.petition),
    status: 400,
    code: 'CASE.INVALID_COMMAND',
  },
  {
    name: 'report: petition data on a dispute',
    body: { ...disputeReport(), petition: petitionReport().petition },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'petition',
  },
  // --- POST /cases: enforcement data
  {
    name: 'report enforcement: team "police"',
    body: enforcementWith((e) => (e.team = 'police')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'enforcement.team',
  },
  {
    name: 'report enforcement: squadId "squad-7"',
    body: enforcementWith((e) => (e.squadId = 'squad-7')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'enforcement.squadId',
  },
  {
    name: 'report enforcement: party kind "company"',
    body: enforcementWith((e) => (e.party.kind = 'company')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'enforcement.party.kind',
  },
  {
    name: 'report enforcement: unknown field in party',
    body: enforcementWith((e) => (e.party.age = 40)),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'enforcement.party.age',
  },
  {
    name: 'report enforcement: party idNumber "abc"',
    body: enforcementWith((e) => (e.party.idNumber = 'abc')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'enforcement.party.idNumber',
  },
  {
    name: 'report enforcement: enforcement data on a petition',
    body: { ...petitionReport(), enforcement: enforcementReport().enforcement },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'enforcement',
  },
  {
    name: 'report enforcement: no enforcement data',
    body: enforcementWith((_e, b) => delete b.enforcement),
    status: 400,
    code: 'CASE.INVALID_COMMAND',
  },
  // --- petition actions (target: an accepted petition)
  {
    name: 'route: mode "teleport"',
    action: 'route',
    target: 'petition',
    body: { mode: 'teleport', toBody: unit() },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'mode',
  },
  {
    name: 'route: forward without toBody',
    action: 'route',
    target: 'petition',
    body: { mode: 'forward' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'toBody',
  },
  {
    name: 'route: inform without competentBody',
    action: 'route',
    target: 'petition',
    body: { mode: 'inform' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'competentBody',
  },
  {
    name: 'route: a valid routing in the accepted stage',
    action: 'route',
    target: 'petition',
    body: { mode: 'forward', toBody: unit() },
    status: 409,
    code: 'CASE.ILLEGAL_TRANSITION',
  },
  {
    name: 'notify: content of 5001 characters',
    action: 'notify',
    target: 'petition',
    body: { content: long(5001) },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'content',
  },
  {
    name: 'object: reason is a number',
    action: 'object',
    target: 'petition',
    body: { reason: 42 },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'reason',
  },
  {
    name: 'divert: route "duel"',
    action: 'divert',
    target: 'petition',
    body: { route: 'duel', reason: 'r' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'route',
  },
  {
    name: 'answer: answer "maybe"',
    action: 'answer',
    target: 'petition',
    body: { answer: 'maybe', opinion: 'o' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'answer',
  },
  {
    name: 'answer: servedAt "yesterday"',
    action: 'answer',
    target: 'petition',
    body: { answer: 'support', opinion: 'o', servedAt: 'yesterday' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'servedAt',
  },
  {
    name: 'answer: servedAt 30 February',
    action: 'answer',
    target: 'petition',
    body: { answer: 'support', opinion: 'o', servedAt: '2026-02-30T10:00:00+08:00' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'servedAt',
  },
  {
    name: 'answer: servedAt without an offset',
    action: 'answer',
    target: 'petition',
    body: { answer: 'support', opinion: 'o', servedAt: '2026-03-02T10:00:00' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'servedAt',
  },
  {
    name: 'answer: servedAt in the future',
    action: 'answer',
    target: 'petition',
    body: { answer: 'support', opinion: 'o', servedAt: tomorrowInstant() },
    status: 400,
    code: 'CASE.INVALID_COMMAND',
  },
  {
    name: 'answer: legalBasis of 1001 characters',
    action: 'answer',
    target: 'petition',
    body: { answer: 'support', opinion: 'o', legalBasis: long(1001) },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'legalBasis',
  },
  {
    name: 'answer-review: answer "reply"',
    action: 'answer-review',
    target: 'petition',
    body: { answer: 'reply', opinion: 'o' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'answer',
  },
  {
    name: 'request-review: reviewBody.unitId "bureau-1"',
    action: 'request-review',
    target: 'petition',
    body: { reviewBody: { unitId: 'bureau-1' }, reason: 'r' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'reviewBody.unitId',
  },
  {
    name: 'request-re-review: unknown field in reReviewBody',
    action: 'request-re-review',
    target: 'petition',
    body: { reReviewBody: { ...unit(), level: 'district' }, reason: 'r' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'reReviewBody.level',
  },
  {
    name: 'record-hearing: startedOn month 13',
    action: 'record-hearing',
    target: 'petition',
    body: { startedOn: '2026-13-01', endedOn: '2026-03-02' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'startedOn',
  },
  {
    name: 'record-hearing: endedOn 29 February 2026',
    action: 'record-hearing',
    target: 'petition',
    body: { startedOn: '2026-02-27', endedOn: '2026-02-29' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'endedOn',
  },
  {
    name: 'close-for-no-request: unknown field',
    action: 'close-for-no-request',
    target: 'petition',
    body: { force: true },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'force',
  },
  // --- screening and filing (target: a lead)
  {
    name: 'file: one officer (Art. 42)',
    action: 'file',
    target: 'lead',
    body: { officers: ['Officer Han'] },
    status: 422,
    code: 'ENFORCEMENT.TOO_FEW_OFFICERS',
  },
  {
    name: 'file: the same officer twice',
    action: 'file',
    target: 'lead',
    body: { officers: ['Officer Han', 'Officer Han'] },
    status: 422,
    code: 'ENFORCEMENT.TOO_FEW_OFFICERS',
  },
  {
    name: 'file: no officers',
    action: 'file',
    target: 'lead',
    body: { officers: [] },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'officers',
  },
  {
    name: 'file: 21 officers',
    action: 'file',
    target: 'lead',
    body: { officers: Array.from({ length: 21 }, (_, i) => `Officer ${i}`) },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'officers',
  },
  {
    name: 'file: major "yes"',
    action: 'file',
    target: 'lead',
    body: { officers, major: 'yes' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'major',
  },
  {
    name: 'screen: outcome "filed"',
    action: 'screen',
    target: 'lead',
    body: { outcome: 'filed', reason: 'r' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'outcome',
  },
  {
    name: 'screen: simple procedure without onTheSpot',
    action: 'screen',
    target: 'lead',
    body: { outcome: 'simple_procedure', reason: 'r' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'onTheSpot',
  },
  {
    name: 'screen: negative fine',
    action: 'screen',
    target: 'lead',
    body: onTheSpot({ kinds: ['fine'], fineFen: -1 }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'onTheSpot.penalty.fineFen',
  },
  {
    name: 'screen: fractional fen',
    action: 'screen',
    target: 'lead',
    body: onTheSpot({ kinds: ['fine'], fineFen: 1.5 }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'onTheSpot.penalty.fineFen',
  },
  {
    name: 'screen: fine of 10^12 + 1 fen',
    action: 'screen',
    target: 'lead',
    body: onTheSpot({ kinds: ['fine'], fineFen: 1e12 + 1 }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'onTheSpot.penalty.fineFen',
  },
  {
    name: 'screen: fine as the string "5000"',
    action: 'screen',
    target: 'lead',
    body: onTheSpot({ kinds: ['fine'], fineFen: '5000' }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'onTheSpot.penalty.fineFen',
  },
  {
    name: 'screen: fine 1e400 (Infinity once parsed)',
    action: 'screen',
    target: 'lead',
    rawBody: JSON.stringify(onTheSpot({ kinds: ['fine'], fineFen: 1 })).replace(
      '"fineFen":1',
      '"fineFen":1e400',
    ),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'onTheSpot.penalty.fineFen',
  },
  {
    name: 'screen: penalty kind "detention"',
    action: 'screen',
    target: 'lead',
    body: onTheSpot({ kinds: ['fine', 'detention'], fineFen: 5_000 }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'onTheSpot.penalty.kinds',
  },
  {
    name: 'screen: penalty kinds repeated',
    action: 'screen',
    target: 'lead',
    body: onTheSpot({ kinds: ['fine', 'fine'], fineFen: 5_000 }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'onTheSpot.penalty.kinds',
  },
  {
    name: 'screen: a fine without the kind fine',
    action: 'screen',
    target: 'lead',
    body: onTheSpot({ kinds: ['warning'], fineFen: 5_000 }),
    status: 400,
    code: 'CASE.INVALID_COMMAND',
  },
  {
    name: 'screen: partyKind "alien"',
    action: 'screen',
    target: 'lead',
    body: onTheSpot(undefined, { partyKind: 'alien' }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'onTheSpot.partyKind',
  },
  {
    name: 'screen: 20001 fen on the spot for a person (Art. 51)',
    action: 'screen',
    target: 'lead',
    body: onTheSpot({ kinds: ['fine'], fineFen: 20_001 }),
    status: 422,
    code: 'ENFORCEMENT.SIMPLE_PROCEDURE_LIMIT_EXCEEDED',
  },
  {
    name: 'screen: one officer on the spot',
    action: 'screen',
    target: 'lead',
    body: onTheSpot(undefined, { officers: ['Officer Han'] }),
    status: 422,
    code: 'ENFORCEMENT.TOO_FEW_OFFICERS',
  },
  {
    name: 'screen: unknown field in onTheSpot',
    action: 'screen',
    target: 'lead',
    body: onTheSpot(undefined, { paidCash: true }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'onTheSpot.paidCash',
  },
  {
    name: 'refer-out: route "duel"',
    action: 'refer-out',
    target: 'lead',
    body: { route: 'duel', body: 'b', reason: 'r' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'route',
  },
  {
    name: 'refer-out: a dispute route for an enforcement lead',
    action: 'refer-out',
    target: 'lead',
    body: { route: 'arbitration', body: 'b', reason: 'r' },
    status: 400,
    code: 'CASE.INVALID_COMMAND',
  },
  // --- investigation onwards (target: a filed case)
  {
    name: 'preserve-evidence: 51 items',
    action: 'preserve-evidence',
    target: 'investigating',
    body: { items: Array.from({ length: 51 }, (_, i) => `item ${i}`) },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'items',
  },
  {
    name: 'preserve-evidence: an item of 201 characters',
    action: 'preserve-evidence',
    target: 'investigating',
    body: { items: [long(201)] },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'items',
  },
  {
    name: 'preserve-evidence: naming its own approver',
    action: 'preserve-evidence',
    target: 'investigating',
    body: { items: ['scale'], approvedBy: 'Director Yang' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'approvedBy',
  },
  {
    name: 'approve: a request that does not wait',
    action: 'approve',
    target: 'investigating',
    body: { requestId: 'approval-1' },
    status: 409,
    code: 'CASE.NO_PENDING_REQUEST',
  },
  {
    name: 'decide-preserved-evidence: preservationNo "1"',
    action: 'decide-preserved-evidence',
    target: 'investigating',
    body: { preservationNo: '1', decision: 'release' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'preservationNo',
  },
  {
    name: 'decide-preserved-evidence: decision "burn"',
    action: 'decide-preserved-evidence',
    target: 'investigating',
    body: { preservationNo: 1, decision: 'burn' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'decision',
  },
  {
    name: 'decide-preserved-evidence: nothing preserved yet',
    action: 'decide-preserved-evidence',
    target: 'investigating',
    body: { preservationNo: 1, decision: 'release' },
    status: 422,
    code: 'ENFORCEMENT.UNKNOWN_PRESERVATION',
  },
  {
    name: 'conclude-investigation: summary of 5001 characters',
    action: 'conclude-investigation',
    target: 'investigating',
    body: { summary: long(5001) },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'summary',
  },
  {
    name: 'review: proposed penalty without the penalty',
    action: 'review',
    target: 'investigating',
    body: { outcome: 'proposed_penalty', reason: 'r' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'proposedPenalty',
  },
  {
    name: 'review: legalReview.passed "true"',
    action: 'review',
    target: 'investigating',
    body: {
      outcome: 'no_penalty',
      reason: 'r',
      legalReview: { reviewer: 'Sun', opinion: 'ok', passed: 'true' },
    },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'legalReview.passed',
  },
  {
    name: 'review: before the investigation is concluded',
    action: 'review',
    target: 'investigating',
    body: { outcome: 'no_penalty', reason: 'r' },
    status: 409,
    code: 'CASE.ILLEGAL_TRANSITION',
  },
  {
    name: 'notify-penalty: no hearingRight',
    action: 'notify-penalty',
    target: 'investigating',
    body: { content: 'c' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'hearingRight',
  },
  {
    name: 'request-hearing: unknown field',
    action: 'request-hearing',
    target: 'investigating',
    body: { when: 'soon' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'when',
  },
  {
    name: 'schedule-hearing: hearingAt 30 February',
    action: 'schedule-hearing',
    target: 'investigating',
    body: { hearingAt: '2026-02-30T09:00:00+08:00', place: 'p', presidedBy: 'Sun' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'hearingAt',
  },
  {
    name: 'schedule-hearing: hearingAt a date only',
    action: 'schedule-hearing',
    target: 'investigating',
    body: { hearingAt: '2026-12-20', place: 'p', presidedBy: 'Sun' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'hearingAt',
  },
  {
    name: 'schedule-hearing: presidedBy of 51 characters',
    action: 'schedule-hearing',
    target: 'investigating',
    body: { hearingAt: '2026-12-20T09:00:00+08:00', place: 'p', presidedBy: long(51) },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'presidedBy',
  },
  {
    name: 'hold-hearing: partyAttended "yes"',
    action: 'hold-hearing',
    target: 'investigating',
    body: { partyAttended: 'yes', record: 'r' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'partyAttended',
  },
  {
    name: 'decide: penalty without terms',
    action: 'decide',
    target: 'investigating',
    body: { outcome: 'penalty', reason: 'r' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'penalty',
  },
  {
    name: 'decide: outcome "fine"',
    action: 'decide',
    target: 'investigating',
    body: { outcome: 'fine', reason: 'r' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'outcome',
  },
  {
    name: 'serve: method on_the_spot after an ordinary decision',
    action: 'serve',
    target: 'investigating',
    body: { method: 'on_the_spot' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'method',
  },
  {
    name: 'record-payment: zero fen',
    action: 'record-payment',
    target: 'investigating',
    body: { amountFen: 0, paidOn: '2026-03-02' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'amountFen',
  },
  {
    name: 'record-payment: 10^12 + 1 fen',
    action: 'record-payment',
    target: 'investigating',
    body: { amountFen: 1e12 + 1, paidOn: '2026-03-02' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'amountFen',
  },
  {
    name: 'record-payment: 12.5 fen',
    action: 'record-payment',
    target: 'investigating',
    body: { amountFen: 12.5, paidOn: '2026-03-02' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'amountFen',
  },
  {
    name: 'record-payment: paidOn "2026/03/02"',
    action: 'record-payment',
    target: 'investigating',
    body: { amountFen: 100, paidOn: '2026/03/02' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'paidOn',
  },
  {
    name: 'record-payment: paidOn 29 February 2026',
    action: 'record-payment',
    target: 'investigating',
    body: { amountFen: 100, paidOn: '2026-02-29' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'paidOn',
  },
  {
    name: 'record-payment: while investigating',
    action: 'record-payment',
    target: 'investigating',
    body: { amountFen: 100, paidOn: '2026-03-02' },
    status: 409,
    code: 'CASE.ILLEGAL_TRANSITION',
  },
  {
    name: 'apply-court-enforcement: court of 101 characters',
    action: 'apply-court-enforcement',
    target: 'investigating',
    body: { court: long(101) },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'court',
  },
  {
    name: 'archive: note is null',
    action: 'archive',
    target: 'investigating',
    body: { note: null },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'note',
  },
  {
    name: 'archive: while investigating',
    action: 'archive',
    target: 'investigating',
    body: {},
    status: 409,
    code: 'CASE.ILLEGAL_TRANSITION',
  },
  {
    name: 'register: a common-loop command on an enforcement case',
    action: 'register',
    target: 'investigating',
    body: {},
    status: 422,
    code: 'CASE.COMMAND_NOT_APPLICABLE',
  },
  {
    name: 'answer: a petition command on an enforcement case',
    action: 'answer',
    target: 'investigating',
    body: { answer: 'support', opinion: 'o' },
    status: 422,
    code: 'CASE.COMMAND_NOT_APPLICABLE',
  },
  {
    name: 'route: a petition command on an enforcement case',
    action: 'route',
    target: 'investigating',
    body: { mode: 'forward', toBody: unit() },
    status: 422,
    code: 'CASE.COMMAND_NOT_APPLICABLE',
  },
  {
    name: 'screen: an enforcement command by the centre, on a petition',
    action: 'screen',
    target: 'petition',
    body: { outcome: 'not_filed', reason: 'r' },
    status: 403,
    code: 'AUTH.FORBIDDEN',
  },
];

describe('petition and enforcement bad requests: problem+json, a stable code, nothing appended', () => {
  let t: TestApp;
  const targets = {} as Record<Target, string>;
  const before = {} as Record<Target, HistoryEntry[]>;

  /** Enforcement steps are the squad's (apps/api/src/auth/README.md); intake, petition and common-loop steps the centre's. */
  let squad: Record<string, string>;
  const headersFor = (bad: BadRequest): Record<string, string> =>
    bad.target &&
    bad.target !== 'petition' &&
    bad.action &&
    !['register', 'answer', 'route'].includes(bad.action)
      ? squad
      : {};

  beforeAll(async () => {
    t = await startTestApp();
    squad = await squadOfficerAuth(t);
    targets.petition = (await reportCase(t.baseUrl, petitionReport())).body.caseId;
    await must(t.baseUrl, targets.petition, 'route', { mode: 'forward', toBody: unit() });
    await must(t.baseUrl, targets.petition, 'notify', { content: 'Accepted.' });
    targets.lead = (await reportCase(t.baseUrl, enforcementReport())).body.caseId;
    targets.investigating = (await reportCase(t.baseUrl, enforcementReport())).body.caseId;
    await must(t.baseUrl, targets.investigating, 'file', { officers }, squad);
    for (const target of Object.keys(targets) as Target[])
      before[target] = await history(t.baseUrl, targets[target]);
  });
  afterAll(async () => t?.close());

  const countEvents = async () =>
    Number((await t.database.pool.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n);

  it(`has at least 25 distinct bad requests (${cases.length})`, () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  for (const bad of cases) {
    it(`${bad.name} → ${bad.status} ${bad.code}`, async () => {
      const eventsBefore = await countEvents();
      const path = bad.action ? `/api/v1/cases/${targets[bad.target!]}/${bad.action}` : '/api/v1/cases';
      const response = await http(t.baseUrl, 'POST', path, {
        headers: headersFor(bad),
        ...(bad.body !== undefined ? { body: bad.body } : {}),
        ...(bad.rawBody !== undefined ? { rawBody: bad.rawBody } : {}),
      });
      expectProblem(response, bad.status, bad.code);
      if (bad.field)
        expect(response.body.errors?.map((e: { field: string }) => e.field)).toContain(bad.field);
      expect(await countEvents()).toBe(eventsBefore);
      for (const target of Object.keys(targets) as Target[])
        expect(await history(t.baseUrl, targets[target])).toEqual(before[target]);
    });
  }

  it('the same bodies, made valid, are accepted (the cases above fail for the reason named, not another)', async () => {
    expect(
      (
        await reportCase(
          t.baseUrl,
          petitionReport(
            randomUUID(),
            {},
            { petitioners: people(100), representatives: people(5), factsFingerprint: 'intake:A-17' },
          ),
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await reportCase(
          t.baseUrl,
          enforcementReport(
            {},
            {
              party: { kind: 'organisation', name: 'Xinhua Foods Ltd', idNumber: '91310000MA1FL1234X' },
              brigadeId: randomUUID(),
            },
          ),
        )
      ).status,
    ).toBe(201);
    const lead = (await reportCase(t.baseUrl, enforcementReport())).body.caseId as string;
    await must(t.baseUrl, lead, 'screen', onTheSpot({ kinds: ['fine'], fineFen: 5_000 }), squad);
    await must(
      t.baseUrl,
      lead,
      'record-payment',
      {
        amountFen: 5_000,
        paidOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
        receiptNo: 'R-1',
      },
      squad,
    );
  });
});
