import { createApiClient, type ApiClient } from '#api-client';
import { ApiProblem, NETWORK_FAILURE, problemFromResponse } from './problem';
import { currentToken, setToken, signalUnauthenticated } from './transport';

/**
 * The client generated from the API's OpenAPI document (libs/api-client, ADR 0028), on this origin,
 * with the session's token. Every screen calls the API through it.
 */
export const api: ApiClient = createApiClient({
  baseUrl: '',
  accessToken: () => currentToken() ?? undefined,
});

api.use({
  onResponse({ request, response }) {
    // A 401 on anything but the login itself: the session is over (login page, then back).
    if (response.status === 401 && !new URL(request.url).pathname.endsWith('/auth/login')) {
      setToken(null);
      signalUnauthenticated();
    }
    return response;
  },
});

export interface Answer<T> {
  data: T;
  etag: string | null;
}

/**
 * Awaits a call of the generated client: the body (typed by the caller where the document does not
 * declare the answer yet), its ETag, or an ApiProblem in plain words.
 */
export async function call<T>(
  pending: Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<Answer<T>> {
  let result: { data?: unknown; error?: unknown; response: Response };
  try {
    result = await pending;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiProblem(0, NETWORK_FAILURE, (error as Error).message);
  }
  const { response } = result;
  if (!response.ok) {
    const error = result.error;
    throw problemFromResponse(
      response.status,
      'application/problem+json',
      typeof error === 'string' ? error : JSON.stringify(error ?? {}),
    );
  }
  return { data: result.data as T, etag: response.headers.get('etag') };
}

/** The revision an ETag carries (`"7"` → 7), for If-Match on the next command. */
export function revisionOf(etag: string | null): number | undefined {
  const match = etag ? /^(?:W\/)?"(\d+)"$/.exec(etag) : null;
  return match ? Number(match[1]) : undefined;
}
