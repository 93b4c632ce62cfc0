import type { CommandMetadata } from '../case.types.js';
import type { AttachedFile } from './attachment.events.js';

/** The configured bounds of one case's attachments (ATTACHMENT_MAX_PER_CASE, ATTACHMENT_MAX_CASE_BYTES). */
export interface AttachmentLimits {
  readonly maxCount: number;
  readonly maxTotalBytes: number;
}

/**
 * Records a file already stored by the attachments store (durably, before this command runs). The
 * HTTP upload fills everything but `caption`, `fileName`, `fact` and `occurredAt` from the bytes.
 */
export type AddAttachment = {
  readonly type: 'AddAttachment';
  readonly data: AttachedFile & {
    /** When the photo was taken or the document received; default: the command's business time. */
    occurredAt?: string;
    limits: AttachmentLimits;
  };
  readonly metadata: CommandMetadata;
};

export type AttachmentCommand = AddAttachment;
