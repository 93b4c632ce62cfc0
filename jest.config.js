import { readFileSync } from 'node:fs';

// Jest runs TypeScript as native ESM (Nest 12 is ESM-only; see shared/toolchain.md).
// Three kinds of spec, told apart by suffix: *.spec.ts (pure, fast), *.int-spec.ts (real
// PostgreSQL / PGlite), *.e2e-spec.ts (HTTP against a booted app).
const libs = Object.keys(JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).imports)
  .filter((key) => !key.endsWith('/testing'))
  .map((key) => key.slice(1));
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };
for (const lib of libs) {
  moduleNameMapper[`^#${lib}$`] = `<rootDir>/libs/${lib}/src/index.ts`;
  moduleNameMapper[`^#${lib}/testing$`] = `<rootDir>/libs/${lib}/src/testing/index.ts`;
}

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleNameMapper,
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.{spec,int-spec,e2e-spec}.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 60000,
  maxWorkers: 2,
  // A safety net so CI can never hang on a stray handle; specs still close what they open.
  forceExit: true,
};
