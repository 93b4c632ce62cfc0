import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findIntegrityProblems, openDatabase } from '#platform';
import { storeIntegrity } from '#runtime';
import {
  ROOT,
  ensureBuilt,
  freePort,
  loginAs,
  request,
  sleep,
  startApi,
  stopApi,
  type ApiChild,
} from '../reliability/reliability-support.js';

/**
 * Issue #19, "Embedded data corruption": `npm start` and `npm run seed` on one PGlite data directory
 * tore its indexes. Now the running app owns the directory (docs/adr/0025): the seed CLI, the
 * projections CLI and a second app are refused with what to do, the store stays intact, SIGKILL
 * during writes loses nothing acknowledged, and a damaged store is refused at start-up.
 */
const SEED_MAIN = join(ROOT, 'dist', 'apps', 'worker', 'src', 'cli', 'seed.main.js');
const PROJECTIONS_MAIN = join(ROOT, 'dist', 'apps', 'worker', 'src', 'cli', 'projections.main.js');
const DEMO_PASSWORD = 'gridcase-demo';

describe('embedded: one process owns the data directory (real child processes)', () => {
  let root: string;
  let dataDir: string;
  let api: ApiChild | undefined;
  /** Every case the app acknowledged (201), which must be readable after any restart. */
  const acknowledged: string[] = [];
  let grid: { gridId: string; buildingId: string } | undefined;

  const embeddedEnv = () => ({
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
    RUN_WORKER: 'true',
    DEMO_ACCOUNT_PASSWORD: DEMO_PASSWORD,
    PII_MASTER_KEY: 'embedded-spec-master-key-0123456789abcdef',
  });
  async function startEmbedded(): Promise<ApiChild> {
    const child = startApi(undefined, await freePort(), embeddedEnv(), 180_000);
    await child.ready;
    return child;
  }
  /** Runs a CLI to its end on the same data directory. */
  function runCli(
    script: string,
    args: string[],
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [script, ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...embeddedEnv(), LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }
  async function operatorToken(baseUrl: string): Promise<string> {
    return (await loginAs(baseUrl, 'staff0001', DEMO_PASSWORD)).token;
  }
  async function demoGrid(baseUrl: string, token: string): Promise<{ gridId: string; buildingId: string }> {
    const tree = await request(baseUrl, 'GET', '/api/v1/jurisdictions/tree', { token });
    const walk = (node: any): any =>
      node.kind === 'grid' && node.children.length > 0 ? node : node.children.map(walk).find(Boolean);
    const found = walk(tree.body.tree);
    return { gridId: found.id, buildingId: found.children[0].id };
  }
  async function report(baseUrl: string, token: string): Promise<number> {
    const reply = await request(baseUrl, 'POST', '/api/v1/cases', {
      token,
      timeoutMs: 10_000,
      body: {
        type: 'dispute',
        source: 'grid_patrol',
        title: `Noise at night ${randomUUID().slice(0, 8)}`,
        description: 'The neighbours upstairs move furniture after midnight.',
        category: 'neighbour',
        urgency: 'general',
        location: { ...grid! },
        dispute: { parties: [{ name: 'Zhang Wei', phone: '13800138000', role: 'applicant' }] },
      },
    });
    if (reply.status === 201) acknowledged.push(reply.body.caseId as string);
    return reply.status;
  }
  async function everyAcknowledgedCaseReads(baseUrl: string): Promise<void> {
    const token = await operatorToken(baseUrl);
    const missing: string[] = [];
    for (const caseId of acknowledged) {
      const reply = await request(baseUrl, 'GET', `/api/v1/cases/${caseId}`, { token });
      if (reply.status !== 200) missing.push(`${caseId}: ${reply.status}`);
    }
    expect(missing).toEqual([]);
  }

  beforeAll(() => {
    ensureBuilt();
    root = mkdtempSync(join(tmpdir(), 'gridcase-embedded-'));
    dataDir = join(root, 'pglite');
  });
  afterAll(async () => {
    await stopApi(api);
    api = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('the running app owns the directory: seed, projections and a second app are refused with what to do; the store stays intact', async () => {
    api = await startEmbedded();
    const token = await operatorToken(api.baseUrl);
    grid = await demoGrid(api.baseUrl, token);
    for (let i = 0; i < 5; i++) expect(await report(api.baseUrl, token)).toBe(201);

    const seed = await runCli(SEED_MAIN, ['--cases', '50']);
    expect(seed.code).toBe(1);
    expect(seed.stdout).toBe('');
    expect(seed.stderr).toContain(
      `the embedded database in ${dataDir} is in use by another gridcase process`,
    );
    expect(seed.stderr).toContain('stop that process');
    expect(seed.stderr).toContain('HTTP API');
    expect(seed.stderr).not.toContain('    at ');

    const projections = await runCli(PROJECTIONS_MAIN, ['status']);
    expect(projections.code).toBe(1);
    expect(projections.stderr).toContain('is in use by another gridcase process');

    const second = startApi(undefined, await freePort(), embeddedEnv(), 60_000);
    await expect(second.ready).rejects.toThrow(/is in use by another gridcase process/);
    expect((await second.exited).code).toBe(1);

    // The owner carries on, untouched.
    expect(await report(api.baseUrl, token)).toBe(201);
    await everyAcknowledgedCaseReads(api.baseUrl);
    await stopApi(api, 'SIGTERM');
    expect(existsSync(`${dataDir}.lock`)).toBe(false);

    api = await startEmbedded();
    await everyAcknowledgedCaseReads(api.baseUrl);
  }, 600_000);

  it('SIGKILL while writing: the restart takes over the stale lock, the store passes its check, nothing acknowledged is lost', async () => {
    for (let kill = 0; kill < 3; kill++) {
      const token = await operatorToken(api!.baseUrl);
      const before = acknowledged.length;
      let stop = false;
      const writers = Array.from({ length: 6 }, async () => {
        while (!stop) await report(api!.baseUrl, token).catch(() => 0);
      });
      // Kill in the middle of writing: once this life has acknowledged a few, after a varying pause.
      while (acknowledged.length < before + 3) await sleep(50);
      await sleep(200 + kill * 300);
      api!.child.kill('SIGKILL');
      await api!.exited;
      stop = true;
      await Promise.all(writers);
      expect(existsSync(`${dataDir}.lock`)).toBe(true);
      api = await startEmbedded();
      await everyAcknowledgedCaseReads(api.baseUrl);
    }
    await stopApi(api, 'SIGTERM');
    api = undefined;
    const database = await openDatabase({ embeddedDataDir: dataDir, integrity: storeIntegrity });
    try {
      expect(await findIntegrityProblems(database.pool, storeIntegrity)).toEqual([]);
    } finally {
      await database.close();
    }
  }, 600_000);

  it('a damaged store is refused at start-up with what is wrong and what to do', async () => {
    await stopApi(api, 'SIGTERM');
    api = undefined;
    const database = await openDatabase({ embeddedDataDir: dataDir });
    const { rows } = await database.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events');
    const events = Number(rows[0]!.n);
    // What two writers did: a row the primary key does not reach.
    await database.pool.query(
      `UPDATE pg_index SET indisready = false WHERE indexrelid = 'es_events_pkey'::regclass`,
    );
    await database.pool.query(
      `INSERT INTO es_events (global_position, event_id, stream_name, revision, type, data, metadata)
       SELECT global_position + 1, gen_random_uuid(), stream_name || '-torn', revision, type, data, metadata
         FROM es_events ORDER BY global_position DESC LIMIT 1`,
    );
    await database.pool.query(
      `UPDATE pg_index SET indisready = true WHERE indexrelid = 'es_events_pkey'::regclass`,
    );
    await database.close();

    const refused = startApi(undefined, await freePort(), embeddedEnv(), 120_000);
    await expect(refused.ready).rejects.toThrow(/is damaged/);
    expect((await refused.exited).code).toBe(1);
    expect(refused.output).toContain(
      `es_events holds ${events + 1} rows, but its index es_events_pkey reaches ${events}`,
    );
    expect(refused.output).toContain('the stream heads (es_streams) account for');
    expect(refused.output).not.toContain('    at ');
  }, 300_000);
});
