import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'testing')
        newest = Math.max(newest, newestSource(path));
    } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Builds dist when `artifact` (a compiled entry point the spec spawns as a child process) is
 * missing or older than the sources under apps/ and libs/.
 */
export function ensureBuilt(artifact: string): void {
  const sources = Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')));
  if (modifiedAt(artifact) >= sources) return;
  try {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
  } catch (error) {
    // A type error in a file the child never loads stops `npm run build` (noEmitOnError); emit
    // anyway and rely on the freshness check below. CI typechecks the whole tree separately.
    process.stderr.write(
      `npm run build failed, emitting despite type errors: ${String((error as { stdout?: Buffer }).stdout ?? error).slice(0, 600)}\n`,
    );
    try {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--noEmitOnError', 'false'], {
        cwd: ROOT,
        stdio: 'pipe',
        timeout: 240_000,
      });
    } catch {
      // type errors elsewhere; checked below
    }
  }
  if (modifiedAt(artifact) < sources)
    throw new Error(`${artifact} is still older than the sources after building`);
}
