import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './api-schema.generated.js';

export type { components, operations, paths };

/** Every named schema of the API (request DTOs, views, problem answers), e.g. `ApiSchemas['ProblemDto']`. */
export type ApiSchemas = components['schemas'];

/** A typed client of the gridcase HTTP API: `client.GET('/api/v1/cases/{caseId}', { params: { path: { caseId } } })`. */
export type ApiClient = Client<paths>;

export interface ApiClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Where the API listens, without `/api/v1` (paths carry it), e.g. `http://localhost:3000`. */
  baseUrl: string;
  /**
   * The Bearer access token sent on every request that has no Authorization header of its own;
   * a function is asked before each request (so a refreshed token is picked up).
   */
  accessToken?: string | (() => string | undefined);
}

/**
 * A client of the API generated from its OpenAPI document (openapi-fetch over the types that
 * `npm run api:client` writes): paths, parameters, bodies and answers are checked by the compiler.
 */
export function createApiClient({ accessToken, ...options }: ApiClientOptions): ApiClient {
  const client = createClient<paths>(options);
  if (accessToken !== undefined) client.use(bearerToken(accessToken));
  return client;
}

function bearerToken(accessToken: string | (() => string | undefined)): Middleware {
  return {
    onRequest({ request }) {
      const token = typeof accessToken === 'function' ? accessToken() : accessToken;
      if (token !== undefined && !request.headers.has('authorization'))
        request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  };
}
