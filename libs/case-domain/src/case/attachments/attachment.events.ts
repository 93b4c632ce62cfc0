import type { DomainEvent } from '#domain-kernel';
/**
 * A file was attached to the case as evidence (a photo of what was reported, a served notice). The
 * file is named by the SHA-256 of its bytes (its content address); the bytes themselves are kept,
 * encrypted under the case's text key, by the attachments store (docs/adr/0034), never in the log.
 */
export type AttachmentAdded = DomainEvent<
  'AttachmentAdded',
  AttachedFile & {
    caseId: string;
    /** Business time: when the photo was taken or the document received. */
    occurredAt: string;
    /** When it was attached (recorded). */
    addedAt: string;
    addedBy: string;
  }
>;

/** The file and what its uploader says of it: the part of the event the upload's command carries. */
export interface AttachedFile {
  /** SHA-256 of the file's bytes, lowercase hex: the address it is fetched by. */
  sha256: string;
  size: number;
  /** Sniffed from the bytes at upload, never taken from the client. */
  mediaType: string;
  /** The name the uploader's device gave it (free text: may name a person). */
  fileName?: string;
  /** What it shows or is (free text). */
  caption?: string;
  /** Width and height of an image, read from its header. */
  image?: AttachmentImage;
  /** The fact of the case it is evidence of: the event at that revision of the case's stream. */
  fact?: AttachmentFact;
}

export interface AttachmentImage {
  readonly width: number;
  readonly height: number;
}

export interface AttachmentFact {
  /** Revision of the fact's event in the case's stream (as `/history` shows it). */
  readonly revision: number;
  /** Its event type, e.g. `CaseReported`, `DecisionServed`. */
  readonly type: string;
}

export type AttachmentEvent = AttachmentAdded;

export const ATTACHMENT_EVENT_TYPES = [
  'AttachmentAdded',
] as const satisfies readonly AttachmentEvent['type'][];

export function isAttachmentEvent(event: { type: string }): event is AttachmentEvent {
  return (ATTACHMENT_EVENT_TYPES as readonly string[]).includes(event.type);
}
