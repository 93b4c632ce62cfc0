/** The attachment settings (`AttachmentsConfig` of the runtime config). */
export const ATTACHMENTS_CONFIG = Symbol.for('gridcase.AttachmentsConfig');
/** The `AttachmentStore`: stage, place, open, thumbnails. */
export const ATTACHMENT_STORE = Symbol.for('gridcase.AttachmentStore');
