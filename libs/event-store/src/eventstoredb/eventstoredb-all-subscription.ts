import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../event-store.errors.js';
import type { AllSubscription, RecordedEvent } from '../event-store.port.js';
import { mapClientError, toEsdbPosition, toRecordedEvent } from './eventstoredb-mapping.js';

/**
 * What the adapter needs of the client's subscription: a Node Readable (so `for await` pulls one
 * event at a time and the stream stops reading from gRPC when its buffer is full) that can be
 * unsubscribed. The client's `AllStreamSubscription` is one; tests pass a plain Readable.
 */
export interface ClientAllSubscription extends AsyncIterable<AllStreamResolvedEvent> {
  unsubscribe(): Promise<void>;
  destroy(error?: Error): unknown;
  /** The client emits 'confirmation' when the server has accepted the subscription. */
  once(event: 'confirmation', listener: () => void): unknown;
}

export interface EventStoreDbAllSubscriptionOptions {
  /** Opens the client subscription; called on first iteration, so an unread subscription costs nothing. */
  open(): ClientAllSubscription;
  /** The part of the filter the server could not apply, plus the system-event rule. */
  accepts(event: RecordedEvent): boolean;
  /** Exclusive lower bound, re-checked here although the server already honours it. */
  after?: bigint;
  /**
   * The server must confirm the subscription (or send an event) within this long, else it fails as
   * unavailable (the client itself waits for ever). Default 10,000 ms.
   */
  confirmationDeadlineMs?: number;
}

/**
 * The port's catch-up subscription over EventStoreDB's `subscribeToAll`. Positions come only from
 * events this class has seen: it ignores the server's filter checkpoints, whose positions may lie
 * between records and so cannot be turned into a `globalPosition` that resumes correctly.
 */
export class EventStoreDbAllSubscription implements AllSubscription {
  private source: ClientAllSubscription | undefined;
  private stopped = false;
  private released: Promise<void> | undefined;
  private lastPosition: bigint | undefined;

  constructor(private readonly options: EventStoreDbAllSubscriptionOptions) {
    this.lastPosition = options.after;
  }

  get position(): bigint | undefined {
    return this.lastPosition;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterate();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.release();
  }

  private async *iterate(): AsyncGenerator<RecordedEvent> {
    if (this.stopped || this.source !== undefined) return;
    const source = this.options.open();
    this.source = source;
    const deadlineMs = this.options.confirmationDeadlineMs ?? 10_000;
    const unconfirmed = setTimeout(
      () =>
        source.destroy(
          new EventStoreUnavailableError(
            `EventStoreDB did not confirm a subscription to $all within ${deadlineMs} ms`,
          ),
        ),
      deadlineMs,
    );
    source.once('confirmation', () => clearTimeout(unconfirmed));
    try {
      for await (const resolved of source) {
        clearTimeout(unconfirmed);
        if (this.stopped) return;
        const recorded = resolved.event;
        if (recorded === undefined) continue;
        const event = toRecordedEvent(recorded);
        if (this.options.after !== undefined && event.globalPosition <= this.options.after) continue;
        this.lastPosition = event.globalPosition;
        if (!this.options.accepts(event)) continue;
        yield event;
        if (this.stopped) return;
      }
    } catch (error) {
      // Destroying the source on stop() ends the pending read with a premature-close error.
      if (this.stopped) return;
      const after = this.options.after;
      throw mapClientError(error, after === undefined ? undefined : toEsdbPosition(after));
    } finally {
      clearTimeout(unconfirmed);
      await this.release();
    }
  }

  private release(): Promise<void> {
    const source = this.source;
    if (source === undefined) return Promise.resolve();
    this.released ??= (async () => {
      try {
        await source.unsubscribe();
      } catch {
        // The gRPC call may already be gone (server closed it, or it failed); nothing left to free.
      }
      source.destroy();
    })();
    return this.released;
  }
}
