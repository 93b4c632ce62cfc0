import { describe, expect, it } from '@jest/globals';
import { CommandPipeline } from '#command-pipeline';
import type { AppendOptions, AppendResult, EventStore, NewEvent, RecordedEvent } from '#event-store';
import { buildDemoDistrict, decideAll, initialRegistryState, type RegistryState } from '#registry-domain';
import { generateHistoricCases } from './historic-cases.js';

/** Streams in memory, with the expected-revision check the pipeline relies on. */
class MemoryStreams {
  private readonly streams = new Map<string, RecordedEvent[]>();
  private position = 0n;

  async readStream(stream: string): Promise<RecordedEvent[]> {
    return [...(this.streams.get(stream) ?? [])];
  }

  async appendToStream(stream: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const recorded = this.streams.get(stream) ?? [];
    const current = recorded.length === 0 ? 'no_stream' : BigInt(recorded.length - 1);
    const expected = options.expectedRevision ?? 'any';
    if (expected !== 'any' && expected !== current) throw new Error(`${stream} is at ${current}, expected ${expected}`);
    for (const event of events) {
      recorded.push({ ...event, stream, revision: BigInt(recorded.length), globalPosition: ++this.position, recordedAt: new Date().toISOString() });
    }
    this.streams.set(stream, recorded);
    return { nextExpectedRevision: BigInt(recorded.length - 1), position: this.position };
  }
}

describe('historic case generator (npm run seed -- --cases N, the bench history)', () => {
  const registry: RegistryState = decideAll(buildDemoDistrict(), initialRegistryState()).state;

  it.each([
    // Holidays move the end of a petition's 30-day windows (the last day rolls to the next working day).
    // These seeds (two of the bench's) once scripted a close for no request inside a window that a
    // National Day or Spring Festival holiday had stretched.
    ['2025-06-30T16:00:00.000Z', 910_001],
    ['2025-06-30T16:00:00.000Z', 910_004],
    ['2026-11-01T00:00:00.000Z', 12],
  ])('scripts only commands the real decider accepts, over 2,000 cases up to %s (seed %d)', async (until, randomSeed) => {
    const pipeline = new CommandPipeline(new MemoryStreams() as unknown as EventStore);
    // A refused command throws out of the pipeline and fails the run.
    const result = await generateHistoricCases(pipeline, registry, { count: 2000, randomSeed, until, concurrency: 8 });
    expect(result.casesDone).toBe(2000);
  });
});
