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
