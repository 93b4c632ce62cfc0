import { describe, expect, it } from '@jest/globals';
import { fold } from '#domain-kernel';
import { deciderSpecification } from '#domain-kernel/testing';
import { ALL_ADMISSION_COMMAND_TYPES, metadataAt, sampleAdmissionCommands } from '../testing/index.js';
import type { AdmissionCommand, AdmissionCommandType } from './admission.commands.js';
import { admissionDecider } from './admission.decider.js';
import type { AdmissionEvent } from './admission.events.js';

/**
 * The state table: a fixture history per state crossed with a valid command of every type. Each
 * pair either succeeds (into the state the table names) or is refused with the code it names.
 */
const T0 = '2026-03-02T09:00:00+08:00';
const T1 = '2026-03-10T10:00:00+08:00';
const s = sampleAdmissionCommands('req-matrix');
const at = (type: AdmissionCommandType, now: string): AdmissionCommand => s[type](metadataAt(now));
const submitWith = (
  work: Partial<Extract<AdmissionCommand, { type: 'SubmitAdmissionRequest' }>['data']['work']>,
): AdmissionCommand => {
  const base = s.SubmitAdmissionRequest(metadataAt(T0));
  return { ...base, data: { ...base.data, work: { ...base.data.work, ...work } } };
};

function history(commands: AdmissionCommand[]): AdmissionEvent[] {
  const events: AdmissionEvent[] = [];
  for (const command of commands)
    events.push(...admissionDecider.decide(command, fold(admissionDecider, events)));
  return events;
}

const submitted = [at('SubmitAdmissionRequest', T0)];
const reviewed = [...submitted, at('RecordReviewOpinion', T0)];
type Row = { given: AdmissionCommand[]; legal: Partial<Record<AdmissionCommandType, string>> };
const table: Record<string, Row> = {
  none: { given: [], legal: { SubmitAdmissionRequest: 'under_review' } },
  under_review: {
    given: submitted,
    legal: { RecordReviewOpinion: 'reviewed', WithdrawAdmissionRequest: 'withdrawn' },
  },
  reviewed: {
    given: reviewed,
    legal: {
      ApproveAdmission: 'approved',
      RefuseAdmission: 'refused',
      WithdrawAdmissionRequest: 'withdrawn',
    },
  },
  approved: { given: [...reviewed, at('ApproveAdmission', T0)], legal: {} },
  'refused (on review)': { given: [...reviewed, at('RefuseAdmission', T0)], legal: {} },
  'refused (negative list)': {
    given: [submitWith({ nature: 'assessment', title: '文明楼院评比' })],
    legal: {},
  },
  not_required: { given: [submitWith({ listItemCode: 'ZHBZ-01' })], legal: {} },
  withdrawn: { given: [...submitted, at('WithdrawAdmissionRequest', T0)], legal: {} },
};

const spec = deciderSpecification(admissionDecider);

describe('admission: every command in every state', () => {
  for (const [name, row] of Object.entries(table)) {
    const given = history(row.given);
    const state = fold(admissionDecider, given);
    it(`${name}: the fixture rests in that state`, () => expect(name.startsWith(state.status)).toBe(true));
    for (const type of ALL_ADMISSION_COMMAND_TYPES) {
      const command = at(type, T1);
      const next = row.legal[type];
      if (next !== undefined) {
        it(`${name} × ${type} → ${next}`, () => {
          spec
            .given(given)
            .when(command)
            .thenSatisfies((events, after) => {
              expect(after.status).toBe(next);
              expect(JSON.parse(JSON.stringify(events))).toEqual(events);
            });
        });
      } else {
        const code =
          state.status === 'none'
            ? 'ADMISSION.NOT_FOUND'
            : type === 'SubmitAdmissionRequest'
              ? 'ADMISSION.ALREADY_EXISTS'
              : 'ADMISSION.ILLEGAL_TRANSITION';
        it(`${name} × ${type} is refused with ${code}`, () => {
          spec
            .given(given)
            .when(command)
            .thenThrows(code, (error) => {
              if (code === 'ADMISSION.ILLEGAL_TRANSITION')
                expect(error.context).toEqual({ status: state.status, command: type });
              if (code === 'ADMISSION.NOT_FOUND') expect(error.kind).toBe('not_found');
            });
        });
      }
    }
  }
});
