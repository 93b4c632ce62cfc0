import type { EventFieldTable } from './event-fields.js';

/**
 * A decider (emmett / Jérémie Chassaing style): pure functions that turn a command and the
 * current state into new events, and fold events into state. No I/O, no clock, no randomness:
 * time, actor and ids arrive inside the command.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
  /**
   * What every string field of its events holds (event-fields.ts). Given, the decider
   * specifications check every event they fold or produce against it.
   */
  readonly eventFields?: EventFieldTable;
}

/** A domain event as the deciders see it: a past-tense literal type and JSON-safe data. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** Folds a sequence of events into state, starting from the decider's initial state. */
export function fold<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** Exhaustiveness check for `switch` statements over discriminated unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
