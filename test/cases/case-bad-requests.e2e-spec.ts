import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { http, startTestApp, type TestApp } from '../support/test-app.js';
import {
  caseInProgress,
  disputeReport,
  expectProblem,
  getCase,
  history,
  must,
  reportCase,
  type HistoryEntry,
} from './case-api.js';

/**
 * Bad requests stop at the edge: each is answered with problem+json and a stable code, and nothing
 * is appended to the case (its history) or anywhere else (the global event count).
 */

interface BadRequest {
  name: string;
  method?: 'GET' | 'POST';
  /** An action on the target case, or a full path built from the target case id. */
  action?: string;
  path?: (caseId: string) => string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  status: number;
  code: string | RegExp;
  /** A field the problem's `errors` must name. */
  field?: string;
}

const long = (n: number) => 'x'.repeat(n);
const report = (overrides: Record<string, unknown> = {}) => disputeReport(overrides);
const reportWith = (mutate: (body: any) => void) => {
  const body: any = disputeReport();
  mutate(body);
  return body;
};
const validUnit = () => ({ unitId: randomUUID(), name: 'Building 7 group' });
const SQL = "'; DROP TABLE es_events; --";

const cases: BadRequest[] = [
  // --- wrong types
  {
    name: 'dispatch: unit is a string',
    action: 'dispatch',
    body: { unit: 'building-7' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'unit',
  },
  {
    name: 'resolve: result is a number',
    action: 'resolve',
    body: { result: 42 },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'result',
  },
  {
    name: 'follow-up: reporterSaysResolved is "yes"',
    action: 'follow-up',
    body: { satisfaction: 'satisfied', reporterSaysResolved: 'yes' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'reporterSaysResolved',
  },
  {
    name: 'extend: amount is the string "5"',
    action: 'extend',
    body: { reason: 'r', amount: '5' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'amount',
  },
  {
    name: 'record-session: mediators is a string, not a list',
    action: 'record-session',
    body: { mediators: 'Zhao Min', notes: 'n' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'mediators',
  },
  {
    name: 'record-session: a mediator is a number',
    action: 'record-session',
    body: { mediators: [7], notes: 'n' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'mediators',
  },
  {
    name: 'report: title is a number',
    path: () => '/api/v1/cases',
    body: report({ title: 12345 }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'title',
  },
  {
    name: 'report: location.lat is a string',
    path: () => '/api/v1/cases',
    body: reportWith((b) => (b.location.lat = '31.2')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'location.lat',
  },
  {
    name: 'report: location is an array',
    path: () => '/api/v1/cases',
    body: report({ location: [randomUUID()] }),
    status: 400,
    code: 'VALIDATION.FAILED',
  },
  {
    name: 'report: dispute.parties is an object',
    path: () => '/api/v1/cases',
    body: report({ dispute: { parties: { name: 'x' } } }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'dispute.parties',
  },
  // --- missing fields
  {
    name: 'resolve: no result',
    action: 'resolve',
    body: {},
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'result',
  },
  {
    name: 'resolve: no body at all',
    action: 'resolve',
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'result',
  },
  {
    name: 'record-session: no notes',
    action: 'record-session',
    body: { mediators: ['Zhao Min'] },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'notes',
  },
  {
    name: 'record-session: empty mediator list',
    action: 'record-session',
    body: { mediators: [], notes: 'n' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'mediators',
  },
  {
    name: 'flag-risk: no police report',
    action: 'flag-risk',
    body: { risk: 'threats' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'policeReport',
  },
  {
    name: 'dispatch: unit without unitId',
    action: 'dispatch',
    body: { unit: { name: 'nameless' } },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'unit.unitId',
  },
  {
    name: 'request-judicial-confirmation: one applicant only',
    action: 'request-judicial-confirmation',
    body: { court: 'District court', applicants: ['Wang Fang'] },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'applicants',
  },
  {
    name: 'report: no location',
    path: () => '/api/v1/cases',
    body: reportWith((b) => delete b.location),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'location',
  },
  {
    name: 'report: no title',
    path: () => '/api/v1/cases',
    body: reportWith((b) => delete b.title),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'title',
  },
  {
    name: 'report: empty title',
    path: () => '/api/v1/cases',
    body: report({ title: '' }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'title',
  },
  {
    name: 'report: a dispute without parties',
    path: () => '/api/v1/cases',
    body: reportWith((b) => delete b.dispute),
    status: 400,
    code: 'CASE.INVALID_COMMAND',
  },
  {
    name: 'report: a party without a role',
    path: () => '/api/v1/cases',
    body: reportWith((b) => delete b.dispute.parties[0].role),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'dispute.parties.0.role',
  },
  // --- unknown fields, top level and nested
  {
    name: 'accept: unknown field',
    action: 'accept',
    body: { signedBy: 'me' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'signedBy',
  },
  {
    name: 'resolve: unknown field beside a valid one',
    action: 'resolve',
    body: { result: 'done', score: 10 },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'score',
  },
  {
    name: 'escalate: unknown field in unit',
    action: 'escalate',
    body: { reason: 'r', unit: { ...validUnit(), colour: 'red' } },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'unit.colour',
  },
  {
    name: 'flag-risk: unknown field in policeReport',
    action: 'flag-risk',
    body: { risk: 'r', policeReport: { reportedTo: '110', officer: 'x' } },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'policeReport.officer',
  },
  {
    name: 'accept: __proto__ key',
    action: 'accept',
    rawBody: '{"__proto__":{"isAdmin":true}}',
    status: 400,
    code: 'VALIDATION.FAILED',
    field: '__proto__',
  },
  {
    name: 'accept: constructor key',
    action: 'accept',
    rawBody: '{"constructor":{"prototype":{"isAdmin":true}}}',
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'constructor',
  },
  {
    name: 'resolve: toString key beside a valid one',
    action: 'resolve',
    body: { result: 'done', toString: 'x' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'toString',
  },
  {
    name: 'report: __proto__ key in location',
    path: () => '/api/v1/cases',
    rawBody: JSON.stringify(disputeReport()).replace(
      '"location":{',
      '"location":{"__proto__":{"gridId":"x"},',
    ),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'location.__proto__',
  },
  {
    name: 'report: unknown top-level field (caseId chosen by the client)',
    path: () => '/api/v1/cases',
    body: report({ caseId: randomUUID() }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'caseId',
  },
  {
    name: 'report: unknown field in location',
    path: () => '/api/v1/cases',
    body: reportWith((b) => (b.location.floor = 3)),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'location.floor',
  },
  {
    name: 'report: unknown field in a party',
    path: () => '/api/v1/cases',
    body: reportWith((b) => (b.dispute.parties[0].age = 40)),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'dispute.parties.0.age',
  },
  {
    name: 'report: unknown field in reporter',
    path: () => '/api/v1/cases',
    body: reportWith((b) => (b.reporter.email = 'a@b.c')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'reporter.email',
  },
  // --- invalid enums
  {
    name: 'register: urgency "super"',
    action: 'register',
    body: { urgency: 'super' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'urgency',
  },
  {
    name: 'register: level "province"',
    action: 'register',
    body: { level: 'province' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'level',
  },
  {
    name: 'follow-up: satisfaction "happy"',
    action: 'follow-up',
    body: { satisfaction: 'happy', reporterSaysResolved: true },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'satisfaction',
  },
  {
    name: 'mediation-failed: next "give_up"',
    action: 'mediation-failed',
    body: { reason: 'r', next: 'give_up' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'next',
  },
  {
    name: 'escalate: trigger "boredom"',
    action: 'escalate',
    body: { reason: 'r', trigger: 'boredom' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'trigger',
  },
  {
    name: 'extend: unit "weeks"',
    action: 'extend',
    body: { reason: 'r', amount: 2, unit: 'weeks' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'unit',
  },
  {
    name: 'refer-out: route "duel"',
    action: 'refer-out',
    body: { route: 'duel', reason: 'r' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'route',
  },
  {
    name: 'record-agreement: form "telepathic"',
    action: 'record-agreement',
    body: { form: 'telepathic', terms: 't' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'form',
  },
  {
    name: 'report: type "complaint"',
    path: () => '/api/v1/cases',
    body: report({ type: 'complaint' }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'type',
  },
  {
    name: 'report: source "pigeon"',
    path: () => '/api/v1/cases',
    body: report({ source: 'pigeon' }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'source',
  },
  {
    name: 'report: party role "judge"',
    path: () => '/api/v1/cases',
    body: reportWith((b) => (b.dispute.parties[0].role = 'judge')),
    status: 400,
    code: 'VALIDATION.FAILED',
  },
  // --- invalid dates
  {
    name: 'record-session: heldAt "yesterday"',
    action: 'record-session',
    body: { heldAt: 'yesterday', mediators: ['m'], notes: 'n' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'heldAt',
  },
  {
    name: 'record-session: heldAt 30 February',
    action: 'record-session',
    body: { heldAt: '2026-02-30T10:00:00+08:00', mediators: ['m'], notes: 'n' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'heldAt',
  },
  {
    name: 'record-session: heldAt hour 25',
    action: 'record-session',
    body: { heldAt: '2026-03-02T25:00:00+08:00', mediators: ['m'], notes: 'n' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'heldAt',
  },
  {
    name: 'record-session: heldAt is a number',
    action: 'record-session',
    body: { heldAt: 1767225600000, mediators: ['m'], notes: 'n' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'heldAt',
  },
  {
    name: 'park: reviewOn month 13',
    action: 'park',
    body: { reason: 'r', reviewOn: '2026-13-01' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'reviewOn',
  },
  {
    name: 'park: reviewOn 30 February',
    action: 'park',
    body: { reason: 'r', reviewOn: '2026-02-30' },
    status: 400,
    code: /^(VALIDATION\.FAILED|CASE\.INVALID_COMMAND)$/,
  },
  {
    name: 'park: reviewOn with a time',
    action: 'park',
    body: { reason: 'r', reviewOn: '2026-05-01T00:00:00Z' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'reviewOn',
  },
  {
    name: 'GET ?asOf=not-a-date',
    method: 'GET',
    path: (id) => `/api/v1/cases/${id}?asOf=not-a-date`,
    status: 400,
    code: 'VALIDATION.FAILED',
  },
  {
    name: 'GET ?asOf=30 February',
    method: 'GET',
    path: (id) => `/api/v1/cases/${id}?asOf=2026-02-30T00:00:00Z`,
    status: 400,
    code: 'VALIDATION.FAILED',
  },
  {
    name: 'GET /history?asOf=SQL',
    method: 'GET',
    path: (id) => `/api/v1/cases/${id}/history?asOf=${encodeURIComponent(SQL)}`,
    status: 400,
    code: 'VALIDATION.FAILED',
  },
  {
    name: 'GET ?revision=-1',
    method: 'GET',
    path: (id) => `/api/v1/cases/${id}?revision=-1`,
    status: 400,
    code: 'VALIDATION.FAILED',
  },
  {
    name: 'GET ?revision=1e3',
    method: 'GET',
    path: (id) => `/api/v1/cases/${id}?revision=1e3`,
    status: 400,
    code: 'VALIDATION.FAILED',
  },
  // --- numbers out of range (extend.amount, lat/lng)
  {
    name: 'extend: amount 0',
    action: 'extend',
    body: { reason: 'r', amount: 0 },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'amount',
  },
  {
    name: 'extend: amount -3',
    action: 'extend',
    body: { reason: 'r', amount: -3 },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'amount',
  },
  {
    name: 'extend: amount 91',
    action: 'extend',
    body: { reason: 'r', amount: 91 },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'amount',
  },
  {
    name: 'extend: amount 2.5',
    action: 'extend',
    body: { reason: 'r', amount: 2.5 },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'amount',
  },
  {
    name: 'extend: amount 1e308',
    action: 'extend',
    rawBody: '{"reason":"r","amount":1e308}',
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'amount',
  },
  {
    name: 'extend: amount 1e400 (Infinity once parsed)',
    action: 'extend',
    rawBody: '{"reason":"r","amount":1e400}',
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'amount',
  },
  {
    name: 'extend: amount 2^53+1',
    action: 'extend',
    rawBody: '{"reason":"r","amount":9007199254740993}',
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'amount',
  },
  {
    name: 'report: lat 91',
    path: () => '/api/v1/cases',
    body: reportWith((b) => (b.location.lat = 91)),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'location.lat',
  },
  {
    name: 'report: lng -181',
    path: () => '/api/v1/cases',
    body: reportWith((b) => (b.location.lng = -181)),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'location.lng',
  },
  // --- bad UUIDs
  {
    name: 'action on case id "not-a-uuid"',
    path: () => '/api/v1/cases/not-a-uuid/accept',
    body: {},
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'caseId',
  },
  {
    name: 'action on a SQL case id',
    path: () => `/api/v1/cases/${encodeURIComponent(SQL)}/accept`,
    body: {},
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'caseId',
  },
  {
    name: 'GET case "../../etc/passwd"',
    method: 'GET',
    path: () => `/api/v1/cases/${encodeURIComponent('../../etc/passwd')}`,
    status: 400,
    code: 'VALIDATION.FAILED',
  },
  {
    name: 'GET history of case "123"',
    method: 'GET',
    path: () => '/api/v1/cases/123/history',
    status: 400,
    code: 'VALIDATION.FAILED',
  },
  {
    name: 'report: gridId "grid-7"',
    path: () => '/api/v1/cases',
    body: reportWith((b) => (b.location.gridId = 'grid-7')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'location.gridId',
  },
  {
    name: 'report: buildingId SQL',
    path: () => '/api/v1/cases',
    body: reportWith((b) => (b.location.buildingId = SQL)),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'location.buildingId',
  },
  {
    name: 'dispatch: unitId "unit-7"',
    action: 'dispatch',
    body: { unit: { unitId: 'unit-7' } },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'unit.unitId',
  },
  {
    name: 'transfer: toUnit.unitId with a NUL',
    action: 'transfer',
    body: { reason: 'r', toUnit: { unitId: `${randomUUID()}\u0000` } },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'toUnit.unitId',
  },
  {
    name: 'mediation-failed: unit.unitId "{{7*7}}"',
    action: 'mediation-failed',
    body: { reason: 'r', next: 'escalate', unit: { unitId: '{{7*7}}' } },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'unit.unitId',
  },
  // --- injection strings where the field is not free text
  {
    name: 'register: urgency is SQL',
    action: 'register',
    body: { urgency: SQL },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'urgency',
  },
  {
    name: 'report: type "<script>"',
    path: () => '/api/v1/cases',
    body: report({ type: '<script>alert(1)</script>' }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'type',
  },
  {
    name: 'report: reporter phone "{{7*7}}"',
    path: () => '/api/v1/cases',
    body: reportWith((b) => (b.reporter.phone = '{{7*7}}')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'reporter.phone',
  },
  {
    name: 'report: reporter idNumber "../../etc/passwd"',
    path: () => '/api/v1/cases',
    body: reportWith((b) => (b.reporter.idNumber = '../../etc/passwd')),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'reporter.idNumber',
  },
  // --- routes, states, bodies and headers
  {
    name: 'unknown action "teleport"',
    action: 'teleport',
    body: {},
    status: 404,
    code: 'CASE.UNKNOWN_ACTION',
  },
  {
    name: 'unknown action "__proto__"',
    action: '__proto__',
    body: {},
    status: 404,
    code: 'CASE.UNKNOWN_ACTION',
  },
  {
    name: 'unknown action "constructor"',
    action: 'constructor',
    body: {},
    status: 404,
    code: 'CASE.UNKNOWN_ACTION',
  },
  {
    name: 'unknown action that is SQL',
    path: (id) => `/api/v1/cases/${id}/${encodeURIComponent(SQL)}`,
    body: {},
    status: 404,
    code: 'CASE.UNKNOWN_ACTION',
  },
  {
    name: 'action "ReportCase" (a command type, not an action)',
    action: 'ReportCase',
    body: {},
    status: 404,
    code: 'CASE.UNKNOWN_ACTION',
  },
  {
    name: 'action on an unknown case',
    path: () => `/api/v1/cases/${randomUUID()}/register`,
    body: {},
    status: 404,
    code: 'CASE.NOT_FOUND',
  },
  {
    name: 'GET an unknown case',
    method: 'GET',
    path: () => `/api/v1/cases/${randomUUID()}`,
    status: 404,
    code: 'CASE.NOT_FOUND',
  },
  {
    name: 'GET the history of an unknown case',
    method: 'GET',
    path: () => `/api/v1/cases/${randomUUID()}/history`,
    status: 404,
    code: 'CASE.NOT_FOUND',
  },
  {
    name: 'illegal transition: close while in progress',
    action: 'close',
    body: {},
    status: 409,
    code: 'CASE.ILLEGAL_TRANSITION',
  },
  {
    name: 'illegal transition: accept while in progress',
    action: 'accept',
    body: {},
    status: 409,
    code: 'CASE.ILLEGAL_TRANSITION',
  },
  {
    name: 'illegal transition: register twice',
    action: 'register',
    body: {},
    status: 409,
    code: 'CASE.ILLEGAL_TRANSITION',
  },
  {
    name: 'illegal transition: follow-up before closing',
    action: 'follow-up',
    body: { satisfaction: 'satisfied', reporterSaysResolved: true },
    status: 409,
    code: 'CASE.ILLEGAL_TRANSITION',
  },
  {
    name: 'judicial confirmation without an agreement',
    action: 'request-judicial-confirmation',
    body: { court: 'District court', applicants: ['A', 'B'] },
    status: 409,
    code: 'CASE.ILLEGAL_TRANSITION',
  },
  {
    name: 'extend by more than one period of the limit (90 months for 1 working day)',
    action: 'extend',
    body: { reason: 'need more time', amount: 90, unit: 'months' },
    status: 400,
    code: 'CASE.INVALID_COMMAND',
  },
  {
    name: 'extend naming its own approver',
    action: 'extend',
    body: { reason: 'need more time', amount: 1, approvedBy: '自己批的' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'approvedBy',
  },
  {
    name: 'extend by 2 working days a limit of 1',
    action: 'extend',
    body: { reason: 'need more time', amount: 2 },
    status: 422,
    code: 'CASE.EXTENSION_TOO_LONG',
  },
  {
    name: 'approve a request that does not exist',
    action: 'approve',
    body: { requestId: 'approval-1' },
    status: 409,
    code: 'CASE.NO_PENDING_REQUEST',
  },
  {
    name: 'malformed JSON (action)',
    action: 'resolve',
    rawBody: '{"result": "done",',
    status: 400,
    code: 'REQUEST.MALFORMED_JSON',
  },
  {
    name: 'malformed JSON (report)',
    path: () => '/api/v1/cases',
    rawBody: "{'type': 'dispute'}",
    status: 400,
    code: 'REQUEST.MALFORMED_JSON',
  },
  {
    name: 'JSON with a trailing comma',
    action: 'accept',
    rawBody: '{"a":1,}',
    status: 400,
    code: 'REQUEST.MALFORMED_JSON',
  },
  {
    name: 'a bare JSON string as body',
    action: 'resolve',
    rawBody: '"done"',
    status: 400,
    code: 'REQUEST.MALFORMED_JSON',
  },
  {
    name: 'JSON null as body of an action that needs fields',
    action: 'resolve',
    rawBody: 'null',
    status: 400,
    code: /^(REQUEST\.MALFORMED_JSON|VALIDATION\.FAILED)$/,
  },
  {
    name: 'array body (action)',
    action: 'resolve',
    body: [{ result: 'done' }],
    status: 400,
    code: 'VALIDATION.FAILED',
  },
  {
    name: 'array body (empty, on an action without fields)',
    action: 'accept',
    body: [],
    status: 400,
    code: 'VALIDATION.FAILED',
  },
  {
    name: 'array body (report)',
    path: () => '/api/v1/cases',
    body: [disputeReport()],
    status: 400,
    code: 'VALIDATION.FAILED',
  },
  {
    name: 'text/plain body',
    action: 'resolve',
    rawBody: '{"result":"done"}',
    headers: { 'content-type': 'text/plain' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'result',
  },
  {
    name: 'If-Match "abc"',
    action: 'resolve',
    body: { result: 'done' },
    headers: { 'If-Match': '"abc"' },
    status: 400,
    code: 'VALIDATION.IF_MATCH',
  },
  {
    name: 'If-Match "-1"',
    action: 'resolve',
    body: { result: 'done' },
    headers: { 'If-Match': '"-1"' },
    status: 400,
    code: 'VALIDATION.IF_MATCH',
  },
  {
    name: 'If-Match with a list of revisions',
    action: 'resolve',
    body: { result: 'done' },
    headers: { 'If-Match': '"4", "5"' },
    status: 400,
    code: 'VALIDATION.IF_MATCH',
  },
  {
    name: 'If-Match with 19 digits',
    action: 'resolve',
    body: { result: 'done' },
    headers: { 'If-Match': `"${'9'.repeat(19)}"` },
    status: 400,
    code: 'VALIDATION.IF_MATCH',
  },
  {
    name: 'Idempotency-Key of 201 characters',
    action: 'resolve',
    body: { result: 'done' },
    headers: { 'Idempotency-Key': long(201) },
    status: 400,
    code: 'IDEMPOTENCY.KEY_INVALID',
  },
  {
    name: 'Idempotency-Key with a space',
    action: 'resolve',
    body: { result: 'done' },
    headers: { 'Idempotency-Key': 'two words' },
    status: 400,
    code: 'IDEMPOTENCY.KEY_INVALID',
  },
  {
    name: 'empty Idempotency-Key',
    action: 'resolve',
    body: { result: 'done' },
    headers: { 'Idempotency-Key': '' },
    status: 400,
    code: 'IDEMPOTENCY.KEY_INVALID',
  },
  {
    name: 'Idempotency-Key of 201 characters on a report',
    path: () => '/api/v1/cases',
    body: disputeReport(),
    headers: { 'Idempotency-Key': long(201) },
    status: 400,
    code: 'IDEMPOTENCY.KEY_INVALID',
  },
];

/** Every capped string field: [action ('report' = POST /cases), a valid body, dotted path of the field, its cap]. */
const capped: Array<[string, () => any, string, number]> = [
  ['report', () => disputeReport(), 'title', 200],
  ['report', () => disputeReport(), 'description', 5000],
  ['report', () => disputeReport(), 'category', 100],
  ['report', () => disputeReport(), 'location.address', 200],
  ['report', () => disputeReport(), 'reporter.name', 50],
  ['report', () => disputeReport(), 'dispute.parties.0.name', 50],
  ['register', () => ({}), 'category', 100],
  ['reject', () => ({ reason: 'r' }), 'reason', 1000],
  ['return', () => ({ reason: 'r' }), 'reason', 1000],
  ['rework', () => ({ reason: 'r' }), 'reason', 1000],
  ['reopen', () => ({ reason: 'r' }), 'reason', 1000],
  ['supervise', () => ({ reason: 'r' }), 'reason', 1000],
  ['dispatch', () => ({ unit: validUnit() }), 'unit.name', 100],
  ['approve', () => ({ requestId: 'approval-1' }), 'requestId', 100],
  ['decline-approval', () => ({ requestId: 'approval-1', reason: 'r' }), 'reason', 1000],
  ['extend', () => ({ reason: 'r', amount: 2 }), 'reason', 1000],
  ['resolve', () => ({ result: 'r' }), 'result', 5000],
  ['resolve', () => ({ result: 'r', summary: 's' }), 'summary', 1000],
  ['verify', () => ({}), 'note', 1000],
  ['close', () => ({}), 'note', 1000],
  ['follow-up', () => ({ satisfaction: 'satisfied', reporterSaysResolved: true }), 'note', 1000],
  ['escalate', () => ({ reason: 'r' }), 'reason', 1000],
  ['escalate', () => ({ reason: 'r', unit: validUnit() }), 'unit.name', 100],
  ['flag-risk', () => ({ risk: 'r', policeReport: { reportedTo: '110' } }), 'risk', 1000],
  ['flag-risk', () => ({ risk: 'r', policeReport: { reportedTo: '110' } }), 'policeReport.reportedTo', 100],
  [
    'flag-risk',
    () => ({ risk: 'r', policeReport: { reportedTo: '110', reference: 'x' } }),
    'policeReport.reference',
    100,
  ],
  ['extend', () => ({ reason: 'r', amount: 1 }), 'backdatingReason', 1000],
  ['park', () => ({ reason: 'r' }), 'reason', 1000],
  ['transfer', () => ({ reason: 'r', toUnit: validUnit() }), 'reason', 1000],
  ['transfer', () => ({ reason: 'r', toUnit: validUnit() }), 'toUnit.name', 100],
  ['refer-out', () => ({ route: 'litigation', reason: 'r', body: 'b' }), 'body', 100],
  ['refer-out', () => ({ route: 'litigation', reason: 'r' }), 'reason', 1000],
  ['record-session', () => ({ mediators: ['m'], notes: 'n' }), 'notes', 5000],
  ['record-session', () => ({ mediators: ['m'], notes: 'n' }), 'mediators.0', 50],
  ['record-session', () => ({ mediators: ['m'], attendees: ['a'], notes: 'n' }), 'attendees.0', 50],
  ['record-agreement', () => ({ form: 'oral', terms: 't' }), 'terms', 5000],
  ['record-agreement', () => ({ form: 'written', terms: 't', signedBy: ['a', 'b'] }), 'signedBy.1', 50],
  ['mediation-failed', () => ({ reason: 'r', next: 'escalate' }), 'reason', 1000],
  [
    'mediation-failed',
    () => ({ reason: 'r', next: 'refer_out', route: 'litigation', refusedByParty: 'p' }),
    'refusedByParty',
    50,
  ],
  [
    'mediation-failed',
    () => ({ reason: 'r', next: 'refer_out', route: 'litigation', body: 'b' }),
    'body',
    100,
  ],
  ['request-judicial-confirmation', () => ({ court: 'c', applicants: ['a', 'b'] }), 'court', 100],
  ['request-judicial-confirmation', () => ({ court: 'c', applicants: ['a', 'b'] }), 'applicants.0', 50],
];

function setPath(target: any, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key];
  node[keys[keys.length - 1]!] = value;
}

for (const [action, valid, field, cap] of capped) {
  cases.push({
    name: `${action}: ${field} longer than ${cap}`,
    ...(action === 'report' ? { path: () => '/api/v1/cases' } : { action }),
    body: (() => {
      const body = valid();
      setPath(body, field, long(cap + 1));
      return body;
    })(),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: field.replace(/\.\d+$/, ''),
  });
}
cases.push(
  {
    name: 'record-session: 21 mediators',
    action: 'record-session',
    body: { mediators: Array.from({ length: 21 }, (_, i) => `m${i}`), notes: 'n' },
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'mediators',
  },
  {
    name: 'report: 21 parties',
    path: () => '/api/v1/cases',
    body: report({
      dispute: {
        parties: Array.from({ length: 21 }, (_, i) => ({
          name: `p${i}`,
          phone: '13800138000',
          role: 'other',
        })),
      },
    }),
    status: 400,
    code: 'VALIDATION.FAILED',
    field: 'dispute.parties',
  },
);

describe('bad requests: problem+json, a stable code, nothing appended', () => {
  let t: TestApp;
  let target: string;
  let before: HistoryEntry[];
  beforeAll(async () => {
    t = await startTestApp();
    target = await caseInProgress(t.baseUrl);
    before = await history(t.baseUrl, target);
  });
  afterAll(async () => t?.close());

  const countEvents = async () =>
    Number((await t.database.pool.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n);

  it(`has at least 30 distinct bad requests (${cases.length})`, () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const bad of cases) {
    it(`${bad.name} → ${bad.status} ${bad.code}`, async () => {
      const eventsBefore = await countEvents();
      const path = bad.path ? bad.path(target) : `/api/v1/cases/${target}/${bad.action}`;
      const response = await http(t.baseUrl, bad.method ?? 'POST', path, {
        ...(bad.body !== undefined ? { body: bad.body } : {}),
        ...(bad.rawBody !== undefined ? { rawBody: bad.rawBody } : {}),
        headers: bad.headers ?? {},
      });
      expectProblem(response, bad.status, bad.code);
      if (bad.field)
        expect(response.body.errors?.map((e: { field: string }) => e.field)).toContain(bad.field);
      expect(await countEvents()).toBe(eventsBefore);
      expect(await history(t.baseUrl, target)).toEqual(before);
    });
  }

  it('the caps are exact: a report with every capped field at its limit is accepted', async () => {
    const body: any = disputeReport();
    for (const [action, , field, cap] of capped) if (action === 'report') setPath(body, field, long(cap));
    const response = await reportCase(t.baseUrl, body);
    expect(response.status).toBe(201);
    const state = (await getCase(t.baseUrl, response.body.caseId)).body.state;
    expect(state.title).toHaveLength(200);
    expect(state.description).toHaveLength(5000);
  });
});

describe('injection strings in free-text fields are stored verbatim and harmless', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const payloads: Array<[string, string]> = [
    ['SQL', SQL],
    ['SQL with quotes and a comment', "Robert'); DELETE FROM idempotency_keys; /*"],
    ['script tag', '<script>alert("x")</script><img src=x onerror=alert(1)>'],
    ['template expression', '{{7*7}} ${7*7} <%= 7*7 %>'],
    ['path traversal', '../../etc/passwd'],
    ['JSON-ish text', '{"$where": "sleep(1000)", "__proto__": {"admin": true}}'],
    ['unicode and emoji', '调解 — 😀 \u202e RTL override'],
  ];

  for (const [label, payload] of payloads) {
    it(`${label}: accepted as plain text in a session's notes and a report's title, returned byte for byte`, async () => {
      const caseId = await caseInProgress(t.baseUrl);
      await must(t.baseUrl, caseId, 'record-session', { mediators: [payload.slice(0, 50)], notes: payload });
      const events = await history(t.baseUrl, caseId);
      expect(events[5]!.data.notes).toBe(payload);
      expect(events[5]!.data.mediators).toEqual([payload.slice(0, 50)]);
      expect((await getCase(t.baseUrl, caseId)).body.state.details.sessions[0].notes).toBe(payload);

      const reported = await reportCase(t.baseUrl, disputeReport({ title: payload, description: payload }));
      expect(reported.status).toBe(201);
      const view = await getCase(t.baseUrl, reported.body.caseId);
      expect(view.body.state.title).toBe(payload);
      expect(view.body.state.description).toBe(payload);
      // Still a JSON API: the text never makes the answer HTML.
      expect(view.headers.get('content-type')).toContain('application/json');
      // The tables are intact.
      const tables = await t.database.pool.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('es_events', 'idempotency_keys')`,
      );
      expect(tables.rows[0].n).toBe(2);
    });
  }

  it.each([
    ['a NUL byte', 'before\u0000after'],
    ['a lone high surrogate', 'before\ud800after'],
    ['a lone low surrogate', 'before\udc00after'],
  ])(
    'text with %s is refused with 400 (it cannot be stored verbatim), nothing appended',
    async (_label, text) => {
      const caseId = await caseInProgress(t.baseUrl);
      const before = await history(t.baseUrl, caseId);
      const session = await http(t.baseUrl, 'POST', `/api/v1/cases/${caseId}/record-session`, {
        rawBody: JSON.stringify({ mediators: ['m'], notes: text }),
      });
      expectProblem(session, 400);
      expect(await history(t.baseUrl, caseId)).toEqual(before);
      const reported = await http(t.baseUrl, 'POST', '/api/v1/cases', {
        rawBody: JSON.stringify(disputeReport({ title: text })),
      });
      expectProblem(reported, 400);
    },
  );
});
