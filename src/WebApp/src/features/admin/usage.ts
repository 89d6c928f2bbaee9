import type { UsageDay } from "../../api/types";

// Usage days are UTC calendar days written YYYY-MM-DD (as the server reports them), so all date arithmetic
// here is on UTC dates: a browser west of Greenwich must not shift the range by a day.

/** The server's default and the page's: the 30 days ending today (UTC). */
export const DEFAULT_DAYS = 30;
/** The longest range the server reports; filling more days than this would only draw a refusal. */
export const MAX_DAYS = 366;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function toIsoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return toIsoDay(date);
}

export function isIsoDay(value: string): boolean {
  return ISO_DAY.test(value) && !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime());
}

/** `from` and `to` (both inclusive) for the last `days` days ending on `now`'s UTC day. */
export function defaultRange(now: Date, days = DEFAULT_DAYS): { from: string; to: string } {
  const to = toIsoDay(now);
  return { from: addDays(to, 1 - days), to };
}

/**
 * The days a request covers, as the server resolves them: an empty `to` is today (UTC), an empty `from` the
 * 30 days ending at `to`. The chart needs them to lay out the days the server did not list.
 */
export function effectiveRange(from: string, to: string, now: Date): { from: string; to: string } {
  const end = to || toIsoDay(now);
  return { from: from || addDays(end, 1 - DEFAULT_DAYS), to: end };
}

/**
 * Every day of the range, in order, with zeros where the server listed nothing (it lists only days with usage):
 * a chart with gaps closed up would misread as steady use. Null when the range is empty, reversed or too long.
 */
export function fillDays(data: UsageDay[], from: string, to: string): UsageDay[] | null {
  if (!isIsoDay(from) || !isIsoDay(to) || from > to) return null;
  const byDay = new Map(data.map((d) => [d.day, d]));
  const days: UsageDay[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (days.length >= MAX_DAYS) return null;
    days.push(byDay.get(day) ?? { day, answers: 0, credits: 0, input_tokens: 0, output_tokens: 0 });
  }
  return days;
}

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value`: an axis that ends on a round number. At least 1. */
export function niceCeiling(value: number): number {
  if (!(value > 1)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

export interface Bar {
  day: string;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartLayout {
  bars: Bar[];
  /** The axis maximum; ticks at 0, half and full. */
  max: number;
  ticks: number[];
  /** Indexes of days that get a date label, spaced so labels do not overlap. */
  labelled: number[];
}

/**
 * Bars for a plot area `width` × `height` (SVG coordinates, y down): each day an equal slot, the bar filling
 * most of it, heights proportional to the axis maximum. A day with some credits keeps at least one unit of
 * height so it never looks the same as a day with none.
 */
export function layoutBars(days: { day: string; value: number }[], width: number, height: number, minLabelGap = 72): ChartLayout {
  const largest = days.reduce((m, d) => Math.max(m, d.value), 0);
  const max = niceCeiling(largest);
  const slot = days.length > 0 ? width / days.length : width;
  const gap = slot > 6 ? Math.min(slot * 0.2, 8) : 0;
  const bars = days.map((d, i) => {
    const h = d.value > 0 ? Math.max(1, (d.value / max) * height) : 0;
    return { day: d.day, value: d.value, x: i * slot + gap / 2, y: height - h, width: Math.max(slot - gap, 0.5), height: h };
  });
  const every = Math.max(1, Math.ceil(minLabelGap / slot));
  const labelled: number[] = [];
  for (let i = 0; i < days.length; i += every) labelled.push(i);
  const last = days.length - 1;
  if (last > 0 && !labelled.includes(last)) {
    // The last day matters most (it is "today" by default): it replaces a label too close to it.
    if (last - labelled[labelled.length - 1]! < every) labelled.pop();
    labelled.push(last);
  }
  return { bars, max, ticks: max % 2 === 0 ? [0, max / 2, max] : [0, max], labelled };
}

/** What the chart shows, in words, for its aria-label. */
export function describeChart(days: UsageDay[], total: number): string {
  if (days.length === 0) return "Credits by day: no days to show.";
  const first = days[0]!.day;
  const last = days[days.length - 1]!.day;
  const used = days.filter((d) => d.credits > 0);
  if (used.length === 0) return `Credits by day from ${first} to ${last}: no credits were used.`;
  const peak = used.reduce((a, b) => (b.credits > a.credits ? b : a));
  return (
    `Credits by day from ${first} to ${last}: ${total} credits in all, used on ${used.length} of ${days.length} days; ` +
    `the most was ${peak.credits} on ${peak.day}.`
  );
}
