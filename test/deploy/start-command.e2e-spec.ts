import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { API_SHUTDOWN_DRAIN_MS } from '../../apps/api/src/operations/readiness.js';
import { WORKER_SHUTDOWN_MS } from '../../apps/worker/src/worker-heartbeat.js';
import { ensureBuilt, ROOT } from '../support/build-dist.js';
import {
  appServices,
  containerEnv,
  generatedEnv,
  loadComposeFile,
  runtimeImageCommand,
  type ComposeService,
} from './compose-files.js';

/**
 * The image's start commands run here, as the containers would run them: the Dockerfile's CMD and the
 * compose commands, from dist/, with the environment docker/compose.yml gives each service (the image's
 * NODE_ENV=production, the secrets generate-env.sh writes). Two things differ, because these machines
 * have no Docker engine and no EventStoreDB server: DATABASE_URL points at a database of the local
 * PostgreSQL, and EVENT_STORE=postgres. Then the compose healthcheck commands are run against them.
 */
describe('the image start commands with the compose environment', () => {
  const compose = loadComposeFile('docker/compose.yml', generatedEnv());
  const service = (entry: string): ComposeService =>
    appServices(compose).find((app) => app.entry === entry)!.service;
  const api = service('dist/apps/api/src/main.js');
  const worker = service('dist/apps/worker/src/main.js');
  let database: TestDatabase;
  let tmp: string;
  let port: number;
  const running: ChildProcess[] = [];

  /** The container's environment, pointed at the local database and given a free port and its own /tmp. */
  const localEnv = (of: ComposeService): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...containerEnv(of), PATH: process.env.PATH, TMPDIR: tmp };
    env.DATABASE_URL = database.url;
    env.EVENT_STORE = 'postgres';
    delete env.EVENTSTORE_URL;
    if (env.PORT !== undefined) env.PORT = String(port);
    return env;
  };

  const start = (command: string[], env: NodeJS.ProcessEnv) => {
    const child = spawn(process.execPath, command.slice(1), {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const waitFor = async (text: string, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (child.exitCode !== null)
          throw new Error(`exited with ${child.exitCode} before "${text}":\n${output.slice(-3000)}`);
        if (Date.now() > deadline)
          throw new Error(`no "${text}" within ${timeoutMs} ms:\n${output.slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    return { child, exited, waitFor, output: () => output };
  };

  /** Runs a compose healthcheck (["CMD", ...]) here; the port it names becomes the test's port. */
  const healthcheck = (of: ComposeService, env: NodeJS.ProcessEnv) => {
    const [kind, command, ...args] = of.healthcheck!.test;
    expect([kind, command]).toEqual(['CMD', 'node']);
    const local = args.map((arg) => arg.replace(/127\.0\.0\.1:3000/g, `127.0.0.1:${port}`));
    return spawnSync(process.execPath, local, { cwd: ROOT, env, encoding: 'utf8', timeout: 10_000 });
  };

  beforeAll(async () => {
    ensureBuilt(join(ROOT, 'dist/apps/api/src/main.js'));
    database = await createTestDatabase('postgres', []);
    tmp = mkdtempSync(join(tmpdir(), 'gridcase-container-tmp-'));
    port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
  }, 300_000);
  afterAll(async () => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    await database?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("API: the Dockerfile's CMD reaches listening, passes its healthcheck, and drains on SIGTERM within its grace", async () => {
    expect(api.command).toEqual(runtimeImageCommand());
    const env = localEnv(api);
    const process_ = start(runtimeImageCommand(), env);
    await process_.waitFor('gridcase is running');
    const check = healthcheck(api, env);
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(live.status).toBe(200);
    const stopping = Date.now();
    process_.child.kill('SIGTERM');
    expect(await process_.exited).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(API_SHUTDOWN_DRAIN_MS);
  }, 120_000);

  it('worker: its compose command starts, its probe turns healthy, and after SIGTERM unhealthy', async () => {
    const env = localEnv(worker);
    const process_ = start(worker.command!, env);
    await process_.waitFor('gridcase worker running');
    const deadline = Date.now() + 20_000;
    let probe = healthcheck(worker, env);
    while (probe.status !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      probe = healthcheck(worker, env);
    }
    expect({ status: probe.status, stdout: probe.stdout }).toEqual({
      status: 0,
      stdout: expect.stringMatching(/^gridcase worker healthy: ok/),
    });
    const stopping = Date.now();
    process_.child.kill('SIGTERM');
    expect(await process_.exited).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(WORKER_SHUTDOWN_MS);
    expect(healthcheck(worker, env).status).toBe(1);
  }, 120_000);
});
