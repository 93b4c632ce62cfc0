import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The operator console (docs/adr/0032). Built into dist/console, which the API serves at /console
 * (same origin: the console calls /api/v1 with no CORS). JSX is compiled by Vite's own transform
 * (tsconfig "jsx": "react-jsx"); no React plugin is needed for a production build.
 */
export default defineConfig({
  root,
  base: '/console/',
  publicDir: false,
  // `#api-client` (package.json "imports") resolves to the generated client's TypeScript source.
  resolve: { conditions: ['source', 'browser', 'module', 'import', 'default'] },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // The bundle budget (test/console/bundle-budget.browser-spec.ts) reads the manifest.
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // antd marks its modules "use client" for React Server Components; a browser bundle ignores it.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
      output: {
        // Libraries change less often than screens: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // `npm run console:dev`: the API on :3000 answers /api and /docs-json.
    proxy: { '/api': 'http://localhost:3000', '/docs-json': 'http://localhost:3000' },
  },
});
