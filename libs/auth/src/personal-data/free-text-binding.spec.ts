import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { NewEvent, RecordedEvent } from '#event-store';
import { caseTextKeyId } from './free-text.js';
import { UNREADABLE } from './person-data.js';
import { PersonalDataCodec, type UnreadableValue } from './personal-data-codec.js';
import { personalDataVisibility } from './personal-data-masking.js';
import { MemoryKeys } from './testing/memory-key-store.js';

/** docs/adr/0023: free-text envelopes bound to their case and field, never trusted as input, degrading alone. */
describe('ciphertexts bound to their case and field, input never trusted, a bad value degrades alone', () => {
  const meta = {
    actor: 'a',
    correlationId: 'c',
    causationId: 'c',
    occurredAt: '2026-01-01T00:00:00Z',
    schemaVersion: 1,
  };
  const report = (id: string, caseId: string, title: string): NewEvent => ({
    id,
    type: 'CaseReported',
    metadata: meta,
    data: { caseId, title, description: '王小明 13912345678', reporter: { name: '王小明' } },
  });
  const inStream = (event: NewEvent, position = 0): RecordedEvent => ({
    ...event,
    stream: `case-${(event.data as any).caseId}`,
    revision: 0n,
    globalPosition: BigInt(position),
    recordedAt: '2026-01-01T00:00:00Z',
  });
  const setUp = () => {
    const keys = new MemoryKeys();
    const unreadable: UnreadableValue[] = [];
    const codec = new PersonalDataCodec(keys, { onUnreadable: (value) => unreadable.push(value) });
    return { keys, codec, unreadable };
  };

  it('given case O text copied into case X (another event, the same field), when X is read, then that field is [unreadable] and reported with the case and position', async () => {
    const { codec, unreadable } = setUp();
    const o = await codec.encode(
      [report('0b7c1d5e-0000-4000-8000-000000000101', 'case-o', '王小明 110101199003071234')],
      [],
    );
    const x = await codec.encode([report('0b7c1d5e-0000-4000-8000-000000000102', 'case-x', 'mine')], []);
    const oTitle = (o.stored[0]!.data as any).title as string;
    const forged = inStream(
      { ...x.stored[0]!, data: { ...(x.stored[0]!.data as object), title: oTitle } } as NewEvent,
      7,
    );
    const [decoded] = await codec.decode([forged]);
    expect((decoded!.data as any).title).toBe(UNREADABLE);
    // The rest of the record reads on.
    expect((decoded!.data as any).description).toBe('王小明 13912345678');
    expect(unreadable).toEqual([
      {
        caseId: 'case-x',
        eventId: '0b7c1d5e-0000-4000-8000-000000000102',
        position: '7',
        field: 'CaseReported.title',
      },
    ]);
    // In a read-model row of case X, too; in its own case it reads.
    const rendered = await codec.renderFreeText(
      [
        { caseId: 'case-x', title: oTitle },
        { caseId: 'case-o', title: oTitle },
      ],
      personalDataVisibility(['centre_operator']),
    );
    expect(rendered.map((row) => row.title)).toEqual([UNREADABLE, '王小明 110101199003071234']);
  });

  it('given a token moved to another field of its own event, when read, then it is [unreadable]', async () => {
    const { codec } = setUp();
    const o = await codec.encode([report('0b7c1d5e-0000-4000-8000-000000000111', 'case-o', 'title')], []);
    const data = o.stored[0]!.data as any;
    const [decoded] = await codec.decode([
      inStream({ ...o.stored[0]!, data: { ...data, description: data.title } } as NewEvent),
    ]);
    expect(decoded!.data).toMatchObject({ title: 'title', description: UNREADABLE });
  });

  it('given a client string that looks like an envelope, when encoded, then it is encrypted as text and reads back as typed', async () => {
    const { codec } = setUp();
    const x = await codec.encode([report('0b7c1d5e-0000-4000-8000-000000000121', 'case-x', 'mine')], []);
    const copied = (x.stored[0]!.data as any).title as string;
    for (const title of [
      copied,
      `pii:text:v1:${caseTextKeyId('case-x')}:AAAAAAAAAAAAAAAA:AAAA:AAAAAAAAAAAAAAAAAAAAAA`,
      'pii:text:v1:王小明 13912345678',
    ]) {
      const event = report('0b7c1d5e-0000-4000-8000-000000000122', 'case-x', title);
      const { stored } = await codec.encode([event], []);
      const storedTitle = (stored[0]!.data as any).title as string;
      expect(storedTitle).not.toBe(title);
      expect(storedTitle).not.toContain('王小明');
      const [decoded] = await codec.decode([inStream(stored[0]!)]);
      expect((decoded!.data as any).title).toBe(title);
    }
  });

  it('given forged, malformed or foreign envelopes and a tampered person in stored events, when read by any reader, then each reads [unreadable] and nothing throws', async () => {
    const { codec, unreadable } = setUp();
    const o = await codec.encode([report('0b7c1d5e-0000-4000-8000-000000000131', 'case-o', 'o')], []);
    const x = await codec.encode([report('0b7c1d5e-0000-4000-8000-000000000132', 'case-x', 'x')], []);
    const xData = x.stored[0]!.data as any;
    const tampered = {
      ...xData.reporter,
      pii: { ...xData.reporter.pii, data: `${xData.reporter.pii.data}AA` },
    };
    const events = [
      `pii:text:v1:${caseTextKeyId('case-x')}:AAAAAAAAAAAAAAAA:AAAA:AAAAAAAAAAAAAAAAAAAAAA`,
      `pii:text:v1:${caseTextKeyId('case-o')}:AAAAAAAAAAAAAAAA:AAAA:AAAAAAAAAAAAAAAAAAAAAA`,
      'pii:text:v2:not-a-token',
      'pii:text:v9:x:y:z:w',
      (o.stored[0]!.data as any).title,
    ].map((title, index) =>
      inStream({ ...x.stored[0]!, data: { ...xData, title, reporter: tampered } } as NewEvent, index),
    );
    for (const read of [
      () => codec.decode(events),
      () => codec.decodeForReader(events, personalDataVisibility(['analyst'])),
      () => codec.decodeForReader(events, personalDataVisibility(['grid_worker'])),
    ]) {
      const decoded = await read();
      expect(decoded.map((event) => (event.data as any).title)).toEqual(Array(5).fill(UNREADABLE));
      expect(decoded.map((event) => (event.data as any).reporter)).toEqual(
        Array(5).fill({ personId: xData.reporter.personId, name: UNREADABLE, unreadable: true }),
      );
    }
    const kept = await codec.decodePersons(events);
    expect(kept.map((event) => (event.data as any).title)).toEqual(Array(5).fill(UNREADABLE));
    expect(unreadable.length).toBeGreaterThanOrEqual(30);
  });

  it("given text stored as v1 tokens (before the binding), when read in its own case, then it reads; under another case's key, [unreadable]", async () => {
    const { keys, codec } = setUp();
    await keys.ensureKeys([caseTextKeyId('case-x'), caseTextKeyId('case-o')]);
    const v1 = (caseId: string, text: string) => {
      const keyId = caseTextKeyId(caseId);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keys.rows.get(keyId)!, iv);
      cipher.setAAD(Buffer.from(keyId, 'utf8'));
      const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return `pii:text:v1:${keyId}:${iv.toString('base64url')}:${data.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}`;
    };
    const event = (title: string) =>
      inStream(report('0b7c1d5e-0000-4000-8000-000000000141', 'case-x', title) as NewEvent);
    const [own, foreign] = await codec.decode([
      event(v1('case-x', 'old text')),
      event(v1('case-o', 'O text')),
    ]);
    expect((own!.data as any).title).toBe('old text');
    expect((foreign!.data as any).title).toBe(UNREADABLE);
  });
});
