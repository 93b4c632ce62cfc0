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

/** Bytes in words a person reads (1.2 MB, 34 KB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A `datetime-local` value read as China Standard Time (as every instant is shown), as an ISO instant. */
export function instantOfCst(local: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)) return undefined;
  const date = new Date(`${local.length === 16 ? `${local}:00` : local}+08:00`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
