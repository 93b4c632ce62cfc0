/** Dates as people in China read them: CST (UTC+8), whatever the browser's zone. */
const CST_OFFSET_MS = 8 * 3_600_000;

export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const cst = new Date(time + CST_OFFSET_MS).toISOString();
  return `${cst.slice(0, 10)} ${cst.slice(11, 16)}`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Date(time + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Integer fen (分) as yuan with two decimals. */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}

/** Today's date in CST, YYYY-MM-DD (the API's `asOf` date means the end of that day in CST). */
export function todayInCst(now = Date.now()): string {
  return new Date(now + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function shortId(id: string | null | undefined): string {
  return id ? id.slice(0, 8) : '—';
}
