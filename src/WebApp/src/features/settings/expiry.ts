/**
 * The instant an "Expires" date means: the key works through the whole chosen day wherever its holder is, so the
 * day ends at 23:59:59 UTC (the hint beside the field says so). Empty means "never" (null).
 */
export function expiryFromDate(day: string): string | null {
  const trimmed = day.trim();
  if (!trimmed) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) throw new RangeError(`Not a date: ${day}`);
  const end = new Date(`${trimmed}T23:59:59Z`);
  if (Number.isNaN(end.getTime())) throw new RangeError(`Not a date: ${day}`);
  return end.toISOString();
}

/** Today's date as the date input writes it (yyyy-mm-dd, the person's own calendar): the earliest expiry offered. */
export function todayForDateInput(now: Date = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, "0");
  const day = String(now.getDate()).padStart(2, "0");
  return `${now.getFullYear()}-${month}-${day}`;
}
