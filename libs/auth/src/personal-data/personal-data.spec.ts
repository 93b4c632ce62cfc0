import { describe, expect, it } from '@jest/globals';
import type { NewEvent, RecordedEvent } from '#event-store';
import { PersonalDataIntegrityError, decryptPerson, encryptPerson, newPersonKey } from './person-cipher.js';
import { ERASED, PERSON_PATHS, mapPersonPaths } from './person-data.js';
import { CASE_EVENT_FIELDS } from '#case-domain';
import { fieldPathsOfClass } from '#domain-kernel';
import { FREE_TEXT_PATHS, MASKED_TEXT, TEXT_TOKEN_PREFIX, caseTextKeyId } from './free-text.js';
import { MemoryKeys } from './testing/memory-key-store.js';
import { ErasedSinceDecodeError, PersonalDataCodec } from './personal-data-codec.js';
import {
  maskIdNumber,
  maskName,
  maskPersonalData,
  maskPhone,
  personalDataVisibility,
} from './personal-data-masking.js';

const reported = (id: string): NewEvent => ({
  id,
  type: 'CaseReported',
  metadata: {
    actor: 'a',
    correlationId: 'c',
    causationId: 'c',
    occurredAt: '2026-01-01T00:00:00Z',
    schemaVersion: 1,
  },
  data: {
    caseId: 'k1',
    title: 'noise',
    reporter: { name: '张三', phone: '13800138000' },
    details: {
      caseType: 'dispute',
      parties: [
        { name: '张三', phone: '13800138000', role: 'applicant' },
        { name: '李四', phone: '13900139000', idNumber: '510104199001011234', role: 'respondent' },
      ],
    },
  },
});
const recordedFrom = (events: NewEvent[]): RecordedEvent[] =>
  events.map((event, index) => ({
    ...event,
    stream: 'case-k1',
    revision: BigInt(index),
    globalPosition: BigInt(index),
    recordedAt: '2026-01-01T00:00:00Z',
  }));

describe('personal data', () => {
  it('masks names, phones and ID numbers', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskIdNumber('510104199001011234')).toBe('5101**********1234');
  });

  it('gives clear data to centre operators and squad officers, contact data to handlers, masks for analysts and administrators', () => {
    expect(personalDataVisibility(['centre_operator'])).toEqual({
      name: 'clear',
      phone: 'clear',
      idNumber: 'clear',
    });
    expect(personalDataVisibility(['squad_officer'])).toEqual({
      name: 'clear',
      phone: 'clear',
      idNumber: 'clear',
    });
    expect(personalDataVisibility(['grid_worker'])).toEqual({
      name: 'clear',
      phone: 'clear',
      idNumber: 'masked',
    });
    expect(personalDataVisibility(['analyst'])).toEqual({
      name: 'masked',
      phone: 'masked',
      idNumber: 'masked',
    });
    expect(personalDataVisibility(['administrator'])).toEqual({
      name: 'masked',
      phone: 'masked',
      idNumber: 'masked',
    });
    expect(personalDataVisibility(['analyst', 'centre_operator']).phone).toBe('clear');
  });

  it('binds a ciphertext to its person id', () => {
    const key = newPersonKey();
    const sealed = encryptPerson(key, 'p1', { name: '张三' });
    expect(decryptPerson(key, 'p1', sealed)).toEqual({ name: '张三' });
    expect(() => decryptPerson(key, 'p2', sealed)).toThrow(PersonalDataIntegrityError);
    expect(() => decryptPerson(newPersonKey(), 'p1', sealed)).toThrow(/person p1/);
  });

  it('covers every person path of the case events', () => {
    expect(PERSON_PATHS).toEqual({
      CaseReported: [
        'reporter',
        'details.parties[]',
        'details.petitioners[]',
        'details.representatives[]',
        'details.party',
      ],
      PenaltyDecided: ['party'],
    });
    const seen: string[] = [];
    mapPersonPaths('CaseReported', reported('e').data, (person, path) => {
      seen.push(path);
      return person;
    });
    expect(seen).toEqual(['reporter', 'details.parties[0]', 'details.parties[1]']);
  });

  describe('codec', () => {
    it('stores ciphertext and person ids only, decodes back, and gives one id to the same person in a stream', async () => {
      const keys = new MemoryKeys();
      const codec = new PersonalDataCodec(keys);
      const { stored, decoded } = await codec.encode([reported('0b7c1d5e-0000-4000-8000-000000000001')], []);
      const text = JSON.stringify(stored);
      for (const secret of ['张三', '13800138000', '李四', '510104199001011234'])
        expect(text).not.toContain(secret);
      expect(text).toContain('"role":"respondent"');
      const data = decoded[0]!.data as any;
      expect(data.reporter.personId).toBe(data.details.parties[0].personId);
      expect(data.details.parties[1].personId).not.toBe(data.reporter.personId);
      // Two persons and the case's text key (the title).
      expect(keys.rows.size).toBe(3);
      const [back] = await codec.decode(recordedFrom(stored));
      expect(back!.data).toEqual(data);
    });

    it('is deterministic per event id, so a retried command finds its keys', async () => {
      const keys = new MemoryKeys();
      const codec = new PersonalDataCodec(keys);
      const first = await codec.encode([reported('0b7c1d5e-0000-4000-8000-000000000002')], []);
      const again = await codec.encode([reported('0b7c1d5e-0000-4000-8000-000000000002')], []);
      expect((again.decoded[0]!.data as any).reporter.personId).toBe(
        (first.decoded[0]!.data as any).reporter.personId,
      );
      expect(keys.rows.size).toBe(3);
    });

    it('reads an erased person as [erased], and a copy of it (e.g. into a decision) stays erased without a new key', async () => {
      const keys = new MemoryKeys();
      const codec = new PersonalDataCodec(keys);
      const { stored, decoded } = await codec.encode([reported('0b7c1d5e-0000-4000-8000-000000000003')], []);
      const respondent = (decoded[0]!.data as any).details.parties[1];
      await keys.erase(respondent.personId);
      const [back] = await codec.decode(recordedFrom(stored));
      expect((back!.data as any).details.parties[1]).toEqual({
        personId: respondent.personId,
        role: 'respondent',
        name: ERASED,
        phone: ERASED,
        idNumber: ERASED,
        erased: true,
      });
      expect((back!.data as any).reporter.name).toBe('张三');
      const decided: NewEvent = {
        ...reported('x'),
        id: '0b7c1d5e-0000-4000-8000-000000000004',
        type: 'PenaltyDecided',
        data: { party: (back!.data as any).details.parties[1] },
      };
      const copy = await codec.encode([decided], [back!]);
      expect((copy.stored[0]!.data as any).party).toEqual({
        personId: respondent.personId,
        role: 'respondent',
        fields: ['name', 'phone', 'idNumber'],
        erased: true,
      });
      expect(keys.rows.size).toBe(3);
    });

    it('masks decoded persons anywhere in a value, leaving erased ones and clear keys alone', () => {
      const value = {
        state: {
          reporter: { personId: 'p', name: '张三', phone: '13800138000' },
          other: { personId: 'q', name: ERASED, erased: true },
          details: { party: { personId: 'r', kind: 'person', name: '王五', idNumber: '510104199001011234' } },
        },
      };
      expect(maskPersonalData(value, personalDataVisibility(['analyst']))).toEqual({
        state: {
          reporter: { personId: 'p', name: '张*', phone: '138****8000' },
          other: { personId: 'q', name: ERASED, erased: true },
          details: { party: { personId: 'r', kind: 'person', name: '王*', idNumber: '5101**********1234' } },
        },
      });
      expect(maskPersonalData(value, personalDataVisibility(['centre_operator']))).toBe(value);
    });
  });

  describe('free text', () => {
    const meta = {
      actor: 'a',
      correlationId: 'c',
      causationId: 'c',
      occurredAt: '2026-01-01T00:00:00Z',
      schemaVersion: 1,
    };
    const reportedWithText = (id: string): NewEvent => ({
      ...reported(id),
      data: {
        ...(reported(id).data as object),
        title: '张三 13800138000 噪音',
        description: '李四 510104199001011234 说',
        location: { gridId: 'g', address: '3 栋 402 张三家' },
      },
    });
    const session = (id: string, notes: string): NewEvent => ({
      id,
      type: 'MediationSessionRecorded',
      metadata: meta,
      data: {
        caseId: 'k1',
        sessionNo: 1,
        heldAt: '2026-01-02T00:00:00Z',
        level: 'building',
        mediators: ['Mediator Zhao'],
        attendees: ['张三', '李四'],
        notes,
        recordedAt: 'x',
        recordedBy: 'a',
      },
    });
    const asRecorded = (events: NewEvent[], from = 0): RecordedEvent[] =>
      events.map((event, index) => ({
        ...event,
        stream: 'case-k1',
        revision: BigInt(from + index),
        globalPosition: BigInt(from + index),
        recordedAt: '2026-01-01T00:00:00Z',
      }));

    it('encrypts every free-text field under the case text key, staff names typed into it too, and decodes back for the decider', async () => {
      const keys = new MemoryKeys();
      const codec = new PersonalDataCodec(keys);
      const report = await codec.encode([reportedWithText('0b7c1d5e-0000-4000-8000-000000000011')], []);
      const text = JSON.stringify(report.stored);
      for (const secret of ['张三', '13800138000', '李四', '510104199001011234', '噪音', '402'])
        expect(text).not.toContain(secret);
      const stored = report.stored[0]!.data as any;
      expect(stored.title.startsWith(`${TEXT_TOKEN_PREFIX}v2:${caseTextKeyId('k1')}:`)).toBe(true);
      expect(stored.caseId).toBe('k1');
      expect(keys.owners.get(caseTextKeyId('k1'))).toEqual({ caseId: 'k1', text: true });
      expect(keys.owners.get(stored.reporter.personId)).toEqual({ caseId: 'k1', text: false });
      const history = await codec.decode(asRecorded(report.stored));
      expect((history[0]!.data as any).title).toBe('张三 13800138000 噪音');
      expect((history[0]!.data as any).location).toEqual({ gridId: 'g', address: '3 栋 402 张三家' });

      // The next command: the text key came with the decode, so encoding asks the store nothing.
      const loadsBefore = keys.loads;
      const next = await codec.encode(
        [session('0b7c1d5e-0000-4000-8000-000000000012', '张三 apologised')],
        history,
      );
      expect(keys.loads).toBe(loadsBefore);
      const sessionData = next.stored[0]!.data as any;
      expect(JSON.stringify(sessionData.mediators)).not.toContain('Zhao');
      expect((next.decoded[0]!.data as any).mediators).toEqual(['Mediator Zhao']);
      expect(sessionData.attendees.every((name: string) => name.startsWith(TEXT_TOKEN_PREFIX))).toBe(true);
      expect(JSON.stringify(sessionData)).not.toContain('张三');
      expect((next.decoded[0]!.data as any).notes).toBe('张三 apologised');
    });

    it('renders text for readers: clear for roles that see names, [masked] for the others, [erased] once the case text key is gone', async () => {
      const keys = new MemoryKeys();
      const codec = new PersonalDataCodec(keys);
      const report = await codec.encode([reportedWithText('0b7c1d5e-0000-4000-8000-000000000021')], []);
      const recorded = asRecorded(report.stored);
      const forOperator = await codec.decodeForReader(recorded, personalDataVisibility(['grid_worker']));
      expect((forOperator[0]!.data as any).title).toBe('张三 13800138000 噪音');
      const forAnalyst = await codec.decodeForReader(recorded, personalDataVisibility(['analyst']));
      expect((forAnalyst[0]!.data as any).title).toBe(MASKED_TEXT);
      const kept = await codec.decodePersons(recorded);
      expect((kept[0]!.data as any).title).toBe((report.stored[0]!.data as any).title);
      expect((kept[0]!.data as any).reporter.name).toBe('张三');
      const row = {
        caseId: 'k1',
        title: (report.stored[0]!.data as any).title,
        state: { reporter: (report.stored[0]!.data as any).reporter },
      };
      const rendered = await codec.renderFreeText(row, personalDataVisibility(['centre_operator']));
      expect(rendered.title).toBe('张三 13800138000 噪音');
      // A list is no place for persons: renderFreeText leaves them encrypted.
      expect(rendered.state.reporter).toEqual(row.state.reporter);

      // Erasing any person of the case erases its text with it.
      await keys.erase((report.decoded[0]!.data as any).details.parties[1].personId);
      for (const visibility of [
        personalDataVisibility(['centre_operator']),
        personalDataVisibility(['analyst']),
      ]) {
        const after = await codec.decodeForReader(recorded, visibility);
        expect((after[0]!.data as any).title).toBe(ERASED);
        expect((after[0]!.data as any).location.address).toBe(ERASED);
        expect((await codec.renderFreeText(row, visibility)).title).toBe(ERASED);
      }
      expect((await codec.decode(recorded))[0]!.data).toMatchObject({
        title: ERASED,
        description: ERASED,
        reporter: { name: '张三' },
      });
    });

    it('protects text written after an erasure under a key of its own, erased again with the next erasure', async () => {
      const keys = new MemoryKeys();
      const codec = new PersonalDataCodec(keys);
      const report = await codec.encode([reportedWithText('0b7c1d5e-0000-4000-8000-000000000031')], []);
      const reporterId = (report.decoded[0]!.data as any).reporter.personId;
      await keys.erase((report.decoded[0]!.data as any).details.parties[1].personId);
      const history = await codec.decode(asRecorded(report.stored));
      const later = await codec.encode(
        [session('0b7c1d5e-0000-4000-8000-000000000032', '王五 came too')],
        history,
      );
      const notes = (later.stored[0]!.data as any).notes as string;
      expect(notes.startsWith(TEXT_TOKEN_PREFIX)).toBe(true);
      expect(notes).not.toContain(caseTextKeyId('k1'));
      const all = asRecorded([...report.stored, ...later.stored]);
      expect((await codec.decode(all))[1]!.data).toMatchObject({ notes: '王五 came too' });
      await keys.erase(reporterId);
      expect((await codec.decode(all))[1]!.data).toMatchObject({
        notes: ERASED,
        attendees: [ERASED, ERASED],
      });
    });

    it('refuses to encode on a history read before an erasure (a pipeline that keeps folded streams), so nothing erased is copied', async () => {
      const keys = new MemoryKeys();
      const codec = new PersonalDataCodec(keys);
      const report = await codec.encode([reportedWithText('0b7c1d5e-0000-4000-8000-000000000051')], []);
      // What a pipeline cache keeps after the append: the decoded events, clear, not read back through the codec.
      const kept = asRecorded(report.decoded);
      // One key lookup checks the kept history and brings the text key: nothing is created.
      const [loads, ensures] = [keys.loads, keys.ensures];
      const before = await codec.encode(
        [session('0b7c1d5e-0000-4000-8000-000000000052', 'before the erasure')],
        kept,
      );
      expect([keys.loads - loads, keys.ensures - ensures]).toEqual([1, 0]);
      expect(
        (before.stored[0]!.data as any).notes.startsWith(`${TEXT_TOKEN_PREFIX}v2:${caseTextKeyId('k1')}:`),
      ).toBe(true);
      await keys.erase((report.decoded[0]!.data as any).details.parties[1].personId);
      await expect(
        codec.encode([session('0b7c1d5e-0000-4000-8000-000000000053', 'after')], kept),
      ).rejects.toThrow(ErasedSinceDecodeError);
      // Decided again on a fresh read: fine, and the erased data reads as erased.
      const fresh = await codec.decode(asRecorded(report.stored));
      expect((fresh[0]!.data as any).title).toBe(ERASED);
      await expect(
        codec.encode([session('0b7c1d5e-0000-4000-8000-000000000053', 'after')], fresh),
      ).resolves.toMatchObject({ stored: [expect.anything()] });
    });

    it('leaves clear text of events written before free text was encrypted (or by the system) as it is', async () => {
      const codec = new PersonalDataCodec(new MemoryKeys());
      const [decoded] = await codec.decodeForReader(
        asRecorded([session('0b7c1d5e-0000-4000-8000-000000000041', 'deadline passed')]),
        personalDataVisibility(['analyst']),
      );
      expect((decoded!.data as any).notes).toBe('deadline passed');
    });

    it('encrypts every field the case event types classify as text, and nothing the tables call system', () => {
      for (const type of Object.keys(CASE_EVENT_FIELDS)) {
        const text = fieldPathsOfClass(CASE_EVENT_FIELDS, type, 'text');
        expect([type, FREE_TEXT_PATHS[type] ?? []]).toEqual([type, text]);
      }
      expect(FREE_TEXT_PATHS.AttachmentAdded).toEqual(['fileName', 'caption']);
      expect(FREE_TEXT_PATHS.CaseReported).toEqual(
        expect.arrayContaining(['title', 'category', 'details.leadSource', 'details.factsFingerprint']),
      );
      expect(FREE_TEXT_PATHS.RiskFlagged).toEqual([
        'risk',
        'policeReport.reportedTo',
        'policeReport.reference',
      ]);
      expect(FREE_TEXT_PATHS.EvidencePreserved).toEqual(['approvedBy', 'items[]']);
      expect(FREE_TEXT_PATHS.EnforcementCaseFiled).toEqual(['caseNo', 'officers[]']);
      expect(FREE_TEXT_PATHS.CaseDispatched).toBeUndefined();
    });
  });
});
