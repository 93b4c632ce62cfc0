import { readFileSync, writeFileSync } from 'node:fs';
import { API_CLIENT_FILES, apiClientSourcesOf, currentOpenApiDocument } from './api-client-generator.js';

/** `npm run api:client`: regenerates libs/api-client from the controllers and DTOs of apps/api. */
async function main(): Promise<void> {
  const sources = await apiClientSourcesOf(await currentOpenApiDocument());
  for (const [name, path] of Object.entries(API_CLIENT_FILES)) {
    const next = sources[name as keyof typeof API_CLIENT_FILES];
    let current: string | undefined;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === next) {
      process.stdout.write(`api:client: ${path} unchanged\n`);
    } else {
      writeFileSync(path, next);
      process.stdout.write(`api:client: wrote ${path}\n`);
    }
  }
}

main().catch((error) => {
  process.stderr.write(`api:client failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
