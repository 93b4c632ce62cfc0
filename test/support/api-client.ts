import { createApiClient, type ApiClient } from '#api-client';
import { defaultToken, type TestUser } from './test-app.js';

/**
 * The generated typed client (libs/api-client) against a test app. As `http()`, it sends the app's
 * default token for the route (administrator for registry/account/projection commands, the centre
 * operator otherwise) unless a user or token is named, or `false` for none.
 */
export function apiClient(baseUrl: string, as?: TestUser | string | false): ApiClient {
  if (as !== undefined) {
    const token = as === false ? undefined : typeof as === 'string' ? as : as.token;
    return createApiClient({ baseUrl, accessToken: () => token });
  }
  const client = createApiClient({ baseUrl });
  client.use({
    onRequest({ request }) {
      const url = new URL(request.url);
      const token = defaultToken(baseUrl, request.method, url.pathname + url.search);
      if (token && !request.headers.has('authorization'))
        request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  });
  return client;
}
