import { describe, expect, it } from '@jest/globals';
import { deciderSpecification } from '#domain-kernel/testing';
import { DomainError, fold, type Decider } from '#domain-kernel';

type Command = { type: 'Add'; amount: number };
type Event = { type: 'Added'; data: { amount: number } };
type State = { total: number };
const counter: Decider<Command, Event, State> = {
  initialState: () => ({ total: 0 }),
  evolve: (state, event) => ({ total: state.total + event.data.amount }),
  decide: (command, state) => {
    if (state.total + command.amount > 10)
      throw new DomainError('COUNTER.FULL', 'illegal_transition', 'full');
    return [{ type: 'Added', data: { amount: command.amount } }];
  },
};
const spec = deciderSpecification(counter);

describe('decider kit', () => {
  it('folds events in order', () => {
    expect(
      fold(counter, [
        { type: 'Added', data: { amount: 2 } },
        { type: 'Added', data: { amount: 3 } },
      ]),
    ).toEqual({ total: 5 });
  });
  it('given/when/then passes on the produced events', () => {
    spec
      .given([])
      .when({ type: 'Add', amount: 1 })
      .then([{ type: 'Added', data: { amount: 1 } }]);
  });
  it('thenThrows checks the stable code', () => {
    spec
      .given([{ type: 'Added', data: { amount: 10 } }])
      .when({ type: 'Add', amount: 1 })
      .thenThrows('COUNTER.FULL');
    expect(() => spec.given([]).when({ type: 'Add', amount: 1 }).thenThrows('COUNTER.FULL')).toThrow(
      /no error/,
    );
  });
});
