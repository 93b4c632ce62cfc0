// `npm run lint` (and CI): fails when production code repeats itself in more places than the ceiling.
// jscpd (.jscpd.json: apps/ and libs/ without specs, testing/ helpers and generated files) counts the
// pairs of places that share a run of 6 or more lines of 25 or more tokens. Lower MAX_CLONES as
// repetition is removed; never raise it to let new repetition in: call the piece that exists instead.
// `npm run duplicates` lists the pairs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const MAX_CLONES = 152;

const root = process.cwd();
const output = join(root, 'reports', 'jscpd');
const run = spawnSync(
  join(root, 'node_modules', '.bin', 'jscpd'),
  ['--silent', '--reporters', 'json', '--output', output],
  {
    stdio: 'inherit',
  },
);
if (run.status !== 0) process.exit(run.status ?? 1);
const clones = JSON.parse(readFileSync(join(output, 'jscpd-report.json'), 'utf8')).duplicates.length;
if (clones > MAX_CLONES) {
  process.stderr.write(
    `duplicates: ${clones} repeated runs of code between production files, more than the ceiling of ${MAX_CLONES}; ` +
      'see them with `npm run duplicates` and call the existing piece instead of writing it again\n',
  );
  process.exit(1);
}
process.stdout.write(
  `duplicates: ${clones} repeated runs of code between production files (ceiling ${MAX_CLONES})\n`,
);
