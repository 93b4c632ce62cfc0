import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { loadHttpServerTimeouts, withApiSecrets, type AppConfig } from '#platform';
import { loadRuntimeConfig } from '#runtime';
import { HealthController } from '../../apps/api/src/operations/health.controller.js';
import { API_SHUTDOWN_DRAIN_MS } from '../../apps/api/src/operations/readiness.js';
import { WORKER_SHUTDOWN_MS } from '../../apps/worker/src/worker-heartbeat.js';
import { ROOT } from '../support/build-dist.js';
import {
  COMPOSE_FILES,
  appServices,
  containerEnv,
  durationMs,
  generatedEnv,
  healthcheckUrls,
  loadComposeFile,
  runtimeImageCommand,
  sourceOf,
  type ComposeFile,
} from './compose-files.js';

const API_ENTRY = 'dist/apps/api/src/main.js';
const WORKER_ENTRY = 'dist/apps/worker/src/main.js';

/**
 * What each entry point validates before it does anything else, as its main.ts does: a ConfigError
 * (or a refusal) here is a container that exits at start and crash-loops.
 */
function startUpChecks(entry: string, env: Record<string, string>): AppConfig {
  const argv = ['node', entry];
  if (entry === API_ENTRY) {
    return withApiSecrets(loadRuntimeConfig(env, argv).app, () => 'never used: JWT_SECRET must be set');
  }
  if (entry === WORKER_ENTRY) {
    const config = loadRuntimeConfig(env, argv).app;
    if (!config.databaseUrl) throw new Error('the worker needs DATABASE_URL');
    return config;
  }
  throw new Error(`no start-up checks known for ${entry}: add them here as its main.ts does them`);
}

/** GET routes of the health controller, from Nest's own route metadata. */
function healthRoutes(): string[] {
  const base = String(Reflect.getMetadata(PATH_METADATA, HealthController));
  const prototype = HealthController.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype)
    .filter((name) => name !== 'constructor' && Reflect.hasMetadata(PATH_METADATA, prototype[name] as object))
    .map((name) => {
      const path = String(Reflect.getMetadata(PATH_METADATA, prototype[name] as object));
      return `/${base}${path === '/' ? '' : `/${path}`}`;
    });
}

const env = generatedEnv();

describe.each(COMPOSE_FILES)('%s', (file) => {
  const compose: ComposeFile = loadComposeFile(file, env);
  const apps = appServices(compose);

  it('runs the API and the worker, both from the image built by docker/Dockerfile', () => {
    expect(apps.map((app) => app.entry).sort()).toEqual([API_ENTRY, WORKER_ENTRY]);
    expect(runtimeImageCommand()).toEqual(['node', API_ENTRY]);
    for (const { service } of apps) {
      expect(service.build).toMatchObject({
        context: '..',
        dockerfile: 'docker/Dockerfile',
        target: 'runtime',
      });
      expect(existsSync(sourceOf(service.command![1]!))).toBe(true);
    }
  });

  it.each([API_ENTRY, WORKER_ENTRY])('gives %s every variable its start-up checks require', (entry) => {
    for (const { service } of apps.filter((app) => app.entry === entry)) {
      expect(() => startUpChecks(entry, containerEnv(service))).not.toThrow();
    }
  });

  it('would not start without the generated .env: every secret is required, not defaulted', () => {
    for (const name of ['POSTGRES_PASSWORD', 'JWT_SECRET', 'PII_MASTER_KEY', 'ADMIN_PASSWORD']) {
      const { [name]: _, ...without } = env;
      expect(() => loadComposeFile(file, without)).toThrow(new RegExp(`required variable ${name}`));
    }
  });

  it('shares JWT_SECRET across API replicas and PII_MASTER_KEY between the API and the worker', () => {
    const api = apps.filter((app) => app.entry === API_ENTRY);
    const keys = new Set(apps.map(({ service }) => containerEnv(service).PII_MASTER_KEY));
    expect(keys).toEqual(new Set([env.PII_MASTER_KEY]));
    expect(new Set(api.map(({ service }) => containerEnv(service).JWT_SECRET))).toEqual(
      new Set([env.JWT_SECRET]),
    );
    // Replicas of one service share its environment; more than one API replica is what the proxy is for.
    expect(api.reduce((sum, { service }) => sum + (service.deploy?.replicas ?? 1), 0)).toBeGreaterThan(1);
  });

  it('checks the API on a route the app has, on the port and address it listens on; the worker with its probe', () => {
    const routes = healthRoutes();
    expect(routes).toEqual(expect.arrayContaining(['/health', '/health/live', '/health/ready']));
    for (const { entry, service } of apps) {
      if (entry === API_ENTRY) {
        const config = startUpChecks(entry, containerEnv(service));
        const urls = healthcheckUrls(service);
        expect(urls.length).toBeGreaterThan(0);
        for (const url of urls) {
          expect(routes).toContain(url.pathname);
          expect(Number(url.port)).toBe(config.port);
        }
        // Reachable from the proxy and the healthcheck, not only from inside the container's loopback.
        expect(['0.0.0.0', '::']).toContain(config.host);
      } else {
        const [cmd, probe] = service.healthcheck!.test.slice(1);
        expect(cmd).toBe('node');
        expect(existsSync(sourceOf(probe!))).toBe(true);
      }
    }
  });

  it('stops no app before it has drained', () => {
    for (const { entry, service } of apps) {
      const drain = entry === API_ENTRY ? API_SHUTDOWN_DRAIN_MS : WORKER_SHUTDOWN_MS;
      expect(durationMs(service.stop_grace_period ?? '10s')).toBeGreaterThan(drain);
    }
  });

  it('publishes only the proxy; no database or event-store node is on a host port', () => {
    const published = Object.entries(compose.services).filter(
      ([, service]) => (service.ports ?? []).length > 0,
    );
    expect(published.map(([name]) => name)).toEqual(['proxy']);
  });

  it('pins every server image to an exact version', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.image || service.build) continue;
      // PostgreSQL numbers its releases major.minor (16.9); the others major.minor.patch.
      const exact = service.image.startsWith('postgres:')
        ? /^postgres:\d+\.\d+(-[\w.-]+)?$/
        : /^[\w./-]+:\d+\.\d+\.\d+(-[\w.-]+)?$/;
      expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(exact) });
    }
  });

  it('puts the API behind the proxy, which forwards one hop the API is told to trust', () => {
    const nginx = readFileSync(join(ROOT, 'docker/nginx/gridcase.conf'), 'utf8');
    const mount = compose.services.proxy!.volumes!.find((volume) => volume.includes('/etc/nginx/conf.d/'));
    expect(mount).toMatch(/^\.\/nginx\/gridcase\.conf:/);
    const upstream = /server\s+(\w+):(\d+)\s+resolve/.exec(nginx);
    const api = apps.find((app) => app.entry === API_ENTRY)!;
    expect(upstream?.[1]).toBe(api.name);
    const config = startUpChecks(API_ENTRY, containerEnv(api.service));
    expect(Number(upstream?.[2])).toBe(config.port);
    expect(nginx).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
    expect(config.trustProxy).toBe(1);
    // nginx closes idle upstream connections before the API does.
    const keepAlive = Number(/keepalive_timeout (\d+)s;/.exec(nginx)?.[1]) * 1000;
    expect(keepAlive).toBeLessThan(loadHttpServerTimeouts(containerEnv(api.service)).keepAliveTimeoutMs);
  });

  it('points the apps and the contract suite at the event-store nodes of this file', () => {
    const nodes = Object.entries(compose.services)
      .filter(([, service]) => service.image?.startsWith('eventstore/'))
      .map(([name]) => name);
    for (const { service } of apps) {
      // esdb://host:port[,host:port...][?options]: the gossip seeds or the single node.
      const authority = /^esdb(?:\+discover)?:\/\/(?:[^@/]*@)?([^/?]+)/.exec(
        containerEnv(service).EVENTSTORE_URL!,
      )![1]!;
      const hosts = authority.split(',').map((host) => host.split(':')[0]);
      expect(hosts.sort()).toEqual(nodes.sort());
      expect(Object.keys(service.depends_on ?? {})).toEqual(expect.arrayContaining(nodes));
    }
    expect(compose.services['contract-suite']?.environment?.EVENTSTORE_URL).toBe(
      containerEnv(apps[0]!.service).EVENTSTORE_URL,
    );
  });
});
