import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PersonalDataCodec, SqlPersonKeyStore, masterKeyRing } from '#auth';
import { CommandPipeline } from '#command-pipeline';
import { caseDecider, caseStreamName, type CaseEvent, type CaseState } from '#case-domain';
import { metadataAt, sampleCommands } from '#case-domain/testing';
import { PostgresEventStore, type ReadStreamOptions } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { allMigrations } from '#runtime';
import { CASE_SNAPSHOT_INTERVAL } from './case-snapshots.js';
import { GetCaseQuery, GetCaseQueryHandler, selectEvents, type CaseView } from './get-case.query.js';

const MASTER = 'case-snapshot-spec-master-key-0123456789abcdefghij';
const NOW = '2026-03-02T09:00:00.000Z';
const MINUTE = 60_000;

describe.each(['postgres', 'embedded'] as const)('GET /cases/{id} from snapshots (%s)', (kind) => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let codec: PersonalDataCodec;
  let keys: SqlPersonKeyStore;
  let handler: GetCaseQueryHandler;
  const reads: Array<ReadStreamOptions | undefined> = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind, allMigrations);
    store = new PostgresEventStore(database.pool);
    keys = new SqlPersonKeyStore(database.pool, masterKeyRing(MASTER, [], 'configured'));
    codec = new PersonalDataCodec(keys);
    const counted = Object.create(store) as PostgresEventStore;
    counted.readStream = (stream, options) => {
      reads.push(options);
      return store.readStream(stream, options);
    };
    handler = new GetCaseQueryHandler(counted, codec, database);
  }, 60_000);
  afterAll(async () => database?.close());

  /**
   * A dispute of `sessions` + 5 events through the real pipeline and codec; business times one
   * minute apart, except every 7th event recorded late with a business time 90 minutes earlier.
   */
  const buildCase = async (sessions: number): Promise<{ caseId: string; times: string[] }> => {
    const caseId = randomUUID();
    const pipeline = new CommandPipeline(store, { codec });
    const sample = sampleCommands(caseId);
    const commands = [
      sample.ReportCase(metadataAt(NOW)),
      sample.RegisterCase(metadataAt(NOW)),
      sample.DispatchCase(metadataAt(NOW)),
      sample.AcceptDispatch(metadataAt(NOW)),
      sample.StartWork(metadataAt(NOW)),
      ...Array.from({ length: sessions }, () => sample.RecordMediationSession(metadataAt(NOW))),
    ];
    const times: string[] = [];
    for (const [index, command] of commands.entries()) {
      const late = index > 5 && index % 7 === 0;
      const occurredAt = new Date(Date.parse(NOW) + (index - (late ? 90 : 0)) * MINUTE).toISOString();
      times.push(occurredAt);
      await pipeline.handle(caseDecider, caseStreamName(caseId), command, {
        commandId: randomUUID(),
        actor: 'operator-1',
        correlationId: randomUUID(),
        occurredAt,
      });
    }
    return { caseId, times };
  };

  /** The answer as it was computed before snapshots: every event read, persons decoded, the selection folded. */
  const reference = async (caseId: string, asOf?: string, revision?: bigint) => {
    const all = await codec.decodePersons(await store.readStream(caseStreamName(caseId)));
    const upTo = selectEvents(all, { asOf, revision });
    let state: CaseState = caseDecider.initialState();
    for (const event of upTo)
      state = caseDecider.evolve(state, { type: event.type, data: event.data } as CaseEvent);
    const last = upTo[upTo.length - 1]!;
    return { revision: Number(last.revision), asOf: last.metadata.occurredAt, state };
  };
  const answer = async (caseId: string, asOf?: string, revision?: bigint) => {
    const view: CaseView = await handler.execute(new GetCaseQuery(caseId, { asOf, revision, now: NOW }));
    return { revision: view.revision, asOf: view.asOf, state: view.state };
  };
  const snapshotRevisions = async (caseId: string) =>
    (
      await database.pool.query<{ revision: string }>(
        'SELECT revision::text FROM case_snapshots WHERE stream_name = $1 ORDER BY revision',
        [caseStreamName(caseId)],
      )
    ).rows.map((row) => Number(row.revision));

  it('given a 110-event dispute with late-recorded events, when it is read now, as of every instant and at revisions, then each answer equals the whole-stream fold, before and after snapshots exist', async () => {
    const { caseId, times } = await buildCase(105);
    expect(await snapshotRevisions(caseId)).toEqual([]);
    expect(await answer(caseId)).toEqual(await reference(caseId));
    // The first read of the whole stream keeps a snapshot every CASE_SNAPSHOT_INTERVAL events.
    const every = Array.from(
      { length: Math.floor(110 / CASE_SNAPSHOT_INTERVAL) },
      (_, n) => (n + 1) * CASE_SNAPSHOT_INTERVAL - 1,
    );
    expect(await snapshotRevisions(caseId)).toEqual(every);

    reads.length = 0;
    expect(await answer(caseId)).toEqual(await reference(caseId));
    expect(reads).toEqual([{ fromRevision: BigInt(every[every.length - 1]! + 1) }]);

    const instants = [
      ...new Set(times.flatMap((time) => [time, new Date(Date.parse(time) - 1).toISOString()])),
    ];
    for (const asOf of instants.filter((instant) => instant >= times[0]!))
      expect(await answer(caseId, asOf)).toEqual(await reference(caseId, asOf));
    for (const revision of [0n, 31n, 32n, 64n, 109n])
      expect(await answer(caseId, undefined, revision)).toEqual(await reference(caseId, undefined, revision));
  }, 120_000);

  it('given snapshots of a case, when a party is erased, then the answers from snapshots show the party erased and equal those folded from the whole stream', async () => {
    const { caseId, times } = await buildCase(70);
    await answer(caseId);
    expect((await snapshotRevisions(caseId)).length).toBe(2);
    const before = await answer(caseId);
    const personId = /"personId":"([^"]+)"/.exec(JSON.stringify(before.state))?.[1];
    expect(personId).toEqual(expect.any(String));
    expect(JSON.stringify(before.state)).not.toContain('[erased]');
    await keys.erase(personId!);
    const fromSnapshots = [await answer(caseId), await answer(caseId, times[60])];
    expect(JSON.stringify(fromSnapshots[0]!.state)).toContain('"erased":true');
    expect(JSON.stringify(fromSnapshots[0]!.state)).not.toContain('张三');
    // The same answers from the whole stream, without any snapshot.
    await database.pool.query('DELETE FROM case_snapshots WHERE stream_name = $1', [caseStreamName(caseId)]);
    expect(await answer(caseId, times[60])).toEqual(fromSnapshots[1]);
    expect(await answer(caseId)).toEqual(fromSnapshots[0]);
    expect((await snapshotRevisions(caseId)).length).toBe(2);
  }, 120_000);

  it('given an unknown case, when it is read, then it is not found and no snapshot is written', async () => {
    const caseId = randomUUID();
    await expect(answer(caseId)).rejects.toMatchObject({ response: { code: 'CASE.NOT_FOUND' } });
    expect(await snapshotRevisions(caseId)).toEqual([]);
  });
});
