import { describe, expect, it } from '@jest/globals';
import { CASE_TYPES, JURISDICTION_LEVELS, caseActions, type CaseAction, type CaseType } from '#case-domain';
import {
  CASE_ACTION_ROLES,
  CASE_ACTION_ROLES_BY_TYPE,
  mayEverRunCaseAction,
  mayRunCaseAction,
} from './case-action-rules.js';
import { ROLES, type Role } from './roles.js';

const ACTIONS = Object.keys(caseActions) as CaseAction[];

const COMMON_CENTRE_ONLY = [
  'register',
  'reject',
  'dispatch',
  'supervise',
  'transfer',
  'close',
  'follow-up',
  'reopen',
];
const HANDLING = [
  'accept',
  'return',
  'start',
  'resolve',
  'escalate',
  'flag-risk',
  'extend',
  'record-session',
  'record-agreement',
  'mediation-failed',
  'request-judicial-confirmation',
];
const PETITION_CENTRE_ONLY = [
  'route',
  'notify',
  'request-review',
  'request-re-review',
  'record-hearing',
  'answer-re-review',
  'close-for-no-request',
];
const ENFORCEMENT = [
  'screen',
  'file',
  'preserve-evidence',
  'decide-preserved-evidence',
  'conclude-investigation',
  'review',
  'notify-penalty',
  'request-hearing',
  'schedule-hearing',
  'hold-hearing',
  'decide',
  'serve',
  'record-payment',
  'demand-payment',
  'apply-court-enforcement',
  'archive',
];

/** Staff who may hold an approving post (负责人); the post itself is the registry's (ADR 0019). */
const APPROVING = ['approve', 'decline-approval'];

/** Written out by hand from docs/domain.md §6 (and the README table), not derived from the rule table. */
const EVER: Readonly<Record<string, readonly string[]>> = {
  centre_operator: [
    ...COMMON_CENTRE_ONLY,
    ...HANDLING,
    'park',
    'resume',
    'verify',
    'rework',
    'refer-out',
    ...PETITION_CENTRE_ONLY,
    'object',
    'divert',
    'answer',
    'answer-review',
    ...APPROVING,
  ],
  street_staff: [
    ...HANDLING,
    'park',
    'resume',
    'refer-out',
    'object',
    'divert',
    'answer',
    'answer-review',
    ...APPROVING,
  ],
  community_staff: [...HANDLING, 'park', 'resume', 'refer-out', 'object', 'divert', 'answer', ...APPROVING],
  grid_worker: [...HANDLING, 'verify', 'rework'],
  squad_officer: [...ENFORCEMENT, 'extend', 'refer-out', ...APPROVING],
  analyst: [],
  administrator: [],
};

/** The roles that any role not written above (e.g. one added later) gets: none. */
const everFor = (role: Role): readonly string[] => EVER[role] ?? [];

const BUILDING_BOUND = new Set([
  'accept',
  'return',
  'start',
  'resolve',
  'escalate',
  'extend',
  'record-session',
  'record-agreement',
  'mediation-failed',
  'request-judicial-confirmation',
]);

/** Expected answer on a case of this type and level, by hand. */
function expectedOnCase(role: Role, action: CaseAction, caseType: CaseType, level: string): boolean {
  if (action === 'extend') {
    const holders = {
      dispute: ['centre_operator', 'street_staff', 'community_staff', 'grid_worker'],
      petition: ['centre_operator', 'street_staff', 'community_staff'],
      enforcement: ['squad_officer'],
    }[caseType];
    if (!holders.includes(role)) return false;
  } else if (action === 'refer-out') {
    const holders =
      caseType === 'enforcement' ? ['squad_officer'] : ['centre_operator', 'street_staff', 'community_staff'];
    if (!holders.includes(role)) return false;
  } else if (!everFor(role).includes(action)) {
    return false;
  }
  return !(role === 'grid_worker' && BUILDING_BOUND.has(action) && level !== 'building');
}

describe('case action rules (docs/domain.md §6)', () => {
  it('lists every case action of the domain, and no other', () => {
    expect(Object.keys(CASE_ACTION_ROLES).sort()).toEqual([...ACTIONS].sort());
  });

  it('knows every role the table names', () => {
    for (const holders of Object.values(CASE_ACTION_ROLES))
      for (const role of holders) expect(ROLES).toContain(role);
  });

  describe('before the case is read: role × action', () => {
    for (const role of ROLES) {
      it(`${role}`, () => {
        const allowed = ACTIONS.filter((action) => mayEverRunCaseAction([role], action));
        expect(allowed.sort()).toEqual([...everFor(role)].sort());
      });
    }
  });

  describe('on a case: role × action × case type × level', () => {
    for (const role of ROLES) {
      it(`${role}`, () => {
        let cells = 0;
        for (const action of ACTIONS) {
          for (const caseType of CASE_TYPES) {
            for (const level of JURISDICTION_LEVELS) {
              const actual = mayRunCaseAction([role], action, { caseType, level });
              expect({ action, caseType, level, allowed: actual }).toEqual({
                action,
                caseType,
                level,
                allowed: expectedOnCase(role, action, caseType, level),
              });
              // Whatever a case allows, the check before the read allowed too (it must never refuse what the case would allow).
              if (actual) expect(mayEverRunCaseAction([role], action)).toBe(true);
              cells++;
            }
          }
        }
        expect(cells).toBe(ACTIONS.length * CASE_TYPES.length * JURISDICTION_LEVELS.length);
      });
    }
  });

  it('keeps the per-type lists within the union', () => {
    for (const [action, byType] of Object.entries(CASE_ACTION_ROLES_BY_TYPE)) {
      for (const holders of Object.values(byType!))
        for (const role of holders) expect(CASE_ACTION_ROLES[action as CaseAction]).toContain(role);
    }
  });

  it('allows what one of several roles allows, and nothing for no role', () => {
    expect(mayEverRunCaseAction(['analyst', 'centre_operator'], 'register')).toBe(true);
    expect(mayEverRunCaseAction(['grid_worker', 'squad_officer'], 'screen')).toBe(true);
    expect(mayEverRunCaseAction([], 'register')).toBe(false);
    expect(
      mayRunCaseAction(['grid_worker', 'community_staff'], 'resolve', {
        caseType: 'dispute',
        level: 'community',
      }),
    ).toBe(true);
    expect(mayRunCaseAction(['grid_worker'], 'resolve', { caseType: 'dispute', level: 'community' })).toBe(
      false,
    );
    expect(mayRunCaseAction(['grid_worker'], 'verify', { caseType: 'dispute', level: 'street' })).toBe(true);
  });
});
