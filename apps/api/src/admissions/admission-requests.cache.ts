import { Inject, Injectable } from '@nestjs/common';
import { admissionDecider, type AdmissionEvent, type AdmissionState } from '#admission-domain';
import { EVENT_STORE, type EventStore } from '#event-store';

export const ADMISSION_STREAM_PREFIX = 'admission-';
const PAGE = 1000;

export interface FoldedRequest {
  readonly requestId: string;
  readonly revision: bigint;
  readonly state: AdmissionState;
  /** Business time of the request's last event. */
  readonly lastChangeAt: string;
}

/**
 * Every admission request of the deployment, folded in memory, for the list of pending requests.
 *
 * Cost: the cache remembers the global position it has read up to and pages through the log's
 * `admission-` streams from there (`readAll` with a stream-prefix filter, 1,000 events a page), so
 * a query reads only what was appended since the previous one, and folds each event once. Memory
 * grows with the number of requests (~2 KB each folded: 10,000 requests ≈ 20 MB). At that size a
 * projection table (libs/projections) would be the next step; for a district's few hundred
 * requests a year this is simpler and has no lag beyond the store's settled bound.
 */
@Injectable()
export class AdmissionRequestsCache {
  private readonly requests = new Map<string, FoldedRequest>();
  private position: bigint | undefined;
  private turn: Promise<unknown> = Promise.resolve();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Every request, caught up with the log. */
  async all(): Promise<{ requests: FoldedRequest[]; position: bigint | undefined }> {
    const next = this.turn.then(() => this.catchUp());
    this.turn = next.catch(() => undefined);
    await next;
    return { requests: [...this.requests.values()], position: this.position };
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({
        fromPosition: this.position === undefined ? 'start' : this.position + 1n,
        maxCount: PAGE,
        filter: { streamPrefixes: [ADMISSION_STREAM_PREFIX] },
      });
      for (const event of page) {
        const requestId = event.stream.slice(ADMISSION_STREAM_PREFIX.length);
        const cached = this.requests.get(requestId);
        if (cached !== undefined && event.revision <= cached.revision) continue;
        const state = admissionDecider.evolve(cached?.state ?? admissionDecider.initialState(), { type: event.type, data: event.data } as AdmissionEvent);
        this.requests.set(requestId, { requestId, revision: event.revision, state, lastChangeAt: event.metadata.occurredAt });
        this.position = event.globalPosition;
      }
      if (page.length < PAGE) return;
    }
  }
}
