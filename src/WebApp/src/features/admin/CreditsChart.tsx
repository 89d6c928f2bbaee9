import { useEffect, useRef, useState } from "react";
import type { UsageDay } from "../../api/types";
import { describeChart, layoutBars, niceCeiling } from "./usage";

const HEIGHT = 220;
const TOP = 12;
const BOTTOM = 26;
const dayLabel = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
const number = new Intl.NumberFormat();

function labelOf(day: string): string {
  return dayLabel.format(new Date(`${day}T00:00:00Z`));
}

/** Follows the container's width so text stays its real size at 390 px and at 1280 px (a scaled viewBox would not). */
function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry && entry.contentRect.width > 0) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/**
 * Credits by day as bars: hand-made SVG, so no chart library, no inline script and nothing fetched. Screen readers
 * get the summary in its label; the table beside it carries every number.
 */
export function CreditsChart({ days, total }: { days: UsageDay[]; total: number }) {
  const { ref, width } = useWidth(640);
  // Room at the left for the longest tick label, the axis maximum.
  const axisMax = number.format(niceCeiling(days.reduce((m, d) => Math.max(m, d.credits), 0)));
  const left = Math.max(28, axisMax.length * 7 + 10);
  const plotWidth = Math.max(width - left - 4, 40);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const layout = layoutBars(
    days.map((d) => ({ day: d.day, value: d.credits })),
    plotWidth,
    plotHeight,
  );
  return (
    <div className="credits-chart" ref={ref}>
      <svg role="img" aria-label={describeChart(days, total)} width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`}>
        <g transform={`translate(${left} ${TOP})`}>
          {layout.ticks.map((tick) => {
            const y = plotHeight - (tick / layout.max) * plotHeight;
            return (
              <g key={tick}>
                <line className="grid" x1={0} x2={plotWidth} y1={y} y2={y} />
                <text className="axis-label" x={-6} y={y} dy="0.32em" textAnchor="end">
                  {number.format(tick)}
                </text>
              </g>
            );
          })}
          {layout.bars.map((bar) => (
            <rect key={bar.day} className="bar" x={bar.x} y={bar.y} width={bar.width} height={bar.height}>
              <title>{`${labelOf(bar.day)}: ${number.format(bar.value)} credits`}</title>
            </rect>
          ))}
          {layout.labelled.map((i) => {
            const bar = layout.bars[i]!;
            const anchor = i === 0 && layout.bars.length > 1 ? "start" : i === layout.bars.length - 1 && i > 0 ? "end" : "middle";
            const x = anchor === "start" ? bar.x : anchor === "end" ? bar.x + bar.width : bar.x + bar.width / 2;
            return (
              <text key={bar.day} className="axis-label" x={x} y={plotHeight + 18} textAnchor={anchor}>
                {labelOf(bar.day)}
              </text>
            );
          })}
        </g>
      </svg>
    </div>
  );
}
