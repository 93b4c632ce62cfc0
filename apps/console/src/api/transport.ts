import { ApiProblem, NETWORK_FAILURE, problemFromResponse } from './problem';

/**
 * The one door to the API: same origin (the API serves the console), the access token on every
 * call, problem+json turned into ApiProblem, and a 401 handed to the session (login, then back).
 *
 * The token lives in memory and in sessionStorage only (docs/adr/0033): it survives a reload of the
 * tab and dies with it; nothing is ever written to localStorage.
 */
const TOKEN_KEY = 'gridcase.console.accessToken';
let accessToken: string | null = readStoredToken();
let onUnauthenticated: () => void = () => undefined;

function readStoredToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function currentToken(): string | null {
  return accessToken;
}

export function setToken(token: string | null): void {
  accessToken = token;
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage refused (private mode): the token stays in memory for this page's life
  }
}

/** The session registers what a 401 does (forget the token, go to the login page and come back). */
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

export type QueryValue = string | number | boolean | undefined | null | ReadonlyArray<string>;

export function withQuery(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(name, item);
    else params.append(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface ApiAnswer<T> {
  data: T;
  etag: string | null;
  status: number;
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Login itself must not bounce to the login page on its own 401. */
  anonymous?: boolean;
  signal?: AbortSignal;
}

/** fetch with the token; throws ApiProblem for any answer that is not 2xx. */
export async function apiFetch(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (!options.anonymous && accessToken) headers.authorization = `Bearer ${accessToken}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), { method, headers, body, signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiProblem(0, NETWORK_FAILURE, (error as Error).message);
  }
  if (response.ok) return response;
  const problem = problemFromResponse(
    response.status,
    response.headers.get('content-type'),
    await response.text(),
  );
  if (response.status === 401 && !options.anonymous) {
    setToken(null);
    onUnauthenticated();
  }
  throw problem;
}

/** A JSON call: the parsed body and the ETag (a case's revision). */
export async function apiJson<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiAnswer<T>> {
  const response = await apiFetch(method, path, options);
  const text = await response.text();
  return {
    data: (text ? JSON.parse(text) : undefined) as T,
    etag: response.headers.get('etag'),
    status: response.status,
  };
}
