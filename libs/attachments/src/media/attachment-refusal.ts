/**
 * Why an upload was refused; nothing of it is stored. `status` is the HTTP answer, `code` the stable
 * problem+json code (apps/api/src/cases/attachments/README.md lists them).
 */
export class AttachmentRefusedError extends Error {
  constructor(
    readonly code: AttachmentRefusalCode,
    readonly status: 400 | 409 | 413 | 415 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'AttachmentRefusedError';
  }
}

export type AttachmentRefusalCode =
  | 'ATTACHMENT.UNSUPPORTED_MEDIA_TYPE'
  | 'ATTACHMENT.TOO_LARGE'
  | 'ATTACHMENT.IMAGE_TOO_LARGE'
  | 'ATTACHMENT.EXPANDS_TOO_FAR'
  | 'ATTACHMENT.MALFORMED'
  | 'ATTACHMENT.TRUNCATED'
  | 'ATTACHMENT.EMPTY'
  /** The case has no room left for the file (ATTACHMENT_MAX_CASE_BYTES). */
  | 'ATTACHMENT.CASE_LIMIT';

export const unsupportedMediaType = (detail: string) =>
  new AttachmentRefusedError('ATTACHMENT.UNSUPPORTED_MEDIA_TYPE', 415, detail);
export const malformed = (detail: string) => new AttachmentRefusedError('ATTACHMENT.MALFORMED', 422, detail);
