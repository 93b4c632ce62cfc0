import { v5 as uuidv5 } from 'uuid';
import {
  buildResponsibilityListsSeed,
  responsibilityListDecider,
  responsibilityListStreamName,
  type ListKind,
} from '#admission-domain';
import { CommandPipeline } from '#command-pipeline';
import type { EventStore } from '#event-store';
import { DEMO_DISTRICT_CODE, DEMO_SEED_METADATA } from '#registry-domain';

/** Never change: the seed's command ids (hence its event ids) derive from it, and they are stored. */
const LISTS_SEED_NAMESPACE = '5e0c2d7a-41b8-5f93-a6e1-9c3b7d2f8a04';
/** Version of the lists seed. Bump it only together with different seed lists. */
const LISTS_SEED_VERSION = 'responsibility-lists/v1';
/** The demo lists take effect the day the demo district was set up. */
export const DEMO_LISTS_EFFECTIVE_FROM = DEMO_SEED_METADATA.now.slice(0, 10);

export interface SeedResponsibilityListsResult {
  /** Per kind: appended now, already seeded before, or left alone because someone else published it first. */
  readonly lists: Readonly<Record<ListKind, 'seeded' | 'already_seeded' | 'kept_existing'>>;
  readonly applied: number;
}

export function listSeedCommandId(kind: ListKind): string {
  return uuidv5(`${LISTS_SEED_VERSION}/${kind}`, LISTS_SEED_NAMESPACE);
}

/**
 * Version 1 of the demo district's seven responsibility lists (16, 22, 17, 39, 79, 18 items and 4
 * negative classes), one `PublishListVersion` per list stream through the command pipeline with a
 * fixed command id per list, so a rerun appends nothing. A list someone already published by other
 * means is left as it is (the seed never publishes a version over it).
 */
export async function seedResponsibilityLists(
  store: EventStore,
  pipeline = new CommandPipeline(store),
): Promise<SeedResponsibilityListsResult> {
  const metadata = { actor: 'seed:responsibility-lists', now: DEMO_SEED_METADATA.now };
  const lists = {} as Record<ListKind, SeedResponsibilityListsResult['lists'][ListKind]>;
  let applied = 0;
  for (const command of buildResponsibilityListsSeed(DEMO_LISTS_EFFECTIVE_FROM, {
    districtCode: DEMO_DISTRICT_CODE,
    metadata,
  })) {
    const { kind } = command.data;
    const stream = responsibilityListStreamName(DEMO_DISTRICT_CODE, kind);
    const commandId = listSeedCommandId(kind);
    const [first] = await store.readStream(stream, { maxCount: 1 });
    if (first !== undefined) {
      lists[kind] = first.metadata.commandId === commandId ? 'already_seeded' : 'kept_existing';
      continue;
    }
    const result = await pipeline.handle(responsibilityListDecider, stream, command, {
      commandId,
      actor: metadata.actor,
      correlationId: uuidv5(`${LISTS_SEED_VERSION}/correlation`, LISTS_SEED_NAMESPACE),
      occurredAt: metadata.now,
    });
    lists[kind] = result.replayed ? 'already_seeded' : 'seeded';
    if (!result.replayed) applied++;
  }
  return { lists, applied };
}
