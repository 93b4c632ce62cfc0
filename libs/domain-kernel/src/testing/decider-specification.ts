import { expect } from '@jest/globals';
import { DomainError } from '../domain-error.js';
import type { Decider } from '../decider.js';
import { assertEventFieldsClassified } from '../event-fields.js';

/**
 * Given/when/then specifications for deciders:
 *
 *   spec.given([reported, registered]).when(dispatch).then([dispatched]);
 *   spec.given([closed]).when(dispatch).thenThrows('CASE.ILLEGAL_TRANSITION');
 *
 * `then` compares the produced events with `toEqual`; `thenThrows` asserts a DomainError with
 * that stable code (and optionally a predicate on the error).
 * A decider that declares its events' field classes (`eventFields`) has every given and produced
 * event checked against them: a string field nobody classified fails the specification.
 */
export function deciderSpecification<Command, Event, State>(decider: Decider<Command, Event, State>) {
  const checkFields = (events: readonly Event[]): void => {
    if (decider.eventFields)
      assertEventFieldsClassified(
        events as unknown as readonly { type: string; data: unknown }[],
        decider.eventFields,
      );
  };
  return {
    given(events: Event[]) {
      checkFields(events);
      return {
        when(command: Command) {
          const run = (): Event[] => {
            let state = decider.initialState();
            for (const event of events) state = decider.evolve(state, event);
            return decider.decide(command, state);
          };
          return {
            then(expected: Event[]): Event[] {
              const produced = run();
              expect(produced).toEqual(expected);
              checkFields(produced);
              return produced;
            },
            /** Runs the command and hands the produced events and resulting state to `check`. */
            thenSatisfies(check: (produced: Event[], stateAfter: State) => void): void {
              let state = decider.initialState();
              for (const event of events) state = decider.evolve(state, event);
              const produced = decider.decide(command, state);
              checkFields(produced);
              for (const event of produced) state = decider.evolve(state, event);
              check(produced, state);
            },
            thenThrows(code: string, check?: (error: DomainError) => void): DomainError {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              if (!(caught instanceof DomainError)) {
                throw new Error(
                  `expected a DomainError with code ${code}, got ${caught === undefined ? 'no error' : String(caught)}`,
                );
              }
              if (caught.code !== code) {
                throw new Error(`expected error code ${code}, got ${caught.code}: ${caught.message}`);
              }
              check?.(caught);
              return caught;
            },
          };
        },
      };
    },
  };
}
