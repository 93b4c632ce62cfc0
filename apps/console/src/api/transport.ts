/**
 * The session's token as the API client sends it, and what a 401 does (api/client.ts).
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

export function signalUnauthenticated(): void {
  onUnauthenticated();
}
