import base from './jest.config.js';

// The console's browser suite (`npm run test:console`): Playwright drives Debian's Chromium through
// the built console served by the real API. Kept out of `npm test` like the reliability suite: it
// needs the chromium package and the console build; .ci/run installs and builds both, then sums its
// JSON report into the final `tests:` line.
/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/test/console/**/*.browser-spec.ts'],
  testTimeout: 180000,
  maxWorkers: 1,
};
