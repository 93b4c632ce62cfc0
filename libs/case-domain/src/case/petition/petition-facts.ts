import type { PersonRef } from '../case.types.js';
import type { CaseState } from '../case.state.js';
import type { PetitionReport } from './petition.events.js';

/** Whitespace, punctuation and symbols dropped, full-width folded (NFKC), lower case. */
function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** FNV-1a, 64 bits, over the UTF-16 code units: deterministic and dependency-free. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * Key of "the same facts and reasons" (信访工作条例第三十六条第三款): the respondent and the facts
 * and reasons, normalised (spacing, punctuation, full-/half-width and case do not matter) and
 * hashed, so the key carries no personal data. The request itself is not part of it: the Article
 * bars the same facts and reasons whatever is asked. Intake may give its own key instead
 * (`petition.factsFingerprint`, e.g. the id of the earlier petition it matched).
 */
export function petitionFactsFingerprint(report: Pick<PetitionReport, 'matter' | 'respondent'>): string {
  return `pf1:${fnv1a64(`${normalise(report.respondent ?? '')}|${normalise(report.matter)}`)}`;
}

const samePerson = (a: PersonRef, b: PersonRef): boolean =>
  a.idNumber && b.idNumber
    ? a.idNumber === b.idNumber
    : normalise(a.name) === normalise(b.name) && a.phone === b.phone;

/**
 * Whether a new petition repeats one whose re-review is final (Art. 36 para. 3: "仍然以同一事实和
 * 理由提出投诉请求的……不再受理"): same facts fingerprint and at least one of the same petitioners
 * (by ID number when both have one, else name and phone). The case decider sees one stream only,
 * so the application calls this with the earlier petitions of the same fingerprint before
 * `ReportCase` and refuses the new one (`PETITION.ALREADY_FINAL`).
 * False when `finalPetition` is not a petition or not final (a petition closed because no review
 * was requested is not made final by the Regulation).
 */
export function isRepeatPetition(
  finalPetition: CaseState,
  newReport: PetitionReport | { readonly petition?: PetitionReport },
): boolean {
  if (
    finalPetition.status === 'none' ||
    finalPetition.details.caseType !== 'petition' ||
    !finalPetition.details.final
  )
    return false;
  const report = 'petition' in newReport ? newReport.petition : (newReport as PetitionReport);
  if (!report || typeof report.matter !== 'string') return false;
  const fingerprint = report.factsFingerprint ?? petitionFactsFingerprint(report);
  if (fingerprint !== finalPetition.details.factsFingerprint) return false;
  const earlier = finalPetition.details.petitioners;
  return (report.petitioners ?? []).some((p) => earlier.some((q) => samePerson(p, q)));
}
