import { readFileSync } from 'node:fs';

// Jest runs TypeScript as native ESM (Nest 12 is ESM-only; see docs/toolchain.md).
// Three kinds of spec, told apart by suffix: *.spec.ts (pure, fast), *.int-spec.ts (real
// PostgreSQL / PGlite), *.e2e-spec.ts (HTTP against a booted app).

// Every `#lib` and `#lib/testing` import the package declares, mapped to its TypeScript source.
const imports = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).imports;
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };
for (const [name, target] of Object.entries(imports)) {
  moduleNameMapper[`^${name}$`] = `<rootDir>/${target.source.replace(/^\.\//, '')}`;
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
