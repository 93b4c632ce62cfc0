import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgeWorkerHeartbeat, startWorkerHeartbeat, type WorkerHeartbeat } from './worker-heartbeat.js';

const fileIn = () => join(mkdtempSync(join(tmpdir(), 'heartbeat-')), 'heartbeat.json');
const waitForFile = async (file: string) => {
  for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('worker heartbeat and probe', () => {
  it('is healthy while the beat is recent and every dependency answers', async () => {
    const file = fileIn();
    const heartbeat = startWorkerHeartbeat({
      file,
      services: ['projections', 'escalation'],
      checks: { database: async () => 1, eventStore: async () => undefined },
      now: () => 1_000_000,
    });
    await waitForFile(file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      at: 1_000_000,
      checks: { database: { ok: true }, eventStore: { ok: true } },
      services: ['projections', 'escalation'],
    });
    expect(judgeWorkerHeartbeat(file, 1_000_000 + 29_000)).toEqual({
      healthy: true,
      reason: 'ok (2 services, beat 29 s ago)',
    });
    expect(judgeWorkerHeartbeat(file, 1_000_000 + 31_000)).toEqual({
      healthy: false,
      reason: 'last heartbeat 31 s ago',
    });
    await heartbeat.stop();
    expect(existsSync(file)).toBe(false);
    expect(judgeWorkerHeartbeat(file).healthy).toBe(false);
  });

  it('is unhealthy, naming the dependency, when one fails or does not answer in time', async () => {
    const file = fileIn();
    const heartbeat = startWorkerHeartbeat({
      file,
      services: [],
      checkTimeoutMs: 30,
      checks: {
        database: async () => {
          throw new Error('connection refused');
        },
        eventStore: () => new Promise(() => undefined),
      },
    });
    await waitForFile(file);
    const beat = JSON.parse(readFileSync(file, 'utf8')) as WorkerHeartbeat;
    expect(beat.checks).toEqual({
      database: { ok: false, error: 'connection refused' },
      eventStore: { ok: false, error: 'no answer within 30 ms' },
    });
    expect(judgeWorkerHeartbeat(file, beat.at)).toEqual({
      healthy: false,
      reason: 'database: connection refused; eventStore: no answer within 30 ms',
    });
    await heartbeat.stop();
  });

  it('is unhealthy without a heartbeat file', () => {
    expect(judgeWorkerHeartbeat(join(tmpdir(), 'no-such-dir', 'heartbeat.json'))).toMatchObject({
      healthy: false,
      reason: expect.stringMatching(/^no heartbeat at .* \(ENOENT\)$/),
    });
  });
});
