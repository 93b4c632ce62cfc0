import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { CommandPipeline } from '#command-pipeline';
import { EVENT_STORE, type EventStore } from '#event-store';
import { registryDecider, registryStreamName, type RegistryCommand } from '#registry-domain';
import { FIXTURE_DISTRICT, fixtureCommands, fixtureMeta } from '#registry-domain/testing';

/**
 * Writes registry commands straight through the pipeline, as the seed CLI does: not through the
 * API, so none of its edge checks apply (a spec uses this to make data the API would refuse).
 */
export async function writeRegistry(
  app: INestApplication,
  commands: readonly RegistryCommand[],
  district = FIXTURE_DISTRICT,
): Promise<void> {
  const pipeline = new CommandPipeline(app.get<EventStore>(EVENT_STORE));
  for (const command of commands) {
    await pipeline.handle(registryDecider, registryStreamName(district), command, {
      commandId: randomUUID(),
      actor: command.metadata.actor,
      correlationId: randomUUID(),
      occurredAt: command.metadata.now,
    });
  }
}

/**
 * The small test district of libs/registry-domain/testing (`fx` has its ids: street S1 with
 * communities C1 and C2, grids G1, G2, G3, building B1 in G1, township T1, the urban-management team
 * with an area squad covering S1 and a specialised squad), established 2024-01-01.
 */
export async function seedFixtureDistrict(app: INestApplication): Promise<void> {
  await writeRegistry(app, fixtureCommands());
}

export { fixtureMeta };
