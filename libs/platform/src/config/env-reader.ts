/**
 * Typed readers over environment variables that collect every problem instead of stopping at the
 * first, so a bad start-up names all offending variables at once.
 */
export interface EnvReader {
  integer(name: string, fallback: number, min: number, max: number): number;
  flag(name: string, fallback: boolean): boolean;
  readonly problems: string[];
}

export function envReader(env: Record<string, string | undefined>, problems: string[] = []): EnvReader {
  return {
    problems,
    integer(name, fallback, min, max) {
      const raw = env[name];
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw);
      if (!Number.isInteger(value) || value < min || value > max) {
        problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
        return fallback;
      }
      return value;
    },
    flag(name, fallback) {
      const raw = env[name];
      if (raw === undefined || raw === '') return fallback;
      if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
      if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
      problems.push(`${name} must be true or false, got ${JSON.stringify(raw)}`);
      return fallback;
    },
  };
}
