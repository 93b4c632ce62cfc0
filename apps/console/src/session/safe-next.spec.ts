import { describe, expect, it } from '@jest/globals';
import { safeNext } from './safe-next';

describe('after the login page, back to where the 401 happened', () => {
  it('goes back to a console path with its query', () => {
    expect(safeNext('/cases/0b7c?tab=timeline')).toBe('/cases/0b7c?tab=timeline');
  });

  it('never leaves the console (other sites, protocol-relative or backslash tricks) nor loops on the login page', () => {
    for (const next of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'cases',
      '/login?next=/x',
      null,
      '',
    ])
      expect(safeNext(next)).toBeNull();
  });
});
