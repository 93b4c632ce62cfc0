/**
 * Where the API reads the time: one provider instead of `new Date()` in controllers, so a spec can
 * pin it and every request sees the same "now" it was stamped with.
 */
export abstract class Clock {
  abstract now(): Date;

  /** `now()` as an ISO-8601 instant (UTC), the form commands and queries carry. */
  nowIso(): string {
    return this.now().toISOString();
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
