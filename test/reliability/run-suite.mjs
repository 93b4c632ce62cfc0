// `npm run test:reliability [-- <jest args>]`: runs the reliability specs in one jest process
// (in band: they start child processes and a PostgreSQL cluster of their own), writes jest's JSON
// report to reports/jest-reliability.json (CI sums it with reports/jest.json), then prints the
// summary line from the per-spec figures, and exits with jest's status.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const root = process.cwd();
rmSync(join(root, 'reports', 'reliability'), { recursive: true, force: true });
const jest = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--testMatch',
    '<rootDir>/test/reliability/**/*.reliability-spec.ts',
    '--runInBand',
    '--json',
    `--outputFile=${join(root, 'reports', 'jest-reliability.json')}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
const summary = spawnSync(process.execPath, [join(root, 'test', 'reliability', 'print-summary.mjs')], {
  stdio: 'inherit',
});
const jestStatus = jest.status ?? 1;
process.exit(jestStatus !== 0 ? jestStatus : (summary.status ?? 1));
