/**
 * Where an attachment's bytes live in the blob store (docs/adr/0034). The address of a file is the
 * SHA-256 of its plaintext (what AttachmentAdded names); its ciphertext is stored per case, so the
 * same photo attached to two cases is two blobs under two cases' keys, and erasing one case's persons
 * leaves the other case's copy readable.
 */
export const attachmentKeys = {
  /** The encrypted file. */
  original: (caseId: string, sha256: string) => `cases/${caseId}/${sha256}`,
  /** Files derived from it (its thumbnail): same prefix, so a sweep of the original takes them along. */
  derived: (caseId: string, sha256: string, variant: string) => `cases/${caseId}/${sha256}.${variant}`,
  /** Everything stored for one file of one case. */
  prefixOf: (caseId: string, sha256: string) => `cases/${caseId}/${sha256}`,
  /** An upload in progress: unique per upload, moved to `original` once complete and accepted. */
  staging: (caseId: string, uploadId: string) => `staging/${caseId}/${uploadId}`,
  stagingRoot: 'staging/',
} as const;

/** The associated context every file of a case is sealed with: a file copied to another case does not open. */
export function attachmentCipherContext(caseId: string): string {
  return `case/${caseId}/attachments`;
}
