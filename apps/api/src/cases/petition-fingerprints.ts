import {
  CaseErrorCode,
  caseDecider,
  caseStreamName,
  isRepeatPetition,
  petitionFactsFingerprint,
  ruleRefusal,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type PetitionReport,
} from '#case-domain';
import type { EventDataCodec } from '#command-pipeline';
import type { EventStore } from '#event-store';
import type { SqlPool } from '#platform';

/**
 * Repeat petitions (信访工作条例第三十六条第三款): a new petition on the same facts as one whose
 * re-review is final is refused at `POST /api/v1/cases`. The case decider sees one stream, so the
 * application finds the earlier petitions by facts fingerprint.
 *
 * Choice: a small index table, not a read of the global log. The log has no index on event type,
 * so even a type-filtered read scans every event ever written; the table answers "which cases have
 * these facts" with one primary-key lookup. It is an index, not the truth: the candidate cases are
 * folded from their streams and `isRepeatPetition` decides, so a stale `final` flag can never
 * wrongly refuse or admit a petition.
 *
 * - A row is written *before* a petition's `ReportCase` is appended (idempotently). A crash after
 *   that write leaves a row whose stream is empty; it folds to no case and is ignored. Written
 *   after the append, a crash in between would lose the row and let a repeat through.
 * - `final` is set after a successful `AnswerReReview` append (idempotently, also on a replay). It
 *   only orders the candidates and tells operators which facts are closed; every candidate of the
 *   fingerprint is checked, so a flag lost in a crash costs nothing.
 * - Petitions appended by other writers (the historic-cases seed drives the pipeline directly) are
 *   only indexed if they existed when the table was created (the migration, in
 *   libs/runtime/src/store/petition-fingerprints.migrations.ts, backfills from es_events).
 */
/** At most this many earlier petitions of one fingerprint are folded; more would mean the key is not about facts. */
const MAX_CANDIDATES = 50;

export class PetitionFingerprints {
  constructor(
    private readonly pool: SqlPool,
    private readonly store: EventStore,
    /** Decrypts the earlier petitioners (compared by ID number, or name and phone). */
    private readonly codec?: EventDataCodec,
  ) {}

  /**
   * Before a petition's `ReportCase`: refuses a repeat of a final petition (PETITION.ALREADY_FINAL,
   * 422 like the decider's own refusal), else indexes the new case under its fingerprint.
   */
  async beforeReport(caseId: string, report: PetitionReport): Promise<void> {
    const fingerprint = report.factsFingerprint ?? petitionFactsFingerprint(report);
    const { rows } = await this.pool.query<{ case_id: string }>(
      `SELECT case_id FROM petition_fingerprints WHERE fingerprint = $1 AND case_id <> $2 ORDER BY final DESC, created_at LIMIT $3`,
      [fingerprint, caseId, MAX_CANDIDATES],
    );
    for (const { case_id: earlierId } of rows) {
      const earlier = await this.stateOf(earlierId);
      if (isRepeatPetition(earlier, report)) {
        throw ruleRefusal(
          CaseErrorCode.petitionAlreadyFinal,
          'a petition on the same facts and reasons was finally decided on re-review and is not accepted again (信访工作条例第三十六条第三款)',
          { command: 'ReportCase', earlierCaseId: earlierId },
        );
      }
    }
    await this.pool.query(
      `INSERT INTO petition_fingerprints (fingerprint, case_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [fingerprint, caseId],
    );
  }

  /** After an appended (or replayed) `PetitionReReviewAnswered`: the facts are finally decided. */
  async markFinal(caseId: string, fingerprint: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO petition_fingerprints (fingerprint, case_id, final) VALUES ($1, $2, true)
       ON CONFLICT (fingerprint, case_id) DO UPDATE SET final = true`,
      [fingerprint, caseId],
    );
  }

  private async stateOf(caseId: string): Promise<CaseState> {
    let state = caseDecider.initialState();
    const recorded = await this.store.readStream(caseStreamName(caseId));
    for (const event of this.codec ? await this.codec.decode(recorded) : recorded) {
      state = caseDecider.evolve(state, { type: event.type, data: event.data } as CaseEvent);
    }
    return state;
  }
}

/** The petition data of a `ReportCase` for a petition, if that is what `command` is. */
export function petitionReportOf(command: CaseCommand): PetitionReport | undefined {
  if (command.type !== 'ReportCase' || command.data.caseType !== 'petition') return undefined;
  const petition = command.data.petition;
  // Malformed data is the decider's to refuse (CASE.INVALID_COMMAND); only a well-formed report is looked up.
  return petition && typeof petition.matter === 'string' && Array.isArray(petition.petitioners)
    ? petition
    : undefined;
}
