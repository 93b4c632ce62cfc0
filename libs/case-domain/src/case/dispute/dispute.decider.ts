import { assertNever, DomainError } from '#domain-kernel';
import { parseInstant } from '../../calendar/local-date.js';
import { CaseErrorCode } from '../case.errors.js';
import type { CaseEvent } from '../case.events.js';
import type { CaseState, ReportedCase } from '../case.state.js';
import { REFERRAL_ROUTES } from '../case.types.js';
import {
  at,
  checker,
  escalationEvents,
  nextLevel,
  requireStatus,
  topLevelReached,
  type DecisionContext,
} from '../case.rules.js';
import type { DisputeCommand } from './dispute.commands.js';
import type { DisputeEvent, DisputeReportDetails } from './dispute.events.js';
import type { DisputeDetails } from './dispute.state.js';

const DISPUTE_EVENT_TYPES: ReadonlySet<string> = new Set<DisputeEvent['type']>([
  'MediationSessionRecorded',
  'MediationAgreementRecorded',
  'MediationFailed',
  'JudicialConfirmationRequested',
]);

export function isDisputeEvent(event: CaseEvent): event is DisputeEvent {
  return DISPUTE_EVENT_TYPES.has(event.type);
}

export function initialDisputeDetails(report: DisputeReportDetails): DisputeDetails {
  return {
    caseType: 'dispute',
    parties: report.parties,
    mediators: [],
    sessions: [],
    agreement: null,
    failures: [],
    outcome: 'pending',
    judicialConfirmation: { deadline: null, request: null },
  };
}

/** People's mediation commands (人民调解法); routed here by the case decider. */
export function decideDispute(
  ctx: DecisionContext,
  command: DisputeCommand,
  state: ReportedCase,
): CaseEvent[] {
  if (state.details.caseType !== 'dispute') {
    throw new DomainError(
      CaseErrorCode.commandNotApplicable,
      'unprocessable',
      `${command.type} applies to dispute cases only`,
      { command: command.type, caseType: state.caseType },
    );
  }
  const details = state.details;
  const { metadata } = command;
  const now = at(metadata);
  const caseId = state.caseId;
  const check = checker(command.type);
  switch (command.type) {
    case 'RecordMediationSession':
      requireStatus(state, command.type, ['in_progress']);
      check.instant(command.data.heldAt, 'heldAt', true);
      check.texts(command.data.mediators, 'mediators', 1);
      check.texts(command.data.attendees, 'attendees', 0, true);
      check.text(command.data.notes, 'notes');
      check.done();
      return [
        {
          type: 'MediationSessionRecorded',
          data: {
            caseId,
            sessionNo: details.sessions.length + 1,
            heldAt: command.data.heldAt ?? now,
            level: state.level,
            mediators: command.data.mediators,
            attendees: command.data.attendees ?? [],
            notes: command.data.notes,
            recordedAt: now,
            recordedBy: metadata.actor,
          },
        },
      ];
    case 'RecordMediationAgreement': {
      requireStatus(state, command.type, ['in_progress']);
      check.oneOf(command.data.form, ['written', 'oral'], 'form');
      check.text(command.data.terms, 'terms');
      check.texts(command.data.signedBy, 'signedBy', 0, true);
      if (command.data.form === 'written' && (command.data.signedBy ?? []).length < 2)
        check.problem('a written agreement needs signedBy with the parties (at least 2)');
      check.done();
      // Written agreements take effect when signed (Art. 29), oral ones when agreed (Art. 30); judicial
      // confirmation (Art. 33) needs the agreement document, so only written ones open the window.
      const judicialConfirmationDeadline =
        command.data.form === 'written' ? ctx.deadline(ctx.policy.dispute.judicialConfirmation, now) : null;
      return [
        {
          type: 'MediationAgreementRecorded',
          data: {
            caseId,
            agreedAt: now,
            recordedBy: metadata.actor,
            level: state.level,
            form: command.data.form,
            terms: command.data.terms,
            signedBy: command.data.signedBy ?? [],
            judicialConfirmationDeadline,
          },
        },
        {
          type: 'CaseResolved',
          data: {
            caseId,
            resolvedAt: now,
            resolvedBy: metadata.actor,
            result: `调解达成协议（${command.data.form === 'written' ? '书面' : '口头'}）：${command.data.terms}`,
          },
        },
      ];
    }
    case 'RecordMediationFailure': {
      requireStatus(state, command.type, ['in_progress']);
      const { data } = command;
      check.text(data.reason, 'reason');
      check.text(data.refusedByParty, 'refusedByParty', true);
      check.oneOf(data.next, ['escalate', 'refer_out'], 'next');
      if (data.next === 'refer_out') check.oneOf(data.route, REFERRAL_ROUTES, 'route');
      if (data.next === 'escalate') check.unit(data.unit, 'unit', true);
      if (data.refusedByParty && data.next === 'escalate')
        check.problem(
          'a party refused mediation: it may not be mediated further (人民调解法第十七条); refer it out',
        );
      check.done();
      const failed: CaseEvent = {
        type: 'MediationFailed',
        data: {
          caseId,
          failedAt: now,
          recordedBy: metadata.actor,
          level: state.level,
          reason: data.reason,
          ...(data.refusedByParty ? { refusedByParty: data.refusedByParty } : {}),
          next: data.next,
        },
      };
      if (data.next === 'refer_out') {
        return [
          failed,
          {
            type: 'CaseReferredOut',
            data: {
              caseId,
              referredAt: now,
              referredBy: metadata.actor,
              route: data.route!,
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
        ...escalationEvents(ctx, state, metadata, {
          toLevel,
          trigger: 'mediation_failed',
          reason: data.reason,
          ...(data.unit ? { unit: data.unit } : {}),
        }),
      ];
    }
    case 'RequestJudicialConfirmation': {
      requireStatus(state, command.type, ['resolved', 'verified', 'closed', 'followed_up']);
      const window = details.judicialConfirmation.deadline;
      if (!details.agreement || !window) {
        throw new DomainError(
          CaseErrorCode.judicialConfirmationNotAvailable,
          'unprocessable',
          'judicial confirmation needs a written mediation agreement',
          { status: state.status, command: command.type },
        );
      }
      if (details.judicialConfirmation.request) {
        throw new DomainError(
          CaseErrorCode.judicialConfirmationNotAvailable,
          'unprocessable',
          'judicial confirmation was already requested',
          { status: state.status, command: command.type },
        );
      }
      check.text(command.data.court, 'court');
      check.texts(command.data.applicants, 'applicants', 2);
      check.done();
      if (parseInstant(now) >= parseInstant(window.dueAt)) {
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
            caseId,
            requestedAt: now,
            requestedBy: metadata.actor,
            court: command.data.court,
            applicants: command.data.applicants,
          },
        },
      ];
    }
    default:
      return assertNever(command, 'dispute command');
  }
}

export function evolveDispute(state: ReportedCase, event: DisputeEvent): CaseState {
  if (state.details.caseType !== 'dispute') return state;
  const details = state.details;
  switch (event.type) {
    case 'MediationSessionRecorded': {
      const mediators = [...details.mediators];
      for (const name of event.data.mediators) if (!mediators.includes(name)) mediators.push(name);
      const { caseId: _caseId, recordedAt: _recordedAt, recordedBy: _recordedBy, ...session } = event.data;
      return {
        ...state,
        lastChangedAt: event.data.recordedAt,
        details: { ...details, mediators, sessions: [...details.sessions, session] },
      };
    }
    case 'MediationAgreementRecorded':
      return {
        ...state,
        lastChangedAt: event.data.agreedAt,
        details: {
          ...details,
          outcome: 'agreement',
          agreement: {
            form: event.data.form,
            terms: event.data.terms,
            agreedAt: event.data.agreedAt,
            signedBy: event.data.signedBy,
            level: event.data.level,
          },
          judicialConfirmation: { deadline: event.data.judicialConfirmationDeadline, request: null },
        },
      };
    case 'MediationFailed':
      return {
        ...state,
        lastChangedAt: event.data.failedAt,
        details: {
          ...details,
          outcome: event.data.refusedByParty ? 'refused' : 'failed',
          failures: [
            ...details.failures,
            {
              level: event.data.level,
              reason: event.data.reason,
              failedAt: event.data.failedAt,
              ...(event.data.refusedByParty ? { refusedByParty: event.data.refusedByParty } : {}),
            },
          ],
        },
      };
    case 'JudicialConfirmationRequested':
      return {
        ...state,
        lastChangedAt: event.data.requestedAt,
        details: {
          ...details,
          judicialConfirmation: {
            ...details.judicialConfirmation,
            request: {
              court: event.data.court,
              applicants: event.data.applicants,
              requestedAt: event.data.requestedAt,
            },
          },
        },
      };
    default:
      return assertNever(event, 'dispute event');
  }
}
