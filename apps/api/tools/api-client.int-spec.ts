import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { API_CLIENT_FILES, apiClientSourcesOf, currentOpenApiDocument } from './api-client-generator.js';

/** The first line where two texts differ, with both versions, or undefined when they are equal. */
function firstDifference(committed: string, generated: string): string | undefined {
  if (committed === generated) return undefined;
  const a = committed.split('\n');
  const b = generated.split('\n');
  const line = a.findIndex((text, index) => text !== b[index]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at])}, generated ${JSON.stringify(b[at])}`;
}

describe('libs/api-client', () => {
  it('is what the current controllers and DTOs generate (run `npm run api:client` and commit the result)', async () => {
    const generated = await apiClientSourcesOf(await currentOpenApiDocument());
    for (const name of Object.keys(API_CLIENT_FILES) as (keyof typeof API_CLIENT_FILES)[]) {
      const committed = readFileSync(API_CLIENT_FILES[name], 'utf8');
      expect({
        file: API_CLIENT_FILES[name],
        difference: firstDifference(committed, generated[name]),
      }).toEqual({
        file: API_CLIENT_FILES[name],
        difference: undefined,
      });
    }
  });
});
