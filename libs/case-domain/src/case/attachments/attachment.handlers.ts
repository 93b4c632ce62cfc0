import { DomainError, formatCst, parseInstant, toCst } from '#domain-kernel';
import { CaseErrorCode } from '../case.errors.js';
import type { Checker, DecisionContext } from '../case.rules.js';
import type { Moment } from '../case.types.js';
import type { AddAttachment } from './attachment.commands.js';
import type { CaseAttachment, ReportedCase } from '../case.state.js';
import type { CaseEvent } from '../case.events.js';
import type { AttachmentAdded } from './attachment.events.js';

export const AttachmentErrorCode = {
  alreadyAttached: 'ATTACHMENT.ALREADY_ATTACHED',
  caseLimit: 'ATTACHMENT.CASE_LIMIT',
  factNotLinkable: 'ATTACHMENT.FACT_NOT_LINKABLE',
} as const;

const SHA256 = /^[0-9a-f]{64}$/;
const MEDIA_TYPE = /^[a-z]+\/[a-z0-9][a-z0-9.+-]{0,126}$/;

/** The attachments a case holds so far (none in states folded before attachments existed). */
export function attachmentsOf(state: ReportedCase): readonly CaseAttachment[] {
  return state.attachments ?? [];
}

/**
 * AddAttachment, on a case of any type and in any status: evidence arrives at any time, also after
 * a case is closed or archived (the history says when it was attached). A file is attached to a case
 * once (409), the case's count and bytes stay within the configured limits (422), the business time
 * is not in the future (422), and it may name the fact it is evidence of, but never another attachment.
 */
export const addAttachment = {
  /** Any type, any status: the same handler sits in every type's routing table. */
  guard: <In extends ReportedCase>(state: In): In => state,
  fields(data: AddAttachment['data'], check: Checker): void {
    if (typeof data.sha256 !== 'string' || !SHA256.test(data.sha256))
      check.problem('sha256 must be 64 lowercase hexadecimal digits');
    if (!Number.isSafeInteger(data.size) || data.size < 1) check.problem('size must be a positive integer');
    if (typeof data.mediaType !== 'string' || !MEDIA_TYPE.test(data.mediaType))
      check.problem('mediaType must be a media type such as image/jpeg');
    check.text(data.fileName, 'fileName', true);
    if (typeof data.fileName === 'string' && data.fileName.length > 255)
      check.problem('fileName must be at most 255 characters');
    check.text(data.caption, 'caption', true);
    if (typeof data.caption === 'string' && data.caption.length > 2000)
      check.problem('caption must be at most 2000 characters');
    check.instant(data.occurredAt, 'occurredAt', true);
    if (data.image !== undefined && !(isPositive(data.image?.width) && isPositive(data.image?.height)))
      check.problem('image must have a positive integer width and height');
    if (data.fact !== undefined) {
      if (!Number.isSafeInteger(data.fact?.revision) || data.fact.revision < 0)
        check.problem('fact.revision must be a revision of the case (0 or more)');
      check.text(data.fact?.type, 'fact.type');
    }
    if (!isPositive(data.limits?.maxCount) || !isPositive(data.limits?.maxTotalBytes))
      check.problem('limits must give a positive maxCount and maxTotalBytes');
  },
  decide(ctx: DecisionContext, command: AddAttachment, state: ReportedCase, moment: Moment): CaseEvent[] {
    const { data } = command;
    const attached = attachmentsOf(state);
    if (attached.some((attachment) => attachment.sha256 === data.sha256)) {
      throw new DomainError(
        AttachmentErrorCode.alreadyAttached,
        'illegal_transition',
        `the file ${data.sha256} is already attached to this case`,
        { sha256: data.sha256 },
      );
    }
    const totalBytes = attached.reduce((sum, attachment) => sum + attachment.size, 0);
    if (attached.length + 1 > data.limits.maxCount || totalBytes + data.size > data.limits.maxTotalBytes) {
      throw new DomainError(
        AttachmentErrorCode.caseLimit,
        'unprocessable',
        `a case holds at most ${data.limits.maxCount} files and ${data.limits.maxTotalBytes} bytes; it holds ${attached.length} files and ${totalBytes} bytes`,
        { count: attached.length, totalBytes, ...data.limits },
      );
    }
    // The file's own time (taken, received), not the command's: a photo usually predates the facts
    // recorded before its upload, so only the future is refused, with the clock skew of ADR 0018.
    const nowMs = parseInstant(moment.now);
    const skewMs = ctx.policy.businessTime.maxClockSkewSeconds * 1000;
    if (data.occurredAt !== undefined && parseInstant(data.occurredAt) > nowMs + skewMs) {
      throw new DomainError(
        CaseErrorCode.occurredInFuture,
        'unprocessable',
        `AddAttachment: occurredAt ${toCst(data.occurredAt)} is in the future (now ${moment.now})`,
        { command: command.type, occurredAt: toCst(data.occurredAt), now: moment.now },
      );
    }
    const occurredAt =
      data.occurredAt === undefined ? moment.at : formatCst(Math.min(parseInstant(data.occurredAt), nowMs));
    if (data.fact?.type === 'AttachmentAdded') {
      throw new DomainError(
        AttachmentErrorCode.factNotLinkable,
        'unprocessable',
        'a file is evidence of a fact of the case, not of another file',
        { fact: data.fact },
      );
    }
    const event: AttachmentAdded = {
      type: 'AttachmentAdded',
      data: {
        caseId: state.caseId,
        sha256: data.sha256,
        size: data.size,
        mediaType: data.mediaType,
        ...(data.fileName !== undefined ? { fileName: data.fileName } : {}),
        ...(data.caption !== undefined ? { caption: data.caption } : {}),
        ...(data.image ? { image: { width: data.image.width, height: data.image.height } } : {}),
        ...(data.fact ? { fact: { revision: data.fact.revision, type: data.fact.type } } : {}),
        occurredAt,
        addedAt: moment.now,
        addedBy: moment.actor,
      },
    };
    return [event];
  },
};

/** Folds AttachmentAdded: the file joins the case's list; the case's status and clocks do not move. */
export function evolveAttachment(state: ReportedCase, event: AttachmentAdded): ReportedCase {
  const { caseId: _caseId, ...attachment } = event.data;
  return { ...state, attachments: [...attachmentsOf(state), attachment] };
}

function isPositive(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}
