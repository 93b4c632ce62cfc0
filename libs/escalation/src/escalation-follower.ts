import { defineLogConsumer, type LogConsumer } from '#projections/framework';
import type { TimerRules } from './escalation-timers.js';
import { applyCaseEvent, CHECKPOINT_NAME } from './timer-store.js';

/**
 * The escalation process manager's follower as a log consumer (docs/adr/0012): every case event's
 * timer actions, written in the runner's transaction together with the checkpoint, so a timer is set,
 * cancelled or re-armed exactly once per event. The timers are durable state (fired, cancelled), not a
 * rebuildable read model: the consumer owns no tables of the projection kind.
 */
export function escalationFollower(rules: TimerRules): LogConsumer {
  return defineLogConsumer({
    name: CHECKPOINT_NAME,
    version: 1,
    streamPrefixes: ['case-'],
    async apply(events, { client }) {
      for (const event of events) await applyCaseEvent(client, event, rules);
    },
  });
}
