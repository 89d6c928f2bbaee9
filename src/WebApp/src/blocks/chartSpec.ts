// Charts come from a model's Vega-Lite: the server checks them, and the app checks again before drawing, because
// a spec may ask Vega to load data from any address (`url` in data, lookups, images).

/** The path of the first `url` anywhere in the spec, or null when it has none. */
export function findUrl(spec: unknown, path = "spec"): string | null {
  if (Array.isArray(spec)) {
    for (let i = 0; i < spec.length; i++) {
      const found = findUrl(spec[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (spec && typeof spec === "object") {
    for (const [key, value] of Object.entries(spec)) {
      if (key.toLowerCase() === "url") return `${path}.${key}`;
      const found = findUrl(value, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

type Records = Record<string, unknown>[];

function isRecords(value: unknown): value is Records {
  return Array.isArray(value) && value.length > 0 && value.every((item) => item && typeof item === "object" && !Array.isArray(item));
}

/** The chart's inline data (top-level, named datasets, or the layers'), for "View data". */
export function inlineData(spec: Record<string, unknown>): Records | null {
  const data = spec.data as { values?: unknown } | undefined;
  if (isRecords(data?.values)) return data.values;
  const datasets = spec.datasets as Record<string, unknown> | undefined;
  if (datasets) {
    for (const values of Object.values(datasets)) if (isRecords(values)) return values;
  }
  for (const key of ["layer", "hconcat", "vconcat", "concat"]) {
    const parts = spec[key];
    if (!Array.isArray(parts)) continue;
    for (const part of parts) {
      if (part && typeof part === "object") {
        const found = inlineData(part as Record<string, unknown>);
        if (found) return found;
      }
    }
  }
  return null;
}

/** What the chart shows, in words: its title, else its description. */
export function chartLabel(spec: Record<string, unknown>, title: string | null | undefined): string {
  if (title) return title;
  const specTitle = spec.title;
  if (typeof specTitle === "string" && specTitle) return specTitle;
  if (specTitle && typeof specTitle === "object" && typeof (specTitle as { text?: unknown }).text === "string") {
    return (specTitle as { text: string }).text;
  }
  if (typeof spec.description === "string" && spec.description) return spec.description;
  return "Chart";
}

/**
 * The spec to draw under a caption: a title the spec repeats from the block (the server titles both) is left out of
 * the drawing, so it is not shown twice.
 */
export function withoutRepeatedTitle(spec: Record<string, unknown>, title: string | null | undefined): Record<string, unknown> {
  if (!title || spec.title === undefined || chartLabel({ title: spec.title }, null) !== title) return spec;
  const { title: _repeated, ...rest } = spec;
  void _repeated;
  return rest;
}

/**
 * A single view that says nothing of its width fills the answer's width: Vega-Lite would otherwise give each bar
 * 20 px, and a chart of three bars is 60 px wide in an answer ten times as wide. Faceted, repeated and
 * concatenated specs keep their own layout (a container width is not allowed there).
 */
export function fitToWidth(spec: Record<string, unknown>): Record<string, unknown> {
  const single = ("mark" in spec || "layer" in spec) && !["facet", "repeat", "concat", "hconcat", "vconcat"].some((key) => key in spec);
  return single && spec.width === undefined ? { ...spec, width: "container" } : spec;
}
