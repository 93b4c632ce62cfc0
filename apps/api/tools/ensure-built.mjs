// Builds the server (tsc -p tsconfig.build.json → dist/) only when a source it compiles, a tsconfig or
// the installed packages changed since the last successful build: `npm start` calls this, so a restart
// with nothing changed costs a directory walk (well under a second) instead of a full type-check and
// emit (~20 s). The build is incremental (dist/.tsbuildinfo), so a small change rebuilds quickly too.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const stamp = join(root, 'dist', '.server-build-stamp');
const SKIPPED = new Set(['node_modules', 'console', 'testing']);

/** Newest mtime under `path`, directories included (a deleted or renamed file changes its directory). */
function newest(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return /\.(spec|int-spec|e2e-spec)\.ts$/.test(path) ? 0 : stats.mtimeMs;
  let latest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (SKIPPED.has(entry)) continue;
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

const inputs = [
  'apps',
  'libs',
  'bench',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'package-lock.json',
];
const changed = Math.max(...inputs.map((input) => newest(join(root, input))));
if (modifiedAt(stamp) > changed) process.exit(0);
process.stdout.write('gridcase: building the server (tsc → dist/)…\n');
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    join(root, 'tsconfig.build.json'),
    '--incremental',
    '--tsBuildInfoFile',
    join(root, 'dist', '.tsbuildinfo'),
  ],
  { cwd: root, stdio: 'inherit' },
);
if (result.status !== 0) {
  process.stderr.write('gridcase: the build failed (see above)\n');
  process.exit(result.status ?? 1);
}
writeFileSync(stamp, `${new Date().toISOString()}\n`);
process.stdout.write(`gridcase: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
