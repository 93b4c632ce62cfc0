/**
 * Something the worker runs for as long as it lives: a projection runner, the escalation
 * process manager. Coordination between several workers goes through the database
 * (advisory locks, SKIP LOCKED), never through memory.
 */
export interface BackgroundService {
  readonly name: string;
  start(): Promise<void>;
  /** Stops at a safe point (a committed checkpoint) and resolves when it has. */
  stop(): Promise<void>;
}
