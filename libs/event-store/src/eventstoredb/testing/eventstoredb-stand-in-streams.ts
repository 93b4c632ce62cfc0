/** The read streams and subscriptions the EventStoreDB stand-in hands out (see eventstoredb-stand-in.ts). */
import type { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { Position } from '@eventstore/db-client';

/** A committed event as the client hands it out (`RecordedEvent` of the client, JSON events only). */
export interface StandInEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  isJson: true;
  created: Date;
  position: Position;
}

export type Resolved = { event: StandInEvent; commitPosition?: bigint };

/** The client's `ReadStream`: a Readable of resolved events with `cancel()`; errors end it. */
export class StandInRead extends Readable {
  private items: Resolved[] | undefined;
  private index = 0;

  constructor(
    highWaterMark: number | undefined,
    private readonly answer: () => Resolved[] | 'unresponsive',
  ) {
    super({ objectMode: true, highWaterMark: highWaterMark ?? 16 });
  }

  override _read(): void {
    if (this.items === undefined) {
      let answer: Resolved[] | 'unresponsive';
      try {
        answer = this.answer();
      } catch (error) {
        // The server answers asynchronously: the error arrives on the stream, not at the call.
        setImmediate(() => this.destroy(error as Error));
        return;
      }
      if (answer === 'unresponsive') return;
      this.items = answer;
    }
    while (this.index < this.items.length) {
      if (!this.push(this.items[this.index++])) return;
    }
    this.push(null);
  }

  async cancel(): Promise<void> {
    this.destroy();
  }
}

/** The client's `Subscription`: emits 'confirmation', then events after the start, live. */
export class StandInSubscription extends Readable {
  private index: number | undefined;
  private waiting = false;
  private stopped = false;

  constructor(
    highWaterMark: number,
    private readonly appended: EventEmitter,
    private readonly start: () => number | 'unresponsive',
    /** The next event the server filter lets through at or after `index`, if any yet. */
    private readonly pull: (
      index: number,
    ) => { done: true } | { done: false; event: Resolved | undefined; next: number },
  ) {
    super({ objectMode: true, highWaterMark });
  }

  override _read(): void {
    if (this.index === undefined) {
      let start: number | 'unresponsive';
      try {
        start = this.start();
      } catch (error) {
        setImmediate(() => this.destroy(error as Error));
        return;
      }
      if (start === 'unresponsive') return;
      this.index = start;
      setImmediate(() => this.emit('confirmation'));
    }
    this.deliver();
  }

  /** Pushes while the consumer side has room (back-pressure), then waits for an append at the head. */
  private deliver(): void {
    while (!this.stopped && this.index !== undefined) {
      const pulled = this.pull(this.index);
      if (pulled.done) {
        this.push(null);
        return;
      }
      this.index = pulled.next;
      if (pulled.event === undefined) {
        if (!this.waiting) {
          this.waiting = true;
          this.appended.once('appended', () => {
            this.waiting = false;
            this.deliver();
          });
        }
        return;
      }
      if (!this.push(pulled.event)) return;
    }
  }

  async unsubscribe(): Promise<void> {
    this.stopped = true;
    this.push(null);
  }
}
