import type { ReadAllOptions, ReadDirection } from './event-store.port.js';

/** Where a `readAll` starts, once its options are checked (the same rules in every adapter). */
export type ReadAllStart =
  | { readonly kind: 'start' | 'end' }
  /** Inclusive: the event at `position`, if any, is the first one read. */
  | { readonly kind: 'from'; readonly position: bigint }
  /** Exclusive (forwards only): the first event read is the one after `position`. */
  | { readonly kind: 'after'; readonly position: bigint };

/** Checks `fromPosition` / `after` and fills in the defaults ('start' forwards, 'end' backwards). */
export function readAllStart(options: ReadAllOptions): { direction: ReadDirection; start: ReadAllStart } {
  const direction = options.direction ?? 'forwards';
  if (options.after !== undefined) {
    if (options.fromPosition !== undefined)
      throw new RangeError('readAll takes fromPosition (inclusive) or after (exclusive), not both');
    if (direction !== 'forwards') throw new RangeError('readAll: after is for forward reads only');
    if (typeof options.after !== 'bigint' || options.after < 0n)
      throw new RangeError('readAll: after must be a non-negative bigint position');
    return { direction, start: { kind: 'after', position: options.after } };
  }
  const from = options.fromPosition ?? (direction === 'forwards' ? 'start' : 'end');
  if (typeof from === 'bigint') {
    if (from < 0n) throw new RangeError('readAll: fromPosition must be a non-negative position');
    return { direction, start: { kind: 'from', position: from } };
  }
  return { direction, start: { kind: from } };
}

/** Forwards from the end or backwards from the start: nothing lies beyond either end. */
export function readsNothing(direction: ReadDirection, start: ReadAllStart): boolean {
  return (
    (direction === 'forwards' && start.kind === 'end') ||
    (direction === 'backwards' && start.kind === 'start')
  );
}
