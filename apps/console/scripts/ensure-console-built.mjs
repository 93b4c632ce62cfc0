// Builds the console (vite build → dist/console) only when its sources, or the installed packages,
// are newer than the last build: `npm start` and the browser tests call this, so an unchanged
// console costs a directory walk, not a 30-second build.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const consoleSources = join(root, 'apps', 'console');
const builtMarker = join(root, 'dist', 'console', 'index.html');

function newest(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.endsWith('.spec.ts')) continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

function modifiedAt(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

const sourcesChanged = Math.max(newest(consoleSources), modifiedAt(join(root, 'package-lock.json')));
if (modifiedAt(builtMarker) >= sourcesChanged) process.exit(0);
process.stdout.write('gridcase: building the console (apps/console → dist/console)…\n');
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '--config',
    join(consoleSources, 'vite.config.ts'),
    '--logLevel',
    'warn',
  ],
  { cwd: root, stdio: 'inherit' },
);
if (result.status !== 0) {
  process.stderr.write('gridcase: the console build failed (see above)\n');
  process.exit(result.status ?? 1);
}
process.stdout.write(`gridcase: console built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
