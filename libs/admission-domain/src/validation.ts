import { isInstant, isLocalDate } from '#domain-kernel';

export interface ProblemCollector {
  text(value: unknown, field: string): value is string;
  optionalText(value: unknown, field: string): void;
  date(value: unknown, field: string): void;
  instant(value: unknown, field: string): void;
  oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): value is T;
  wholeNumber(value: unknown, field: string, min: number): void;
  add(problem: string): void;
  /** Throws the error built by `fail` when anything was found. */
  done(fail: (problems: readonly string[]) => Error): void;
}

/** Collects every problem of a command before refusing it, so a caller learns all of them at once. */
export function collectProblems(): ProblemCollector {
  const found: string[] = [];
  const text = (value: unknown, field: string): value is string => {
    if (typeof value === 'string' && value.trim() !== '') return true;
    found.push(`${field} must be a non-empty string`);
    return false;
  };
  return {
    text,
    optionalText: (value, field) => {
      if (value !== undefined) text(value, field);
    },
    date: (value, field) => {
      if (!isLocalDate(value)) found.push(`${field} must be a YYYY-MM-DD date`);
    },
    instant: (value, field) => {
      if (!isInstant(value)) found.push(`${field} must be an ISO-8601 instant with an offset`);
    },
    oneOf: <T extends string>(value: unknown, allowed: readonly T[], field: string): value is T => {
      if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
      found.push(`${field} must be one of ${allowed.join(', ')}`);
      return false;
    },
    wholeNumber: (value, field, min) => {
      if (!Number.isSafeInteger(value) || (value as number) < min)
        found.push(`${field} must be a whole number ≥ ${min}`);
    },
    add: (problem) => {
      found.push(problem);
    },
    done: (fail) => {
      if (found.length > 0) throw fail(found);
    },
  };
}

/** Titles compare without whitespace (half- or full-width), so `社区 安全` matches `社区安全`. */
export const normaliseTitle = (title: string): string => title.replace(/[\s\u3000]+/g, '');
