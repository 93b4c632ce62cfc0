import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandPipeline } from '#command-pipeline';
import { EVENT_STORE, type EventStore } from '#event-store';
import { DEMO_DISTRICT_CODE, registryView, type RegistryState } from '#registry-domain';
import {
  generateHistoricCases,
  type HistoricCasesResult,
} from '../../apps/worker/src/cli/historic-cases/historic-cases.runner.js';
import { foldRegistry, seedDemoDistrict } from '#runtime';
import { http, startTestApp, type TestApp } from '../support/test-app.js';

const UNTIL = '2026-11-01T00:00:00.000Z';
const COUNT = 40;

describe('npm run seed -- --cases N: historic disputes, petitions and law-enforcement cases through the real pipeline', () => {
  let t: TestApp;
  let store: EventStore;
  let registry: RegistryState;
  let result: HistoricCasesResult;
  const progress: number[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    await seedDemoDistrict(store);
    registry = (await foldRegistry(store, DEMO_DISTRICT_CODE)).state;
    result = await generateHistoricCases(new CommandPipeline(store), registry, {
      count: COUNT,
      randomSeed: 42,
      until: UNTIL,
      onProgress: (p) => progress.push(p.casesDone),
    });
  });
  afterAll(async () => t?.close());

  it('generates N cases with varied outcomes and reports progress', () => {
    expect(result.casesDone).toBe(COUNT);
    expect(new Set(result.caseIds).size).toBe(COUNT);
    expect(result.events).toBeGreaterThan(COUNT * 5);
    expect(result.replayedCommands).toBe(0);
    expect(Object.keys(result.statuses).length).toBeGreaterThanOrEqual(3);
    expect(result.statuses.followed_up).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(COUNT);
  });

  it('every case is readable over HTTP, in the past year, located in the registry and dispatched to its units', async () => {
    const view = registryView(registry);
    const from = Date.parse(UNTIL) - 366 * 24 * 3_600_000;
    const seenTypes = new Set<string>();
    const statuses = new Set<string>();
    const caseTypes = new Set<string>();
    for (const caseId of result.caseIds) {
      const history = await http(t.baseUrl, 'GET', `/api/v1/cases/${caseId}/history`);
      expect(history.status).toBe(200);
      const events = history.body as Array<{
        type: string;
        data: any;
        occurredAt: string;
        correlationId: string;
      }>;
      expect(events[0]!.type).toBe('CaseReported');
      const times = events.map((e) => Date.parse(e.occurredAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times[0]!).toBeGreaterThanOrEqual(from);
      expect(times.at(-1)!).toBeLessThanOrEqual(Date.parse(UNTIL));
      expect(new Set(events.map((e) => e.correlationId)).size).toBe(1);
      for (const e of events) seenTypes.add(e.type);

      const location = events[0]!.data.location as { gridId: string; buildingId?: string };
      const chain = view.handlingChain(location.buildingId ?? location.gridId);
      expect(chain.map((s) => s.level)).toEqual(['building', 'community', 'street', 'district']);
      const handlerIds = new Set(chain.map((s) => s.handler.id));
      for (const dispatched of events.filter((e) => e.type === 'CaseDispatched')) {
        expect(handlerIds.has(dispatched.data.unit.unitId)).toBe(true);
      }
      for (const routed of events.filter((e) => e.type === 'PetitionRouted' && e.data.toBody)) {
        expect(handlerIds.has(routed.data.toBody.unitId)).toBe(true);
      }

      const state = await http(t.baseUrl, 'GET', `/api/v1/cases/${caseId}`);
      expect(state.status).toBe(200);
      statuses.add(state.body.state.status);
      caseTypes.add(state.body.state.caseType);
    }
    expect([...caseTypes].sort()).toEqual(['dispute', 'enforcement', 'petition']);
    expect(statuses.size).toBeGreaterThanOrEqual(3);
    // Over 40 cases the script reaches escalation, agreement and follow-up at least.
    for (const type of [
      'CaseRegistered',
      'CaseDispatched',
      'MediationAgreementRecorded',
      'FollowUpRecorded',
      'CaseEscalated',
      'PetitionRouted',
      'PetitionAnswered',
    ]) {
      expect(seenTypes).toContain(type);
    }
  });

  it('is deterministic for a seed: a rerun answers every command from the streams and appends nothing', async () => {
    const head = await store.headPosition();
    const again = await generateHistoricCases(new CommandPipeline(store), registry, {
      count: COUNT,
      randomSeed: 42,
      until: UNTIL,
    });
    expect(again.caseIds).toEqual(result.caseIds);
    expect(again.statuses).toEqual(result.statuses);
    expect(again.events).toBe(0);
    expect(again.replayedCommands).toBeGreaterThan(COUNT * 5);
    expect(await store.headPosition()).toBe(head);
  });
});
