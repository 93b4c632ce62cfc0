import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import type { CaseEvent } from '#case-domain';

/**
 * Free text of case events (docs/domain.md §7, docs/adr/0008): titles, descriptions, notes, reasons,
 * session records, names typed into lists. People type names, phone numbers and ID numbers into
 * them, and no pattern finds every name, so every such field is encrypted whole under the case's
 * own text key (`case_text` rows of `person_keys`), which is erased together with any person of
 * the case. Stored as one string, so shapes, read-model columns and the decider's types stay strings:
 * `pii:text:v1:<keyId>:<iv>:<ciphertext>:<tag>` (base64url parts; the key id is the associated data).
 * Staff names (officers, mediators, approvers, presiding officers), units, codes, dates and money
 * stay clear: the deciders compare them and they are not about reporters or parties.
 * A new free-text field of a case event must be added here.
 */
export const FREE_TEXT_PATHS = {
  CaseReported: [
    'title',
    'description',
    'location.address',
    'details.matter',
    'details.request',
    'details.respondent',
  ],
  LateEntryJustified: ['reason'],
  CaseRejected: ['reason'],
  DispatchReturned: ['reason'],
  DeadlineExtended: ['reason'],
  CaseResolved: ['result', 'summary'],
  ResolutionVerified: ['note'],
  ReworkRequested: ['reason'],
  CaseClosed: ['note'],
  FollowUpRecorded: ['note'],
  CaseReopened: ['reason'],
  CaseEscalated: ['reason'],
  RiskFlagged: ['risk'],
  DispatchSupervised: ['reason'],
  CaseParked: ['reason'],
  CaseTransferred: ['reason'],
  CaseReferredOut: ['reason'],
  MediationSessionRecorded: ['notes', 'attendees[]'],
  MediationAgreementRecorded: ['terms', 'signedBy[]'],
  MediationFailed: ['reason', 'refusedByParty'],
  JudicialConfirmationRequested: ['applicants[]'],
  PetitionRouted: ['note'],
  PetitionerNotified: ['content'],
  PetitionRoutingObjected: ['reason'],
  PetitionDiverted: ['reason'],
  PetitionAnswered: ['opinion'],
  PetitionReviewRequested: ['reason'],
  PetitionReviewAnswered: ['opinion'],
  PetitionReReviewRequested: ['reason'],
  PetitionReReviewHearingRecorded: ['note'],
  PetitionReReviewAnswered: ['opinion'],
  LeadScreened: ['reason'],
  PreservedEvidenceDecided: ['note'],
  InvestigationConcluded: ['summary'],
  EnforcementCaseReviewed: ['reason', 'legalReview.opinion', 'proposedPenalty.note'],
  ProposedPenaltyNotified: ['content'],
  HearingHeld: ['record'],
  PenaltyDecided: ['reason', 'penalty.note'],
  EnforcementCaseArchived: ['note'],
  // The file itself is encrypted under the same key by the attachments store (blob-cipher.ts).
  AttachmentAdded: ['caption', 'fileName'],
} as const satisfies Partial<Record<CaseEvent['type'], readonly string[]>>;

const TEXT_PATHS: Readonly<Record<string, readonly string[]>> = FREE_TEXT_PATHS;

export const TEXT_TOKEN_PREFIX = 'pii:text:v1:';

/** What free text reads as for a role that does not see names (analysts, administrators). */
export const MASKED_TEXT = '[masked]';

/** Namespace of case text key ids. Never change it: ids are stored. */
const TEXT_KEY_NAMESPACE = '6f1c9d2a-3b7e-4a5f-8c0d-1e2f3a4b5c6d';

/** The case's text key id: derived from the case id, so every writer of the case finds the same key. */
export function caseTextKeyId(caseId: string): string {
  return uuidv5(`case-text/${caseId}`, TEXT_KEY_NAMESPACE);
}

/**
 * The key of the free text of one event written after the case's text was erased: the case keeps
 * being commanded, and its new text must not go unprotected nor under a key that no longer exists.
 * Derived from the event id, so a retried command finds it again.
 */
export function eventTextKeyId(caseId: string, eventId: string): string {
  return uuidv5(`case-text/${caseId}/${eventId}`, TEXT_KEY_NAMESPACE);
}

export function hasFreeText(type: string): boolean {
  return TEXT_PATHS[type] !== undefined;
}

export function isTextToken(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(TEXT_TOKEN_PREFIX);
}

export function encryptText(key: Buffer, keyId: string, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `${TEXT_TOKEN_PREFIX}${keyId}:${iv.toString('base64url')}:${data.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}`;
}

/** The key id a token was written under, or undefined for anything that is not a well-formed token. */
export function textTokenKeyId(token: string): string | undefined {
  const parts = token.slice(TEXT_TOKEN_PREFIX.length).split(':');
  return parts.length === 4 && parts[0] ? parts[0] : undefined;
}

/** Throws FreeTextIntegrityError (naming the key id only) when the token does not decrypt with its key. */
export function decryptText(key: Buffer, token: string): string {
  const keyId = textTokenKeyId(token) ?? 'unknown';
  try {
    const [, iv, data, tag] = token.slice(TEXT_TOKEN_PREFIX.length).split(':') as [
      string,
      string,
      string,
      string,
    ];
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new FreeTextIntegrityError(keyId);
  }
}

export class FreeTextIntegrityError extends Error {
  readonly code = 'PERSONAL_DATA.INTEGRITY';
  constructor(readonly keyId: string) {
    super(`a free-text field under key ${keyId} does not decrypt with its key`);
  }
}

type Json = { [key: string]: unknown };
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Replaces every string at the event type's free-text paths with `replace(text)`; same object back when nothing changed. */
export function mapFreeText(type: string, data: unknown, replace: (text: string) => string): unknown {
  const paths = TEXT_PATHS[type];
  if (!paths || !isObject(data)) return data;
  let result: unknown = data;
  for (const path of paths) result = mapTextAt(result, path.split('.'), replace);
  return result;
}

function mapTextAt(node: unknown, segments: readonly string[], replace: (text: string) => string): unknown {
  if (!isObject(node)) return node;
  const [head, ...rest] = segments;
  const list = head!.endsWith('[]');
  const key = list ? head!.slice(0, -2) : head!;
  if (!(key in node)) return node;
  const child = node[key];
  let next: unknown = child;
  if (rest.length > 0) next = mapTextAt(child, rest, replace);
  else if (list && Array.isArray(child)) {
    const mapped = child.map((item) => (typeof item === 'string' ? replace(item) : item));
    next = mapped.some((item, index) => item !== child[index]) ? mapped : child;
  } else if (typeof child === 'string') next = replace(child);
  return next === child ? node : { ...node, [key]: next };
}

/** Every text token anywhere in `value` (a response body, a folded state), for loading their keys. */
export function textTokenKeyIds(value: unknown, into = new Set<string>()): Set<string> {
  if (isTextToken(value)) {
    const id = textTokenKeyId(value);
    if (id) into.add(id);
  } else if (Array.isArray(value)) {
    for (const item of value) textTokenKeyIds(item, into);
  } else if (isObject(value)) {
    for (const child of Object.values(value)) textTokenKeyIds(child, into);
  }
  return into;
}

/** Replaces every text token anywhere in `value`; returns the same object when there is none. */
export function mapTextTokens(value: unknown, replace: (token: string) => string): unknown {
  if (isTextToken(value)) return replace(value);
  if (Array.isArray(value)) {
    let changed = false;
    const mapped = value.map((item) => {
      const next = mapTextTokens(item, replace);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? mapped : value;
  }
  if (!isObject(value)) return value;
  let copy: Json | undefined;
  for (const [key, child] of Object.entries(value)) {
    const next = mapTextTokens(child, replace);
    if (next !== child) (copy ??= { ...value })[key] = next;
  }
  return copy ?? value;
}
