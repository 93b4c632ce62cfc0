/**
 * Work repeated in the background until stopped: `round` runs again and again and answers how long to
 * wait before the next one (0: at once). A wait ends early on `poke()` or `stop()`; `stop()` resolves
 * once the round in hand has finished.
 */
export class BackgroundLoop {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly round: () => Promise<number>) {}

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts the rounds. Idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Ends the current wait now (e.g. new work arrived). */
  poke(): void {
    this.wake?.();
  }

  /** Waits `ms`, shorter when poked or stopped; outside the loop (a one-shot caller retrying) at most 10 ms. */
  pause(ms: number): Promise<void> {
    if (!this.running) return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10)));
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => (this.wake = undefined));
  }

  private async run(): Promise<void> {
    while (this.running) {
      const wait = await this.round();
      if (this.running && wait > 0) await this.pause(wait);
    }
  }
}
