import { randomUUID } from 'node:crypto';
import { CommandPipeline } from '#command-pipeline';
import { eventStoreMigrations, type EventStore, type RecordedEvent } from '#event-store';
import {
  caseDecider,
  caseStreamName,
  type CaseCommand,
  type CaseState,
  type CommandMetadata,
} from '#case-domain';
import { metadataAt, sampleCommands } from '#case-domain/testing';
import { FIXTURE_DISTRICT, fixtureEvents, fx } from '#registry-domain/testing';
import { registryStreamName } from '#registry-domain';
import type { SqlMigration, SqlPool } from '#platform';
import { projectionFrameworkMigrations } from '#projections/framework';
import { escalationMigrations } from '../escalation.migrations.js';

/** What an escalation spec's database needs: the event store, the log-consumer framework, the timers. */
export const escalationSchema: readonly SqlMigration[] = [
  ...eventStoreMigrations,
  ...projectionFrameworkMigrations,
  ...escalationMigrations,
];

/** A clock tests move by hand. */
export class TestClock {
  private ms: number;
  constructor(start: string) {
    this.ms = Date.parse(start);
  }
  readonly now = (): Date => new Date(this.ms);
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  iso(): string {
    return new Date(this.ms).toISOString();
  }
}

/** Writes the small registry fixture district (`510000`) to its stream. */
export async function seedFixtureRegistry(store: EventStore): Promise<void> {
  const occurredAt = '2024-01-01T09:00:00+08:00';
  const correlationId = randomUUID();
  await store.appendToStream(
    registryStreamName(FIXTURE_DISTRICT),
    fixtureEvents().map((event) => ({
      id: randomUUID(),
      type: event.type,
      data: event.data as never,
      metadata: {
        actor: 'admin:test',
        correlationId,
        causationId: correlationId,
        occurredAt,
        schemaVersion: 1,
      },
    })),
    { expectedRevision: 'any' },
  );
}

/** Handling units of the fixture's building B1 (grid G1, community C1, street S1, district). */
export const fixtureChain = {
  building: fx.grid1,
  community: fx.communityCommittee,
  street: fx.streetCentre,
  district: fx.districtCentre,
} as const;

type Samples = ReturnType<typeof sampleCommands>;

/** Sends case commands as people would, at the test clock's time. */
export class CaseDriver {
  readonly pipeline: CommandPipeline;
  /** Global position of the last event this driver appended: pass it to `runUntilIdle({through})`. */
  through = -1n;
  constructor(
    private readonly store: EventStore,
    private readonly clock: TestClock,
  ) {
    this.pipeline = new CommandPipeline(store);
  }

  /** Reports, registers and dispatches a dispute at building B1 of the fixture to its grid. */
  async dispatchedDispute(caseId = randomUUID()): Promise<string> {
    await this.send(caseId, (s, m) => {
      const report = s.ReportCase(m);
      return { ...report, data: { ...report.data, location: { gridId: fx.grid1, buildingId: fx.building } } };
    });
    await this.send(caseId, (s, m) => s.RegisterCase(m));
    await this.send(caseId, (s, m) => ({
      type: 'DispatchCase',
      metadata: m,
      data: { unit: { unitId: fixtureChain.building, name: '网格' } },
    }));
    return caseId;
  }

  async send(
    caseId: string,
    build: (samples: Samples, metadata: CommandMetadata) => CaseCommand,
    actor = 'operator-1',
  ): Promise<void> {
    await this.pipeline.handle(
      caseDecider,
      caseStreamName(caseId),
      build(sampleCommands(caseId), metadataAt(this.clock.iso(), actor)),
      {
        commandId: randomUUID(),
        actor,
        correlationId: randomUUID(),
        occurredAt: this.clock.iso(),
      },
    );
    const [last] = await this.store.readStream(caseStreamName(caseId), {
      direction: 'backwards',
      maxCount: 1,
    });
    if (last && last.globalPosition > this.through) this.through = last.globalPosition;
  }

  /**
   * Sends a command that needs approval (ADR 0019) and lets `approver` approve the request at once, as
   * the holder of the approving post (the post is the spec's; the registry check is the API's).
   */
  async sendApproved(
    caseId: string,
    build: (samples: Samples, metadata: CommandMetadata) => CaseCommand,
    actor = 'operator-1',
    approver = 'approver-1',
  ): Promise<void> {
    await this.send(caseId, build, actor);
    const state = await this.state(caseId);
    const pending = state.status === 'none' ? undefined : state.approvals?.pending.at(-1);
    if (!pending) return;
    await this.send(
      caseId,
      (s, m) => ({ ...s.ApproveRequest(m), data: { requestId: pending.requestId } }),
      approver,
    );
  }

  async events(caseId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(caseStreamName(caseId));
  }

  async state(caseId: string): Promise<CaseState> {
    let state = caseDecider.initialState();
    for (const event of await this.events(caseId))
      state = caseDecider.evolve(state, { type: event.type, data: event.data } as never);
    return state;
  }
}

export interface TimerRowView {
  kind: string;
  state: string;
  outcome: string | null;
  level: string | null;
  attempts: number;
}

export async function timersOf(pool: SqlPool, caseId: string): Promise<TimerRowView[]> {
  const { rows } = await pool.query<TimerRowView>(
    'SELECT kind, state, outcome, level, attempts FROM escalation_timers WHERE case_id = $1 ORDER BY case_revision, kind',
    [caseId],
  );
  return rows;
}
