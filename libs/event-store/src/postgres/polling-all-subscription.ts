import type { EventEmitter } from 'node:events';
import type { AllSubscription, RecordedEvent } from '../event-store.port.js';

export interface PollingAllSubscriptionSource {
  /** Settled events after `position` (all of them from the start when undefined), in log order. */
  readAfter(position: bigint | undefined, maxCount: number): Promise<RecordedEvent[]>;
  /**
   * Where to start: undefined for the beginning of the log. Resolved once, lazily. `committedBefore`
   * names events at or after that position that were already committed when the subscription
   * started and must not be delivered (subscribing from 'end' while other writers are in flight).
   */
  startPosition(): Promise<bigint | undefined | SubscriptionStart>;
  batchSize: number;
  pollIntervalMs: number;
  /** Emits 'appended' after each append made through this process, to wake idle subscribers early. */
  appended: EventEmitter;
}

export interface SubscriptionStart {
  position: bigint | undefined;
  committedBefore?: (position: bigint) => boolean;
}

/**
 * Catch-up subscription by pulling batches from the settled prefix of the log.
 * - Back-pressure: the next batch is fetched only after the consumer has taken every event of
 *   the previous one, so at most `batchSize` events are ever held.
 * - Live: when a batch comes back short, it sleeps until a local append or the poll interval.
 * - Stop: `stop()` wakes a sleeping loop, lets a fetch in flight finish, and ends the iteration.
 */
export class PollingAllSubscription implements AllSubscription {
  private stopped = false;
  private wake: (() => void) | undefined;
  private fetching: Promise<unknown> | undefined;
  private lastPosition: bigint | undefined;
  private iterating = false;

  constructor(private readonly source: PollingAllSubscriptionSource) {}

  get position(): bigint | undefined {
    return this.lastPosition;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.fetching?.catch(() => undefined);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iterating) throw new Error('a subscription can be iterated only once');
    this.iterating = true;
    return this.run();
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    const resolved = await this.track(this.source.startPosition());
    const start: SubscriptionStart =
      typeof resolved === 'object' && resolved !== null ? resolved : { position: resolved };
    let position = start.position;
    this.lastPosition = position;
    while (!this.stopped) {
      const batch = await this.track(this.source.readAfter(position, this.source.batchSize));
      for (const event of batch) {
        if (this.stopped) return;
        position = event.globalPosition;
        this.lastPosition = position;
        if (start.committedBefore?.(position)) continue;
        yield event;
      }
      if (batch.length < this.source.batchSize && !this.stopped) await this.sleep();
    }
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.fetching = promise;
    return promise;
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.source.appended.off('appended', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.source.pollIntervalMs);
      this.source.appended.on('appended', done);
      this.wake = done;
    });
  }
}
