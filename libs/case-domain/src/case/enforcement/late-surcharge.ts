import { daysBetween, isLocalDate, type LocalDate } from '#domain-kernel';

/** 行政处罚法 Art. 72 (1): 3 % of the fine a day. */
export const LATE_SURCHARGE_PERCENT_PER_DAY = 3;

/** Days past `dueDate` (the last day to pay) on `paidOn`; 0 when paid on time. */
export function lateDays(dueDate: LocalDate, paidOn: LocalDate): number {
  return Math.max(0, daysBetween(dueDate, paidOn));
}

/**
 * The late-payment surcharge (加处罚款) in fen: 3 % of the fine for each day after `dueDate` up to
 * and including `paidOn` (行政处罚法 Art. 72 (1)), never more than the fine itself (同条; 行政强制法
 * Art. 45). Integer arithmetic only; a fraction of a fen is dropped (the surcharge may not exceed
 * what the law allows). `dueDate` is the payment period's last day after any move past a holiday.
 */
export function lateSurchargeFen(fineFen: number, dueDate: LocalDate, paidOn: LocalDate): number {
  if (!Number.isSafeInteger(fineFen) || fineFen < 0)
    throw new RangeError(`fineFen must be a whole number of fen ≥ 0, got ${fineFen}`);
  if (!isLocalDate(dueDate) || !isLocalDate(paidOn))
    throw new RangeError('dueDate and paidOn must be YYYY-MM-DD dates');
  const days = lateDays(dueDate, paidOn);
  // From day 34 (3 % × 34 = 102 %) the cap applies; stopping there keeps the product a safe integer.
  const cappedDays = Math.min(days, Math.ceil(100 / LATE_SURCHARGE_PERCENT_PER_DAY));
  const hundredths = fineFen * LATE_SURCHARGE_PERCENT_PER_DAY * cappedDays;
  if (!Number.isSafeInteger(hundredths))
    throw new RangeError(`fineFen ${fineFen} is too large to compute exactly`);
  // Exact integer division: subtract the remainder first, so no fraction ever reaches a double.
  const surcharge = (hundredths - (hundredths % 100)) / 100;
  return Math.min(surcharge, fineFen);
}
