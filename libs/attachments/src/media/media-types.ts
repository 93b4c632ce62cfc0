/**
 * The file types an attachment may be: what the sniffer recognises from the bytes (never from the
 * client's Content-Type or file name). Every one is allowed by default; ATTACHMENT_MEDIA_TYPES narrows
 * the list. Anything else is refused (415) and nothing is stored. Left out on purpose: SVG and HTML
 * (script), archives and executables, macro-enabled office files, HEIC (no thumbnailer here).
 */
export const KNOWN_MEDIA_TYPES = {
  'image/jpeg': { kind: 'image', extension: 'jpg' },
  'image/png': { kind: 'image', extension: 'png' },
  'image/gif': { kind: 'image', extension: 'gif' },
  'image/webp': { kind: 'image', extension: 'webp' },
  'application/pdf': { kind: 'pdf', extension: 'pdf' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    kind: 'office',
    extension: 'docx',
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { kind: 'office', extension: 'xlsx' },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    kind: 'office',
    extension: 'pptx',
  },
  'application/vnd.oasis.opendocument.text': { kind: 'office', extension: 'odt' },
  'application/vnd.oasis.opendocument.spreadsheet': { kind: 'office', extension: 'ods' },
  'application/vnd.oasis.opendocument.presentation': { kind: 'office', extension: 'odp' },
} as const satisfies Record<string, { kind: 'image' | 'pdf' | 'office'; extension: string }>;

export type MediaType = keyof typeof KNOWN_MEDIA_TYPES;
export type MediaKind = (typeof KNOWN_MEDIA_TYPES)[MediaType]['kind'];

export const MEDIA_TYPES = Object.keys(KNOWN_MEDIA_TYPES) as MediaType[];

export function isMediaType(value: string): value is MediaType {
  return Object.hasOwn(KNOWN_MEDIA_TYPES, value);
}

export function mediaKindOf(type: MediaType): MediaKind {
  return KNOWN_MEDIA_TYPES[type].kind;
}
