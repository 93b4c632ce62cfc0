import { describe, expect, it } from '@jest/globals';
import type { NewEvent, RecordedEvent } from '#event-store';
import { PersonalDataIntegrityError, decryptPerson, encryptPerson, newPersonKey } from './person-cipher.js';
import { ERASED, PERSON_PATHS, mapPersonPaths } from './person-data.js';
import type { EraseOutcome, PersonKey, PersonKeyStore } from './person-key-store.js';
import { PersonalDataCodec } from './personal-data-codec.js';
import { maskIdNumber, maskName, maskPersonalData, maskPhone, personalDataVisibility } from './personal-data-masking.js';

class MemoryKeys implements PersonKeyStore {
  readonly rows = new Map<string, PersonKey>();
  async ensureKeys(ids: readonly string[]) {
    for (const id of ids) if (!this.rows.has(id)) this.rows.set(id, newPersonKey());
    return this.loadKeys(ids);
  }
  async loadKeys(ids: readonly string[]) {
    return new Map(ids.filter((id) => this.rows.has(id)).map((id) => [id, this.rows.get(id)!] as [string, PersonKey]));
  }
  async erase(id: string): Promise<EraseOutcome> {
    if (!this.rows.has(id)) return { outcome: 'unknown' };
    const was = this.rows.get(id) === null;
    this.rows.set(id, null);
    return { outcome: was ? 'already_erased' : 'erased', erasedAt: '2026-01-01T00:00:00.000Z' };
  }
}

const reported = (id: string): NewEvent => ({
  id,
  type: 'CaseReported',
  metadata: { actor: 'a', correlationId: 'c', causationId: 'c', occurredAt: '2026-01-01T00:00:00Z', schemaVersion: 1 },
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
  events.map((event, index) => ({ ...event, stream: 'case-k1', revision: BigInt(index), globalPosition: BigInt(index), recordedAt: '2026-01-01T00:00:00Z' }));

describe('personal data', () => {
  it('masks names, phones and ID numbers', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskIdNumber('510104199001011234')).toBe('5101**********1234');
  });

  it('gives clear data to centre operators and squad officers, contact data to handlers, masks for analysts and administrators', () => {
    expect(personalDataVisibility(['centre_operator'])).toEqual({ name: 'clear', phone: 'clear', idNumber: 'clear' });
    expect(personalDataVisibility(['squad_officer'])).toEqual({ name: 'clear', phone: 'clear', idNumber: 'clear' });
    expect(personalDataVisibility(['grid_worker'])).toEqual({ name: 'clear', phone: 'clear', idNumber: 'masked' });
    expect(personalDataVisibility(['analyst'])).toEqual({ name: 'masked', phone: 'masked', idNumber: 'masked' });
    expect(personalDataVisibility(['administrator'])).toEqual({ name: 'masked', phone: 'masked', idNumber: 'masked' });
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
      CaseReported: ['reporter', 'details.parties[]', 'details.petitioners[]', 'details.representatives[]', 'details.party'],
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
      for (const secret of ['张三', '13800138000', '李四', '510104199001011234']) expect(text).not.toContain(secret);
      expect(text).toContain('"role":"respondent"');
      const data = decoded[0]!.data as any;
      expect(data.reporter.personId).toBe(data.details.parties[0].personId);
      expect(data.details.parties[1].personId).not.toBe(data.reporter.personId);
      expect(keys.rows.size).toBe(2);
      const [back] = await codec.decode(recordedFrom(stored));
      expect(back!.data).toEqual(data);
    });

    it('is deterministic per event id, so a retried command finds its keys', async () => {
      const keys = new MemoryKeys();
      const codec = new PersonalDataCodec(keys);
      const first = await codec.encode([reported('0b7c1d5e-0000-4000-8000-000000000002')], []);
      const again = await codec.encode([reported('0b7c1d5e-0000-4000-8000-000000000002')], []);
      expect((again.decoded[0]!.data as any).reporter.personId).toBe((first.decoded[0]!.data as any).reporter.personId);
      expect(keys.rows.size).toBe(2);
    });

    it('reads an erased person as [erased], and a copy of it (e.g. into a decision) stays erased without a new key', async () => {
      const keys = new MemoryKeys();
      const codec = new PersonalDataCodec(keys);
      const { stored, decoded } = await codec.encode([reported('0b7c1d5e-0000-4000-8000-000000000003')], []);
      const respondent = (decoded[0]!.data as any).details.parties[1];
      await keys.erase(respondent.personId);
      const [back] = await codec.decode(recordedFrom(stored));
      expect((back!.data as any).details.parties[1]).toEqual({ personId: respondent.personId, role: 'respondent', name: ERASED, phone: ERASED, idNumber: ERASED, erased: true });
      expect((back!.data as any).reporter.name).toBe('张三');
      const decided: NewEvent = { ...reported('x'), id: '0b7c1d5e-0000-4000-8000-000000000004', type: 'PenaltyDecided', data: { party: (back!.data as any).details.parties[1] } };
      const copy = await codec.encode([decided], [back!]);
      expect((copy.stored[0]!.data as any).party).toEqual({ personId: respondent.personId, role: 'respondent', fields: ['name', 'phone', 'idNumber'], erased: true });
      expect(keys.rows.size).toBe(2);
    });

    it('masks decoded persons anywhere in a value, leaving erased ones and clear keys alone', () => {
      const value = { state: { reporter: { personId: 'p', name: '张三', phone: '13800138000' }, other: { personId: 'q', name: ERASED, erased: true }, details: { party: { personId: 'r', kind: 'person', name: '王五', idNumber: '510104199001011234' } } } };
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
});
