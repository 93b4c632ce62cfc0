import { caseStreamName } from '#case-domain';
import type { EventStore } from '#event-store';
import type { BlobStore } from '#blob-store';
import type { AttachmentClaims } from './attachment-claims.js';
import { attachmentKeys } from './attachment-keys.js';

/** Is the file named by an AttachmentAdded event of its case? Read from the log, never a lagging read model. */
export type AttachmentReferenceCheck = (caseId: string, sha256: string) => Promise<boolean>;

export function attachmentReferencedInLog(store: EventStore): AttachmentReferenceCheck {
  return async (caseId, sha256) => {
    const events = await store.readStream(caseStreamName(caseId));
    return events.some(
      (event) => event.type === 'AttachmentAdded' && (event.data as { sha256?: unknown }).sha256 === sha256,
    );
  };
}

export interface SweepOutcome {
  /** Claims settled: uploads whose event landed, was refused or never came. */
  readonly settled: number;
  /** Files removed because no event names them (orphans), with their derived files. */
  readonly orphansRemoved: number;
  /** Staging blobs of uploads that stopped between writing and placing (a crash). */
  readonly stagingRemoved: number;
  /** Temporary files and unfinished multipart uploads of killed writers. */
  readonly incompleteRemoved: number;
}

/**
 * Removes what uploads leave behind when their event never lands (docs/adr/0035): a blob placed at
 * its content address whose event was refused or lost in a crash, a staging blob of an upload that
 * died before placing it, half-written temporary files. Only what is older than the grace period is
 * touched, and a placed file only under its claim's lock (AttachmentClaims), so a running upload is
 * never robbed of its blob. Run by the worker every few minutes; safe to run anywhere, any number of times.
 */
export class AttachmentOrphanSweep {
  constructor(
    private readonly blobs: BlobStore,
    private readonly claims: AttachmentClaims,
    private readonly isReferenced: AttachmentReferenceCheck,
    private readonly graceSeconds: number,
  ) {}

  async sweepOnce(now: Date = new Date()): Promise<SweepOutcome> {
    let settled = 0;
    let orphansRemoved = 0;
    for (;;) {
      const unheld = await this.claims.unheld(this.graceSeconds, 100);
      let progressed = 0;
      for (const claim of unheld) {
        const referenced = await this.isReferenced(claim.caseId, claim.sha256);
        const done = await this.claims.settle(claim, async () => {
          if (referenced) return;
          for await (const info of this.blobs.list(attachmentKeys.prefixOf(claim.caseId, claim.sha256)))
            await this.blobs.delete(info.key);
          orphansRemoved++;
        });
        if (done) {
          settled++;
          progressed++;
        }
      }
      if (unheld.length < 100 || progressed === 0) break;
    }
    const cutoff = new Date(now.getTime() - this.graceSeconds * 1000);
    let stagingRemoved = 0;
    for await (const info of this.blobs.list(attachmentKeys.stagingRoot)) {
      if (info.modifiedAt >= cutoff) continue;
      await this.blobs.delete(info.key);
      stagingRemoved++;
    }
    const incompleteRemoved = await this.blobs.removeIncomplete(cutoff);
    return { settled, orphansRemoved, stagingRemoved, incompleteRemoved };
  }
}
