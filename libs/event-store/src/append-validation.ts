import { InvalidAppendError } from './event-store.errors.js';
import type { ExpectedRevision, NewEvent } from './event-store.port.js';

export const MAX_STREAM_NAME_LENGTH = 200;
export const MAX_EVENT_TYPE_LENGTH = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The port's input rules, shared by every adapter so that all of them refuse the same appends:
 * a bounded stream name, at least one event, UUID ids unique within the batch, bounded types.
 */
export function validateAppend(
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  maxEvents = Number.MAX_SAFE_INTEGER,
): void {
  if (typeof stream !== 'string' || stream.length === 0 || stream.length > MAX_STREAM_NAME_LENGTH) {
    throw new InvalidAppendError(`stream name must be 1..${MAX_STREAM_NAME_LENGTH} characters`);
  }
  if (events.length === 0) throw new InvalidAppendError('an append needs at least one event');
  if (events.length > maxEvents) throw new InvalidAppendError(`an append takes at most ${maxEvents} events`);
  if (typeof expected === 'bigint' && expected < 0n) {
    throw new InvalidAppendError('an expected revision is never negative');
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.id))
      throw new InvalidAppendError(`event id ${JSON.stringify(event.id)} is not a UUID`);
    const id = event.id.toLowerCase();
    if (seen.has(id)) throw new InvalidAppendError(`event id ${event.id} appears twice in one append`);
    seen.add(id);
    if (!event.type || event.type.length > MAX_EVENT_TYPE_LENGTH) {
      throw new InvalidAppendError(`event type must be 1..${MAX_EVENT_TYPE_LENGTH} characters`);
    }
  }
}
