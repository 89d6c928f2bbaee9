import { memo, useEffect, useMemo, useRef, useState } from "react";
import type { ChartBlock } from "../api/types";
import { chartLabel, findUrl, fitToWidth, inlineData, withoutRepeatedTitle } from "./chartSpec";
import { recordsToTable } from "./tableData";
import { TableBlockView } from "./TableBlockView";

// Vega is large (~1 MB): it loads only when an answer holds a chart. It draws with the expression interpreter
// instead of compiling expressions with new Function, which the CSP forbids, and with a loader that refuses
// every request, so a spec can never reach the network even if a `url` slipped past the check.
const refusingLoader = {
  load: () => Promise.reject(new Error("Charts may not load data from an address.")),
  sanitize: () => Promise.reject(new Error("Charts may not load data from an address.")),
  http: () => Promise.reject(new Error("Charts may not load data from an address.")),
  file: () => Promise.reject(new Error("Charts may not read files.")),
};

export const ChartBlockView = memo(function ChartBlockView({ block }: { block: ChartBlock }) {
  const target = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [drawn, setDrawn] = useState(false);
  const [showData, setShowData] = useState(false);
  const label = chartLabel(block.spec, block.title);
  const data = useMemo(() => inlineData(block.spec), [block.spec]);
  const table = useMemo(() => (data ? recordsToTable(data) : null), [data]);
  const refused = useMemo(() => findUrl(block.spec), [block.spec]);

  useEffect(() => {
    if (refused) return;
    const element = target.current;
    if (!element) return;
    let cancelled = false;
    let finalize: (() => void) | undefined;
    (async () => {
      try {
        const [{ default: embed }, { expressionInterpreter }] = await Promise.all([
          import("vega-embed"),
          import("vega-interpreter"),
        ]);
        if (cancelled) return;
        // Charts are Vega-Lite by contract; without $schema vega-embed does not warn that v5 is drawn by v6.
        const { $schema: _schema, ...spec } = withoutRepeatedTitle(structuredClone(block.spec), block.title);
        void _schema;
        const result = await embed(element, fitToWidth(spec) as never, {
          mode: "vega-lite",
          ast: true,
          expr: expressionInterpreter,
          actions: false,
          renderer: "svg",
          loader: refusingLoader as never,
          logLevel: 0,
        });
        if (cancelled) result.finalize();
        else {
          finalize = result.finalize;
          setDrawn(true);
        }
      } catch (caught) {
        if (!cancelled) setError(caught instanceof Error ? caught.message : String(caught));
      }
    })();
    return () => {
      cancelled = true;
      finalize?.();
    };
  }, [block.spec, block.title, refused]);

  return (
    <figure className="block-chart">
      {block.title && <figcaption>{block.title}</figcaption>}
      {refused ? (
        <p className="error-notice" role="alert">
          This chart was not drawn: it asks to load data from an address ({refused}), which Planck does not allow.
        </p>
      ) : error ? (
        <p className="error-notice" role="alert">
          This chart could not be drawn: {error}
        </p>
      ) : (
        <div className="chart-canvas" role="img" aria-label={label} aria-busy={!drawn}>
          <div ref={target} />
          {!drawn && <span className="hint">Drawing the chart…</span>}
        </div>
      )}
      {table && (
        <>
          <button type="button" className="link" aria-expanded={showData} onClick={() => setShowData((shown) => !shown)}>
            {showData ? "Hide data" : "View data"}
          </button>
          {showData && <TableBlockView block={{ columns: table.columns, rows: table.rows, title: label }} />}
        </>
      )}
    </figure>
  );
});
