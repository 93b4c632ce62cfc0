import { describe, expect, it } from '@jest/globals';
import { homeFor, menuFor } from './role-menu';

describe('each role sees the screens of its day', () => {
  it('starts the centre operator at intake and offers the boards and lists', () => {
    const paths = menuFor(['centre_operator']).map((entry) => entry.path);
    expect(paths.slice(0, 1)).toEqual(['/intake']);
    expect(paths).toEqual(expect.arrayContaining(['/cases', '/escalations', '/overdue']));
    expect(homeFor(['centre_operator'])).toBe('/intake');
  });

  it('gives the grid worker its cases and the report form, no administration', () => {
    const paths = menuFor(['grid_worker']).map((entry) => entry.path);
    expect(paths).toEqual(expect.arrayContaining(['/report', '/cases']));
    expect(paths).not.toContain('/admin/accounts');
    expect(paths).not.toContain('/intake');
  });

  it('starts squad officers on their enforcement cases, analysts on dashboards, administrators on accounts', () => {
    expect(homeFor(['squad_officer'])).toBe('/enforcement');
    expect(homeFor(['analyst'])).toBe('/dashboards');
    expect(homeFor(['administrator'])).toBe('/admin/accounts');
    expect(menuFor(['analyst']).map((entry) => entry.path)).toContain('/replay');
  });

  it('offers a district department no case screen', () => {
    expect(menuFor(['district_department'])).toEqual([]);
  });
});
