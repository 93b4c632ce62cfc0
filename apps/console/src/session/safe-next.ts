/** Where the login page's `?next=` may send the user back to: a path of the console, never another site. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  return next.startsWith('/login') ? null : next;
}
