import { newPersonKey } from '../person-cipher.js';
import type { EraseOutcome, KeyOwner, PersonKey, PersonKeyStore } from '../person-key-store.js';

/** The key store's rules in memory (SqlPersonKeyStore is checked against PostgreSQL in person-key-store.int-spec.ts). */
export class MemoryKeys implements PersonKeyStore {
  readonly rows = new Map<string, PersonKey>();
  readonly owners = new Map<string, { caseId: string; text: boolean }>();
  loads = 0;
  ensures = 0;
  async ensureKeys(ids: readonly string[], owner?: KeyOwner) {
    this.ensures++;
    for (const id of ids) {
      if (this.rows.has(id)) continue;
      this.rows.set(id, newPersonKey());
      if (owner) this.owners.set(id, { caseId: owner.caseId, text: owner.textKeyIds?.has(id) ?? false });
    }
    return this.loadKeys(ids);
  }
  async loadKeys(ids: readonly string[]) {
    this.loads++;
    return new Map(
      ids.filter((id) => this.rows.has(id)).map((id) => [id, this.rows.get(id)!] as [string, PersonKey]),
    );
  }
  async erase(id: string): Promise<EraseOutcome> {
    if (!this.rows.has(id)) return { outcome: 'unknown' };
    const was = this.rows.get(id) === null;
    this.rows.set(id, null);
    const caseId = this.owners.get(id)?.caseId;
    for (const [other, owner] of this.owners)
      if (caseId && owner.text && owner.caseId === caseId) this.rows.set(other, null);
    return { outcome: was ? 'already_erased' : 'erased', erasedAt: '2026-01-01T00:00:00.000Z' };
  }
}
