import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore, eventStoreMigrations, type NewEvent } from '#event-store';
import { openDatabase, runMigrations, type Database } from '#platform';
import { createTestDatabase } from '#platform/testing';
import { verifyErasure } from './erasure-verifier.js';
import { masterKeyRing } from './master-keys.js';
import { PersonalDataCodec } from './personal-data-codec.js';
import { SqlPersonKeyStore, personKeyMigrations } from './person-key-store.js';

/** docs/adr/0024: the verifier on a real store, PostgreSQL and an embedded data directory. */
const PERSON = { name: '周子琪', phone: '13711112222', idNumber: '110101199205055555' };
const TEXT = `${PERSON.name}家门口堆放杂物`;
const KNOWN = [PERSON.name, PERSON.phone, PERSON.idNumber, TEXT];
const MASTER = 'verifier-master-key-0123456789abcdefghijklmnop';

async function reportThrough(database: Database, caseId: string): Promise<string> {
  const keys = new SqlPersonKeyStore(database.pool, masterKeyRing(MASTER, [], 'configured'));
  const codec = new PersonalDataCodec(keys);
  const event: NewEvent = {
    id: randomUUID(),
    type: 'CaseReported',
    metadata: {
      actor: 'a',
      correlationId: 'c',
      causationId: 'c',
      occurredAt: '2026-12-01T00:00:00Z',
      schemaVersion: 1,
    },
    data: { caseId, title: TEXT, category: TEXT, reporter: PERSON },
  };
  const { stored, decoded } = await codec.encode([event], []);
  await new PostgresEventStore(database.pool).appendToStream(`case-${caseId}`, stored, {
    expectedRevision: 'no_stream',
  });
  return (decoded[0]!.data as { reporter: { personId: string } }).reporter.personId;
}

const migrations = [...eventStoreMigrations, ...personKeyMigrations];

describe('erasure verifier (PostgreSQL)', () => {
  it('given a reported person, when verified, then their live keys are found; a value in clear in any table is found; after the erasure, nothing', async () => {
    const database = await createTestDatabase('postgres', migrations);
    try {
      const caseId = randomUUID();
      const personId = await reportThrough(database, caseId);
      const before = await verifyErasure(database.pool, { personId, knownValues: KNOWN });
      expect(before.caseId).toBe(caseId);
      expect(before.findings.map((finding) => finding.kind).sort()).toEqual(['live_key', 'live_key']);
      // A read model that copied a name in clear (what issue #18 found) is reported with its table.
      await database.pool.query(`CREATE TABLE leaky_read_model (case_id text, state jsonb)`);
      await database.pool.query(`INSERT INTO leaky_read_model VALUES ($1, $2)`, [
        caseId,
        JSON.stringify({ party: PERSON.name }),
      ]);
      await new SqlPersonKeyStore(database.pool, masterKeyRing(MASTER, [], 'configured')).erase(personId);
      const leaky = await verifyErasure(database.pool, { personId, knownValues: KNOWN });
      expect(leaky.findings).toEqual([
        {
          kind: 'plaintext',
          where: expect.stringMatching(/\.leaky_read_model$/),
          value: PERSON.name,
          rows: 1,
        },
      ]);
      await database.pool.query(`DROP TABLE leaky_read_model`);
      expect((await verifyErasure(database.pool, { personId, knownValues: KNOWN })).findings).toEqual([]);
      expect(
        (await verifyErasure(database.pool, { personId: randomUUID(), knownValues: KNOWN })).findings,
      ).toEqual([{ kind: 'unknown_person', personId: expect.any(String) }]);
    } finally {
      await database.close();
    }
  }, 60_000);
});

describe('erasure verifier (embedded data directory)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-erasure-'));
  const dataDir = join(dir, 'pglite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given an embedded store, when a person is reported and erased, then no file of the data directory holds their values, while a value written in clear is found in the files', async () => {
    const caseId = randomUUID();
    let database = await openDatabase({ embeddedDataDir: dataDir });
    await runMigrations(database.pool, migrations);
    const personId = await reportThrough(database, caseId);
    await database.pool.query(`CREATE TABLE scratch (note text)`);
    await database.pool.query(`INSERT INTO scratch VALUES ('明文留存的备注 A1B2C3')`);
    await new SqlPersonKeyStore(database.pool, masterKeyRing(MASTER, [], 'configured')).erase(personId);
    await database.close();

    database = await openDatabase({ embeddedDataDir: dataDir });
    try {
      const report = await verifyErasure(database.pool, { personId, knownValues: KNOWN, dataDir });
      expect(report.filesScanned).toBeGreaterThan(10);
      expect(report.findings).toEqual([]);
      const control = await verifyErasure(database.pool, {
        personId,
        knownValues: ['明文留存的备注 A1B2C3'],
        dataDir,
      });
      expect(control.findings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'plaintext', where: expect.stringMatching(/\.scratch$/) }),
          expect.objectContaining({ kind: 'plaintext', where: expect.stringMatching(/^file /) }),
        ]),
      );
    } finally {
      await database.close();
    }
  }, 120_000);
});
