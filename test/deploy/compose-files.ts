import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../support/build-dist.js';

/** The compose files the repository ships, relative to the repository root. */
export const COMPOSE_FILES = ['docker/compose.yml', 'docker/compose.cluster.yml'] as const;

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  expose?: string[];
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  deploy?: { replicas?: number };
  profiles?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/**
 * The variables docker/generate-env.sh writes, read back from a file it writes into a temporary
 * directory: the compose files are checked with exactly what an operator gets.
 */
export function generatedEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-env-'));
  try {
    const file = join(dir, '.env');
    execFileSync('sh', [join(ROOT, 'docker/generate-env.sh')], {
      env: { PATH: process.env.PATH, GRIDCASE_ENV_FILE: file },
      stdio: 'pipe',
    });
    const vars: Record<string, string> = {};
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
      if (match) vars[match[1]!] = match[2]!;
    }
    return vars;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Compose's interpolation: `${NAME}`, `${NAME:-default}`, `${NAME:?error}`, `$$`. */
export function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\$\$|\$\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
    (whole, name, operator, argument) => {
      if (whole === '$$') return '$';
      const value = vars[name as string];
      const unset = value === undefined || (operator?.startsWith(':') && value === '');
      if (!unset) return value!;
      if (operator?.endsWith('?'))
        throw new Error(`required variable ${name} is missing a value: ${argument}`);
      if (operator?.endsWith('-')) return argument as string;
      return '';
    },
  );
}

function interpolateAll(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') return interpolate(value, vars);
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, vars));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateAll(item, vars)]));
  return value;
}

/** A compose file as `docker compose config` would see it: anchors and merge keys resolved, variables interpolated. */
export function loadComposeFile(file: string, vars: Record<string, string>): ComposeFile {
  const parsed = parse(readFileSync(join(ROOT, file), 'utf8'), { merge: true }) as ComposeFile;
  return interpolateAll(parsed, vars) as ComposeFile;
}

/** `ENV` of the Dockerfile's runtime stage: what every app container starts with before compose adds its own. */
export function runtimeImageEnv(): Record<string, string> {
  const lines = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8').split('\n');
  const env: Record<string, string> = {};
  let inRuntime = false;
  for (const line of lines) {
    const from = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(line);
    if (from) inRuntime = from[1] === 'runtime';
    const set = /^ENV\s+([A-Z_][A-Z0-9_]*)=(\S+)/.exec(line);
    if (inRuntime && set) env[set[1]!] = set[2]!;
  }
  return env;
}

/** The runtime stage's default command (`CMD [...]`). */
export function runtimeImageCommand(): string[] {
  const text = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8');
  const runtime = text.slice(text.search(/^FROM\s+\S+\s+AS\s+runtime/im));
  const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(runtime);
  if (!cmd) throw new Error('the runtime stage of docker/Dockerfile has no CMD');
  return JSON.parse(cmd[1]!) as string[];
}

/** The environment a container of this service starts with: the image's, then the service's. */
export function containerEnv(service: ComposeService): Record<string, string> {
  const env: Record<string, string> = { ...runtimeImageEnv() };
  for (const [name, value] of Object.entries(service.environment ?? {})) env[name] = String(value);
  return env;
}

/** The services that run one of our apps (`node dist/apps/...`), with the entry point they run. */
export function appServices(
  compose: ComposeFile,
): { name: string; service: ComposeService; entry: string }[] {
  return Object.entries(compose.services)
    .filter(([, service]) => service.command?.[0] === 'node' && service.command[1]?.startsWith('dist/apps/'))
    .map(([name, service]) => ({ name, service, entry: service.command![1]! }));
}

/** The TypeScript source a `dist/...js` entry point is compiled from. */
export function sourceOf(distFile: string): string {
  return join(ROOT, distFile.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
}

/** `10s`, `1m30s`, `35s` → milliseconds (compose durations). */
export function durationMs(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(amount) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  return total;
}

/** The URLs a healthcheck command fetches. */
export function healthcheckUrls(service: ComposeService): URL[] {
  const text = (service.healthcheck?.test ?? []).join(' ');
  return [...text.matchAll(/https?:\/\/[^'"\s)]+/g)].map(([url]) => new URL(url));
}
