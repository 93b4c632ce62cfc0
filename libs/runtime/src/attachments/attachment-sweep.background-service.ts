import {
  AttachmentClaims,
  AttachmentOrphanSweep,
  attachmentReferencedInLog,
  type AttachmentsConfig,
  type SweepOutcome,
} from '#attachments';
import type { BlobStore } from '#blob-store';
import type { EventStore } from '#event-store';
import type { SqlPool } from '#platform';
import type { BackgroundService } from '../background/background-service.js';

export interface AttachmentSweepDependencies {
  readonly pool: SqlPool;
  readonly eventStore: EventStore;
  readonly blobs: BlobStore;
  /** One JSON line per sweep that removed something, and per failure (default: stderr). */
  readonly log?: (entry: Readonly<Record<string, unknown>>) => void;
}

/**
 * The attachment orphan sweep (docs/adr/0035) on a timer: once at start, then every
 * `intervalSeconds`. Several workers may sweep at once: a placed file is only ever removed under its
 * claim row's lock, and removing a staging blob twice is harmless. A failed sweep (the blob store
 * unreachable) is logged and tried again at the next tick.
 */
export class AttachmentSweepService implements BackgroundService {
  readonly name = 'attachment-sweep';
  private readonly sweep: AttachmentOrphanSweep;
  private readonly log: (entry: Readonly<Record<string, unknown>>) => void;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    dependencies: AttachmentSweepDependencies,
    private readonly settings: AttachmentsConfig['sweep'],
  ) {
    this.sweep = new AttachmentOrphanSweep(
      dependencies.blobs,
      new AttachmentClaims(dependencies.pool),
      attachmentReferencedInLog(dependencies.eventStore),
      settings.graceSeconds,
    );
    this.log = dependencies.log ?? ((entry) => process.stderr.write(`${JSON.stringify(entry)}\n`));
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.tick();
  }

  /** Resolves once a sweep in progress has finished; no new one starts. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One sweep now (tests, and what each tick runs). */
  async sweepOnce(): Promise<SweepOutcome> {
    return this.sweep.sweepOnce();
  }

  private tick(): void {
    this.running = this.sweepOnce()
      .then((outcome) => {
        if (outcome.orphansRemoved + outcome.stagingRemoved + outcome.incompleteRemoved > 0)
          this.log({ event: 'attachments.swept', ...outcome });
      })
      .catch((error: unknown) =>
        this.log({
          event: 'attachments.sweep_failed',
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        this.timer = setTimeout(() => this.tick(), this.settings.intervalSeconds * 1000);
        this.timer.unref();
      });
  }
}
