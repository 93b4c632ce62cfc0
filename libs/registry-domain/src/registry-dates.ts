/** A calendar date, `YYYY-MM-DD`, in China Standard Time. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (2024-02-30 is refused). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** True for an ISO-8601 timestamp with an explicit offset or `Z` (what `metadata.now` must be). */
export function isIsoTimestamp(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(new Date(value).getTime())
  );
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar date in China (UTC+8, no daylight saving) of an ISO timestamp. */
export function chinaDateOf(timestamp: string): IsoDate {
  return new Date(new Date(timestamp).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
