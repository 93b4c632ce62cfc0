// Sums the per-spec figures the reliability specs wrote to reports/reliability/*.json and prints
// the one summary line (run by `npm run test:reliability` after jest, whatever jest's outcome).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const dir = join(process.cwd(), 'reports', 'reliability');
const specs = existsSync(dir)
  ? readdirSync(dir)
      .filter((name) => name.endsWith('.json') && name !== 'summary.json')
      .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')))
  : [];
const sum = (field) => specs.reduce((total, spec) => total + (Number(spec[field]) || 0), 0);
const totals = {
  faults: sum('faults'),
  acknowledged: sum('acknowledged'),
  lost: sum('lost'),
  duplicates: sum('duplicates'),
  fuzz: sum('fuzz'),
  server_errors: sum('serverErrors'),
};
if (specs.length > 0)
  writeFileSync(
    join(dir, 'summary.json'),
    `${JSON.stringify({ ...totals, specs: specs.map((spec) => spec.spec) }, null, 2)}\n`,
  );
process.stdout.write(
  `reliability: ${Object.entries(totals)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ')} (specs reporting: ${specs.map((spec) => spec.spec).join(', ') || 'none'})\n`,
);
