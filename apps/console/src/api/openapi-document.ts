import type { OpenApiDocument } from '../forms/openapi-schema';
import { ApiProblem, NETWORK_FAILURE, problemFromResponse } from './problem';

let loading: Promise<OpenApiDocument> | undefined;

/**
 * The OpenAPI document the API serves (/docs-json, public), fetched once when a screen first needs
 * a generated form: the action forms follow the running API, not a copy bundled with the console.
 */
export function openApiDocument(): Promise<OpenApiDocument> {
  loading ??= fetch('/docs-json', { headers: { accept: 'application/json' } }).then(
    async (response) => {
      if (!response.ok)
        throw problemFromResponse(
          response.status,
          response.headers.get('content-type'),
          await response.text(),
        );
      return (await response.json()) as OpenApiDocument;
    },
    (error: Error) => {
      throw new ApiProblem(0, NETWORK_FAILURE, error.message);
    },
  );
  loading.catch(() => (loading = undefined));
  return loading;
}
