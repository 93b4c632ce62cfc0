import type { EventFieldClasses } from '#domain-kernel';
import type { AttachmentEvent } from './attachment.events.js';

/**
 * What every string field of the attachment events holds (see case.fields.ts for the classes and
 * rules). The file's name and caption are typed (they may name a person) ⇒ `text`; its address,
 * sniffed media type and the fact's event type are `system`.
 */
export const ATTACHMENT_EVENT_FIELDS = {
  AttachmentAdded: {
    caseId: 'system',
    occurredAt: 'system',
    addedAt: 'system',
    addedBy: 'system',
    sha256: 'system',
    mediaType: 'system',
    fileName: 'text',
    caption: 'text',
    'fact.type': 'system',
  },
} as const satisfies EventFieldClasses<AttachmentEvent>;
