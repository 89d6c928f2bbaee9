import { useEffect, useState } from "react";

/** Messages rendered at once when a conversation opens: more than a screenful, few enough to render in one short task. */
export const FIRST_SHOWN = 24;
/** Older messages added per task afterwards. */
export const BATCH = 20;

/** Gives the main thread back (input, paint) before the next batch: scheduler.yield where there is one. */
function nextTask(run: () => void): () => void {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === "function") {
    let cancelled = false;
    void scheduler.yield().then(() => {
      if (!cancelled) run();
    });
    return () => {
      cancelled = true;
    };
  }
  const timer = setTimeout(run, 0);
  return () => clearTimeout(timer);
}

/**
 * The index of the first message to render. A conversation that has just loaded shows its newest FIRST_SHOWN messages
 * (the part a person sees, at the end) in the first commit, then prepends the older ones BATCH per task until all are
 * in the page (search in page, screen readers), so no single task renders hundreds of answers. `loading` is the
 * history's: its end starts the reveal; messages added later (questions asked, answers streaming) show at once.
 */
export function useProgressiveReveal(count: number, loading: boolean): number {
  const [start, setStart] = useState(0);
  const [wasLoading, setWasLoading] = useState(loading);
  // Adjusted while rendering, so the first commit of the loaded history already holds only its newest messages.
  if (wasLoading !== loading) {
    setWasLoading(loading);
    setStart(loading ? 0 : Math.max(0, count - FIRST_SHOWN));
  }
  const shownFrom = Math.min(start, count);

  useEffect(() => {
    if (shownFrom === 0) return;
    return nextTask(() => setStart((value) => Math.max(0, Math.min(value, count) - BATCH)));
  }, [shownFrom, count]);

  return shownFrom;
}
