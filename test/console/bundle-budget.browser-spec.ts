import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { ROOT } from '../support/build-dist.js';
import { SCREENSHOTS } from './console-browser.js';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

const built = join(ROOT, 'dist', 'console');
const budget = JSON.parse(readFileSync(join(ROOT, 'apps', 'console', 'bundle-budget.json'), 'utf8')) as {
  firstScreenGzipKiB: number;
  totalGzipKiB: number;
};
const gzipKiB = (file: string) => gzipSync(readFileSync(join(built, file)), { level: 9 }).length / 1024;

/** What a browser downloads for the console, gzip-compressed as a server would send it. */
describe('the console bundle stays within its budget', () => {
  const manifest = JSON.parse(readFileSync(join(built, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;

  /** The entry and every chunk it imports statically (what the login screen needs before it shows). */
  function firstScreenFiles(): string[] {
    const files = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key]!;
      if (files.has(chunk.file)) return;
      files.add(chunk.file);
      for (const css of chunk.css ?? []) files.add(css);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
    return [...files];
  }

  it('keeps the first screen and the whole console under the budget in apps/console/bundle-budget.json', () => {
    const firstScreen = firstScreenFiles();
    const everything = readdirSync(join(built, 'assets')).map((file) => `assets/${file}`);
    const firstScreenKiB = firstScreen.reduce((sum, file) => sum + gzipKiB(file), 0);
    const totalKiB = everything.reduce((sum, file) => sum + gzipKiB(file), 0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(
      join(SCREENSHOTS, 'bundle-size.json'),
      `${JSON.stringify({ firstScreenKiB, totalKiB, budget, firstScreen }, null, 2)}\n`,
    );
    expect(firstScreen.length).toBeGreaterThan(1);
    expect(Math.round(firstScreenKiB)).toBeLessThanOrEqual(budget.firstScreenGzipKiB);
    expect(Math.round(totalKiB)).toBeLessThanOrEqual(budget.totalGzipKiB);
  });
});
