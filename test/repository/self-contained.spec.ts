import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';

/**
 * The repository stands alone: the design notes users need live in docs/ (domain.md, api.md,
 * architecture.md, toolchain.md), and nothing points at a folder beside the repository or names one
 * of those notes without its docs/ path.
 */
const OUTSIDE =
  /\.\.\/shared\/(law\/|seed\/|[\w-]+\.md)|\/work\/shared|(?<![\w/.-])shared\/(api|domain|architecture|toolchain|style)\.md/;
const BARE_NOTE = /(?<![\w/.[(-])(domain|api|architecture|toolchain)\.md/;

describe('the repository', () => {
  it('names no document outside it, and the design notes only by their docs/ path', () => {
    const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' })
      .split('\n')
      .filter(
        (file) =>
          /\.(ts|js|cjs|mjs|md|json)$/.test(file) &&
          !file.startsWith('docs/') &&
          file !== 'package-lock.json' &&
          file !== 'test/repository/self-contained.spec.ts',
      );
    const offenders: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (OUTSIDE.test(line) || BARE_NOTE.test(line))
            offenders.push(`${file}:${index + 1}: ${line.trim().slice(0, 120)}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
