import type { ReactNode } from "react";

/**
 * A table that scrolls sideways on a narrow screen. The scroller takes focus so a keyboard user can scroll it
 * too, and is a named region so that stop announces what it holds.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
