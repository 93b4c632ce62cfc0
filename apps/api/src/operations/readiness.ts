/**
 * How long a stopping API process may take to finish in-flight requests, stop in-process background
 * services and close the database before it exits anyway. Container stop grace must exceed it
 * (docker/compose*.yml, checked by test/deploy).
 */
export const API_SHUTDOWN_DRAIN_MS = 25_000;

/**
 * Whether this API replica should be sent new requests. Set to draining when shutdown begins, so
 * `/health/ready` answers 503 while in-flight requests finish and a proxy or orchestrator that polls
 * it stops routing here before the listener closes.
 */
export class ReadinessState {
  private drainingSince: number | undefined;

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  drain(now: number = Date.now()): void {
    this.drainingSince ??= now;
  }
}
