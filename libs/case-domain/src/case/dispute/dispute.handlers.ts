import { DomainError, parseInstant } from '#domain-kernel';
import { CaseErrorCode } from '../case.errors.js';
import type { CaseEvent } from '../case.events.js';
import { handler, inStatus, type DisputeCase } from '../case.handler.js';
import { escalationEvents, nextLevel, topLevelReached } from '../case.rules.js';
import { REFERRAL_ROUTES } from '../case.types.js';
import type {
  RecordMediationAgreement,
  RecordMediationFailure,
  RecordMediationSession,
  RequestJudicialConfirmation,
} from './dispute.commands.js';

/** People's mediation commands (人民调解法). */

export const recordMediationSession = handler(inStatus<DisputeCase>('in_progress'), {
  fields: (data: RecordMediationSession['data'], check) => {
    check.texts(data.mediators, 'mediators', 1);
    check.texts(data.attendees, 'attendees', 0, true);
    check.text(data.notes, 'notes');
  },
  decide: (_ctx, command: RecordMediationSession, state, moment): CaseEvent[] => [
    {
      type: 'MediationSessionRecorded',
      data: {
        caseId: state.caseId,
        sessionNo: state.details.sessions.length + 1,
        heldAt: moment.at,
        level: state.level,
        mediators: command.data.mediators,
        attendees: command.data.attendees ?? [],
        notes: command.data.notes,
        recordedAt: moment.now,
        recordedBy: moment.actor,
      },
    },
  ],
});

export const recordMediationAgreement = handler(inStatus<DisputeCase>('in_progress'), {
  fields: (data: RecordMediationAgreement['data'], check) => {
    check.oneOf(data.form, ['written', 'oral'], 'form');
    check.text(data.terms, 'terms');
    check.texts(data.signedBy, 'signedBy', 0, true);
    if (data.form === 'written' && (data.signedBy ?? []).length < 2)
      check.problem('a written agreement needs signedBy with the parties (at least 2)');
  },
  decide: (ctx, command: RecordMediationAgreement, state, moment): CaseEvent[] => {
    const { data } = command;
    // Written agreements take effect when signed (Art. 29), oral ones when agreed (Art. 30); judicial
    // confirmation (Art. 33) needs the agreement document, so only written ones open the window.
    const judicialConfirmationDeadline =
      data.form === 'written' ? ctx.deadline(ctx.policy.dispute.judicialConfirmation, moment.at) : null;
    return [
      {
        type: 'MediationAgreementRecorded',
        data: {
          caseId: state.caseId,
          agreedAt: moment.at,
          recordedBy: moment.actor,
          level: state.level,
          form: data.form,
          terms: data.terms,
          signedBy: data.signedBy ?? [],
          judicialConfirmationDeadline,
        },
      },
      {
        type: 'CaseResolved',
        data: {
          caseId: state.caseId,
          resolvedAt: moment.at,
          resolvedBy: moment.actor,
          result: `调解达成协议（${data.form === 'written' ? '书面' : '口头'}）：${data.terms}`,
        },
      },
    ];
  },
});

/** 调解不成: escalate a level, or terminate and refer out (Art. 26); a party's refusal is referred out (Art. 17). */
export const recordMediationFailure = handler(inStatus<DisputeCase>('in_progress'), {
  fields: (data: RecordMediationFailure['data'], check) => {
    check.text(data.reason, 'reason');
    check.text(data.refusedByParty, 'refusedByParty', true);
    check.oneOf(data.next, ['escalate', 'refer_out'], 'next');
    if (data.next === 'refer_out') check.oneOf(data.route, REFERRAL_ROUTES, 'route');
    if (data.next === 'escalate') check.unit(data.unit, 'unit', true);
    if (data.refusedByParty && data.next === 'escalate')
      check.problem(
        'a party refused mediation: it may not be mediated further (人民调解法第十七条); refer it out',
      );
  },
  decide: (ctx, command: RecordMediationFailure, state, moment): CaseEvent[] => {
    const { data } = command;
    const failed: CaseEvent = {
      type: 'MediationFailed',
      data: {
        caseId: state.caseId,
        failedAt: moment.at,
        recordedBy: moment.actor,
        level: state.level,
        reason: data.reason,
        ...(data.refusedByParty ? { refusedByParty: data.refusedByParty } : {}),
        next: data.next,
      },
    };
    if (data.next === 'refer_out' && data.route !== undefined) {
      return [
        failed,
        {
          type: 'CaseReferredOut',
          data: {
            caseId: state.caseId,
            referredAt: moment.at,
            referredBy: moment.actor,
            route: data.route,
            reason: data.reason,
            ...(data.body ? { body: data.body } : {}),
          },
        },
      ];
    }
    const toLevel = nextLevel(state.level);
    if (!toLevel) throw topLevelReached(state, command.type);
    return [
      failed,
      ...escalationEvents(ctx, state, moment, {
        toLevel,
        trigger: 'mediation_failed',
        reason: data.reason,
        ...(data.unit ? { unit: data.unit } : {}),
      }),
    ];
  },
});

/** A joint application within 30 days of a written agreement (人民调解法 Art. 33). */
export const requestJudicialConfirmation = handler(
  (state: DisputeCase, command: RequestJudicialConfirmation): DisputeCase => {
    inStatus<DisputeCase>('resolved', 'verified', 'closed', 'followed_up')(state, command);
    const { agreement, judicialConfirmation } = state.details;
    if (!agreement || !judicialConfirmation.deadline) {
      throw new DomainError(
        CaseErrorCode.judicialConfirmationNotAvailable,
        'unprocessable',
        'judicial confirmation needs a written mediation agreement',
        { status: state.status, command: command.type },
      );
    }
    if (judicialConfirmation.request) {
      throw new DomainError(
        CaseErrorCode.judicialConfirmationNotAvailable,
        'unprocessable',
        'judicial confirmation was already requested',
        { status: state.status, command: command.type },
      );
    }
    return state;
  },
  {
    fields: (data: RequestJudicialConfirmation['data'], check) => {
      check.text(data.court, 'court');
      check.texts(data.applicants, 'applicants', 2);
    },
    decide: (_ctx, command: RequestJudicialConfirmation, state, moment): CaseEvent[] => {
      const window = state.details.judicialConfirmation.deadline;
      if (window && parseInstant(moment.at) >= parseInstant(window.dueAt)) {
        throw new DomainError(
          CaseErrorCode.judicialConfirmationWindowClosed,
          'unprocessable',
          `the 30-day window for judicial confirmation closed at ${window.dueAt} (人民调解法第三十三条)`,
          { status: state.status, command: command.type, dueAt: window.dueAt },
        );
      }
      return [
        {
          type: 'JudicialConfirmationRequested',
          data: {
            caseId: state.caseId,
            requestedAt: moment.at,
            requestedBy: moment.actor,
            court: command.data.court,
            applicants: command.data.applicants,
          },
        },
      ];
    },
  },
);
