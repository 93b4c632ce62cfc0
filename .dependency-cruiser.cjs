/**
 * Layer rules that keep gridcase changeable (docs/architecture.md). CI fails on any violation.
 */
const DOMAIN_LIBS = '^libs/(domain-kernel|[a-z-]+-domain)/';

module.exports = {
  forbidden: [
    {
      name: 'domain-imports-no-infrastructure',
      comment:
        'Domain libs are pure: no NestJS, TypeORM, pg, PGlite, EventStoreDB client or class-validator. They may use each other, node built-ins and small pure packages (e.g. chinese-days, uuid).',
      severity: 'error',
      from: { path: DOMAIN_LIBS, pathNot: '\\.(spec|int-spec|e2e-spec)\\.ts$' },
      to: {
        path: [
          'node_modules/@nestjs/',
          'node_modules/typeorm/',
          'node_modules/pg/',
          'node_modules/pg-',
          'node_modules/@electric-sql/',
          'node_modules/@eventstore/',
          'node_modules/class-validator/',
          'node_modules/class-transformer/',
          'node_modules/express/',
        ],
      },
    },
    {
      name: 'domain-imports-only-domain-libs',
      comment: 'A domain lib may import other domain libs, never infrastructure libs or apps.',
      severity: 'error',
      from: { path: DOMAIN_LIBS, pathNot: '\\.(spec|int-spec|e2e-spec)\\.ts$' },
      to: { path: '^(apps|libs)/', pathNot: DOMAIN_LIBS },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'event-store-knows-nothing-of-cases',
      severity: 'error',
      from: { path: '^libs/event-store/', pathNot: '\\.(spec|int-spec|e2e-spec)\\.ts$|/testing/' },
      to: {
        path: '^libs/(case-domain|registry-domain|admission-domain|projections|escalation|command-pipeline)/',
      },
    },
    {
      name: 'log-consumers-use-only-the-framework',
      comment:
        'A lib that follows the log (escalation) runs on the log-consumer framework (#projections/framework, docs/adr/0012); it never reaches into the read models.',
      severity: 'error',
      from: { path: '^libs/escalation/', pathNot: '\\.(spec|int-spec|e2e-spec)\\.ts$' },
      to: { path: '^libs/projections/', pathNot: '^libs/projections/src/framework/' },
    },
    {
      name: 'framework-knows-no-read-model',
      comment:
        'The log-consumer framework serves every consumer; read models depend on it, never the reverse.',
      severity: 'error',
      from: { path: '^libs/projections/src/framework/', pathNot: '\\.(spec|int-spec|e2e-spec)\\.ts$' },
      to: { path: '^libs/projections/src/(?!framework/)' },
    },
    {
      name: 'blob-store-knows-nothing-of-cases',
      comment:
        'The blob store keeps opaque bytes under keys; cases, encryption and attachments are its callers.',
      severity: 'error',
      from: { path: '^libs/blob-store/' },
      to: { path: '^libs/(?!blob-store/)' },
    },
    {
      name: 'console-uses-only-the-http-api',
      comment:
        'The operator console (apps/console) talks to the system through the public HTTP API only (docs/adr/0032): it imports no app or lib of the server, only the client generated from the OpenAPI document (libs/api-client).',
      severity: 'error',
      from: { path: '^apps/console/' },
      to: { path: '^(apps/(?!console/)|libs/(?!api-client/))' },
    },
    {
      name: 'no-app-imports-another-app',
      comment:
        'Apps depend on libs only. What two apps share (wiring, migrations, background services, seed, configuration) lives in libs/runtime.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-orphans',
      comment:
        'A module nothing imports is dead code, unless it is an entry point (main, CLI, spec) or a declaration file.',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '\\.d\\.ts$',
          '\\.(spec|int-spec|e2e-spec|reliability-spec)\\.ts$',
          '(^|/)[a-z-]+\\.main\\.ts$',
          '^apps/[a-z-]+/src/main\\.ts$',
        ],
      },
      to: {},
    },
    {
      name: 'no-undeclared-packages',
      comment:
        "Every package imported is declared in package.json (a package that arrives only as another one's dependency can vanish with it).",
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'production-code-uses-no-dev-packages',
      comment:
        'The server runs with production dependencies only. The console is exempt: Vite bundles it (and its packages) at build time.',
      severity: 'error',
      from: {
        path: '^(apps|libs)/',
        pathNot: ['\\.(spec|int-spec|e2e-spec)\\.ts$', '/testing/', '^apps/[a-z-]+/tools/', '^apps/console/'],
      },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-unresolvable-imports',
      severity: 'error',
      from: { pathNot: '\\.d\\.ts$' },
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'require', 'node', 'default'],
      mainFields: ['module', 'main', 'types'],
    },
    exclude: { path: ['^dist/'] },
  },
};
