import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  LIST_KINDS,
  admissionDecider,
  admissionStreamName,
  responsibilityListStreamName,
  type ListKind,
} from '#admission-domain';
import type { CommandPipeline } from '#command-pipeline';
import { EVENT_STORE, type EventStore } from '#event-store';
import type { SqlPool } from '#platform';
import { DEMO_DISTRICT_CODE } from '#registry-domain';
import { listCommandIdFor, AdmissionListingService, seedDemoDistrict } from '#runtime';
import { COMMAND_PIPELINE } from '../../apps/api/src/infrastructure/infrastructure.tokens.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { daysFromToday, expectProblem, get, must, novelRequest, post } from './admission-api.js';

/**
 * Issue #10: the API appends the approval, then the list amendment; if it dies in between and nobody
 * retries, the worker's admission-listing service runs the same amendment with the same command id.
 */
describe.each(['postgres', 'embedded'] as const)(
  'admission-listing on %s: approved admissions join their lists without a caller',
  (kind) => {
    let t: TestApp;
    let store: EventStore;
    let pool: SqlPool;
    const logged: Record<string, unknown>[] = [];
    const service = (options: ConstructorParameters<typeof AdmissionListingService>[1] = {}) =>
      new AdmissionListingService(
        { pool, eventStore: store, log: (entry) => logged.push({ ...entry }) },
        options,
      );
    const listStream = (kind: ListKind) => responsibilityListStreamName(DEMO_DISTRICT_CODE, kind);

    beforeAll(async () => {
      t = await startTestApp(kind);
      store = t.app.get<EventStore>(EVENT_STORE);
      pool = t.database.pool;
      await seedDemoDistrict(store);
      // Embedded, the seed runs PGlite in this very process and holds the event loop for seconds; the
      // server's keep-alive timers for the sockets of the logins above fire only afterwards. Let them
      // close those idle sockets now, so the next request opens a fresh one instead of writing onto a
      // socket the server is closing (ECONNRESET).
      await new Promise((resolve) => setTimeout(resolve, 100));
    }, 180_000);
    afterAll(async () => t?.close());

    /** Submits and reviews over HTTP, then appends only the approval (the API "died" before the list command). */
    async function approvalOnly(
      title: string,
      body: { listKind: ListKind; itemCode: string; effectiveFrom: string },
    ) {
      const id = (await must(t.baseUrl, '/admissions', novelRequest(title), 201)).body.requestId as string;
      await must(
        t.baseUrl,
        `/admissions/${id}/review`,
        { opinion: 'recommend_approval', findings: '可行', reviewingOffice: '区委社会工作部' },
        200,
      );
      const approve = { authorisedOffice: '区委社会工作部', ...body };
      const now = new Date().toISOString();
      const commandId = randomUUID();
      await t.app
        .get<CommandPipeline>(COMMAND_PIPELINE)
        .handle(
          admissionDecider,
          admissionStreamName(id),
          { type: 'ApproveAdmission', data: approve as never, metadata: { actor: t.users.operator.id, now } },
          { commandId, actor: t.users.operator.id, correlationId: randomUUID(), occurredAt: now },
        );
      return { id, commandId, approve };
    }

    const itemsAdded = async (kind: ListKind, code: string) =>
      (await store.readStream(listStream(kind))).filter(
        (e) =>
          e.type === 'ResponsibilityListItemAdded' &&
          (e.data as { item: { code: string } }).item.code === code,
      );

    /**
     * The global position of a stream's last event: what a run must reach. The log shows an event only
     * once every older transaction on the server has ended, so `runUntilIdle({ through })` waits for it.
     */
    const lastPosition = async (stream: string) =>
      (await store.readStream(stream, { direction: 'backwards', maxCount: 1 }))[0]!.globalPosition;
    /** Every event on the seven lists: the only streams the worker writes to. */
    const listEvents = async () =>
      (await Promise.all(LIST_KINDS.map((k) => store.readStream(listStream(k))))).reduce(
        (n, events) => n + events.length,
        0,
      );

    const outcomesOf = async (requestId: string) =>
      (
        await pool.query<{ outcome: string; code: string | null }>(
          'SELECT outcome, code FROM admission_listing_outcomes WHERE request_id = $1',
          [requestId],
        )
      ).rows;

    it('puts an approval recorded without its item on the list, in force from its effective date, exactly once; a rerun appends nothing', async () => {
      const effective = daysFromToday(12);
      const { id, commandId, approve } = await approvalOnly('社区托育点安全检查', {
        listKind: 'party_and_mass_work',
        itemCode: 'DQGZ-23',
        effectiveFrom: effective,
      });
      expect(await itemsAdded('party_and_mass_work', 'DQGZ-23')).toHaveLength(0);

      const through = await lastPosition(admissionStreamName(id));
      expect(await service().runUntilIdle({ through })).toEqual({ applied: 1 });
      const added = await itemsAdded('party_and_mass_work', 'DQGZ-23');
      expect(added).toHaveLength(1);
      expect(added[0]!.metadata.commandId).toBe(listCommandIdFor(commandId));
      expect((added[0]!.data as { item: { admissionRequestId: string } }).item.admissionRequestId).toBe(id);
      expect(await outcomesOf(id)).toEqual([{ outcome: 'applied', code: null }]);

      const on = await get(t.baseUrl, `/responsibilities/party_and_mass_work?asOf=${effective}`);
      expect(on.body.inForce.items.find((i: { code: string }) => i.code === 'DQGZ-23')).toMatchObject({
        title: '社区托育点安全检查',
        admissionRequestId: id,
      });
      const before = await get(t.baseUrl, `/responsibilities/party_and_mass_work?asOf=${daysFromToday(11)}`);
      expect(before.body.inForce.items.map((i: { code: string }) => i.code)).not.toContain('DQGZ-23');

      // Run again: the checkpoint is past the approval, nothing is appended.
      const count = await listEvents();
      expect(await service().runUntilIdle({ through })).toEqual({});
      expect(await listEvents()).toBe(count);
      // Even from the start of the log (checkpoint lost), the same command id is only replayed.
      await pool.query("UPDATE projection_checkpoints SET position = 0 WHERE name = 'admission-listing'");
      expect(await service().runUntilIdle({ through })).toEqual({ replayed: 1 });
      expect(await listEvents()).toBe(count);
      // A client retry of the approval later still adds nothing (the API replays the same command id).
      expectProblem(
        await post(t.baseUrl, `/admissions/${id}/approve`, approve),
        409,
        'ADMISSION.ILLEGAL_TRANSITION',
      );
      expect(await itemsAdded('party_and_mass_work', 'DQGZ-23')).toHaveLength(1);
      expect(await outcomesOf(id)).toEqual([{ outcome: 'applied', code: null }]);
    });

    it('finds the item already added by the API synchronous path and only replays it', async () => {
      const id = (await must(t.baseUrl, '/admissions', novelRequest('社区老年食堂巡查'), 201)).body
        .requestId as string;
      await must(
        t.baseUrl,
        `/admissions/${id}/review`,
        { opinion: 'recommend_approval', findings: '可行', reviewingOffice: '区委社会工作部' },
        200,
      );
      const approved = await must(
        t.baseUrl,
        `/admissions/${id}/approve`,
        {
          authorisedOffice: '区委社会工作部',
          listKind: 'community_building',
          itemCode: 'SQJS-30',
          effectiveFrom: daysFromToday(5),
        },
        200,
      );
      expect(approved.body.list.events).toEqual(['ResponsibilityListItemAdded']);
      const count = await listEvents();
      expect(
        await service().runUntilIdle({ through: await lastPosition(listStream('community_building')) }),
      ).toEqual({ replayed: 1 });
      expect(await listEvents()).toBe(count);
      expect(await itemsAdded('community_building', 'SQJS-30')).toHaveLength(1);
      expect(await outcomesOf(id)).toEqual([{ outcome: 'replayed', code: null }]);
    });

    it('records and logs a refusal (the code was taken by another item meanwhile) and moves on', async () => {
      const { id } = await approvalOnly('社区宠物登记协助', {
        listKind: 'certificates_and_plaques',
        itemCode: 'ZMGP-40',
        effectiveFrom: daysFromToday(20),
      });
      // A competing write between the approval and its list command takes the code.
      await must(
        t.baseUrl,
        '/responsibilities/certificates_and_plaques/items',
        {
          item: { code: 'ZMGP-40', title: '另一事项', itemClass: '证明', level: 'community' },
          effectiveFrom: daysFromToday(20),
          reason: '新增',
        },
        201,
        { auth: t.users.admin.token },
      );
      const count = await listEvents();
      const through = await lastPosition(listStream('certificates_and_plaques'));
      expect(await service().runUntilIdle({ through })).toEqual({ refused: 1 });
      expect(await outcomesOf(id)).toEqual([{ outcome: 'refused', code: 'LIST.ITEM_ALREADY_IN_FORCE' }]);
      expect(logged).toContainEqual(
        expect.objectContaining({
          event: 'admission.list_item_refused',
          requestId: id,
          code: 'LIST.ITEM_ALREADY_IN_FORCE',
        }),
      );
      expect(await listEvents()).toBe(count);
      // Not retried forever: the next run has nothing to do.
      expect(await service().runUntilIdle({ through })).toEqual({});
      expect(await itemsAdded('certificates_and_plaques', 'ZMGP-40')).toHaveLength(1);
    });

    it('two workers at once (one looping in the background): every approval joins its list once', async () => {
      const a = await approvalOnly('社区应急物资清点', {
        listKind: 'assisting_government',
        itemCode: 'XZZF-90',
        effectiveFrom: daysFromToday(3),
      });
      const b = await approvalOnly('社区电梯加装协调', {
        listKind: 'comprehensive_support',
        itemCode: 'ZHBZ-30',
        effectiveFrom: daysFromToday(4),
      });
      const looping = service({ pollIntervalMs: 20, batchSize: 1 });
      await looping.start();
      try {
        await service({ batchSize: 1 }).runUntilIdle({
          through: await lastPosition(admissionStreamName(b.id)),
        });
        const giveUpAt = Date.now() + 15_000;
        while ((await outcomesOf(a.id)).length + (await outcomesOf(b.id)).length < 2) {
          if (Date.now() > giveUpAt) throw new Error('the outcomes were not recorded in time');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        await looping.stop();
      }
      expect(await itemsAdded('assisting_government', 'XZZF-90')).toHaveLength(1);
      expect(await itemsAdded('comprehensive_support', 'ZHBZ-30')).toHaveLength(1);
      expect(await outcomesOf(a.id)).toEqual([{ outcome: 'applied', code: null }]);
      expect(await outcomesOf(b.id)).toEqual([{ outcome: 'applied', code: null }]);
    });
  },
);
