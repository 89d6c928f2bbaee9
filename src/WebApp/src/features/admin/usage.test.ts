import { describe, expect, it } from "vitest";
import { addDays, defaultRange, describeChart, effectiveRange, fillDays, layoutBars, niceCeiling } from "./usage";
import type { UsageDay } from "../../api/types";

const day = (d: string, credits: number): UsageDay => ({ day: d, answers: 1, credits, input_tokens: 10, output_tokens: 5 });

describe("date defaults", () => {
  it("covers the 30 UTC days ending today", () => {
    expect(defaultRange(new Date("2026-12-04T21:30:00Z"))).toEqual({ from: "2026-11-05", to: "2026-12-04" });
  });

  it("uses the UTC day even when local time has already moved on", () => {
    // 23:30 at UTC-05:00 is 04:30 the next day in UTC: the server's day is the UTC one.
    expect(defaultRange(new Date("2026-03-01T04:30:00Z")).to).toBe("2026-03-01");
    expect(defaultRange(new Date("2026-03-01T04:30:00Z")).from).toBe("2026-01-31");
  });

  it("fills a cleared date the way the server does", () => {
    const now = new Date("2026-12-04T12:00:00Z");
    expect(effectiveRange("", "", now)).toEqual({ from: "2026-11-05", to: "2026-12-04" });
    expect(effectiveRange("", "2026-06-30", now)).toEqual({ from: "2026-06-01", to: "2026-06-30" });
    expect(effectiveRange("2026-01-01", "", now)).toEqual({ from: "2026-01-01", to: "2026-12-04" });
  });

  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("fillDays", () => {
  it("puts zero days between the days the server listed", () => {
    const filled = fillDays([day("2026-12-01", 4), day("2026-12-03", 7)], "2026-11-30", "2026-12-04")!;
    expect(filled.map((d) => [d.day, d.credits])).toEqual([
      ["2026-11-30", 0],
      ["2026-12-01", 4],
      ["2026-12-02", 0],
      ["2026-12-03", 7],
      ["2026-12-04", 0],
    ]);
  });

  it("refuses a reversed, malformed or over-long range", () => {
    expect(fillDays([], "2026-12-05", "2026-12-04")).toBeNull();
    expect(fillDays([], "2026-13-01", "2026-12-04")).toBeNull();
    expect(fillDays([], "", "2026-12-04")).toBeNull();
    expect(fillDays([], "2025-01-01", "2026-12-04")).toBeNull();
    expect(fillDays([], "2025-12-04", "2026-12-04")).toHaveLength(366);
  });
});

describe("chart scaling", () => {
  it("rounds the axis up to 1, 2 or 5 times a power of ten", () => {
    expect([0, 0.4, 1, 3, 7, 10, 11, 40, 99, 101, 2500].map(niceCeiling)).toEqual([1, 1, 1, 5, 10, 10, 20, 50, 100, 200, 5000]);
  });

  it("draws heights proportional to the axis and bars side by side", () => {
    const layout = layoutBars(
      [
        { day: "a", value: 0 },
        { day: "b", value: 50 },
        { day: "c", value: 80 },
        { day: "d", value: 100 },
      ],
      400,
      200,
    );
    expect(layout.max).toBe(100);
    expect(layout.ticks).toEqual([0, 50, 100]);
    expect(layout.bars.map((b) => b.height)).toEqual([0, 100, 160, 200]);
    expect(layout.bars.map((b) => b.y)).toEqual([200, 100, 40, 0]);
    expect(layout.bars.map((b) => b.x)).toEqual([4, 104, 204, 304]);
    expect(layout.bars[0]!.width).toBe(92);
  });

  it("keeps a tiny day visible next to a huge one", () => {
    const layout = layoutBars([{ day: "a", value: 1 }, { day: "b", value: 100000 }], 100, 100);
    expect(layout.bars[0]!.height).toBe(1);
  });

  it("labels days far enough apart and always labels the last day", () => {
    const days = Array.from({ length: 30 }, (_, i) => ({ day: String(i), value: i }));
    const wide = layoutBars(days, 1200, 100).labelled;
    expect(wide[0]).toBe(0);
    expect(wide[wide.length - 1]).toBe(29);
    const narrow = layoutBars(days, 300, 100).labelled;
    expect(narrow.length).toBeLessThanOrEqual(5);
    expect(narrow[narrow.length - 1]).toBe(29);
    for (let i = 1; i < narrow.length; i++) expect((narrow[i]! - narrow[i - 1]!) * 10).toBeGreaterThanOrEqual(72);
  });
});

describe("describeChart", () => {
  it("names the range, the total and the busiest day", () => {
    const days = fillDays([day("2026-12-02", 3), day("2026-12-03", 9)], "2026-12-01", "2026-12-04")!;
    expect(describeChart(days, 12)).toBe(
      "Credits by day from 2026-12-01 to 2026-12-04: 12 credits in all, used on 2 of 4 days; the most was 9 on 2026-12-03.",
    );
  });

  it("says so when nothing was used", () => {
    expect(describeChart(fillDays([], "2026-12-01", "2026-12-02")!, 0)).toBe(
      "Credits by day from 2026-12-01 to 2026-12-02: no credits were used.",
    );
  });
});
