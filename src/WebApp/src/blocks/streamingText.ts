/**
 * Splitting of a text block that is still streaming, so that what is settled is rendered once and only the end
 * is rendered again as deltas arrive.
 *
 * The text is cut into paragraphs at blank lines outside fenced code: a paragraph followed by a blank line no
 * longer changes (a loose list or an indented code block with blank lines shows as several while streaming; the
 * block's final rendering, of its whole text, puts them back together). A paragraph longer than `RUN` characters is
 * further cut into runs at whitespace, each at least `RUN` long: a model that writes thousands of characters
 * without a paragraph break would otherwise make every frame re-parse and re-sanitise all of them. The cuts depend
 * only on the text before them, so a run, once cut, keeps its exact text as the block grows and its memoised view
 * never renders again.
 */

export const RUN = 1000;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The paragraphs of `text`, each as its runs (one, unless it is long); the last paragraph is the one still growing. */
export function splitStreamingText(text: string, run = RUN): string[][] {
  const paragraphs: string[][] = [];
  let start = 0;
  let fence: string | null = null;
  let pos = 0;
  for (;;) {
    const newline = text.indexOf("\n", pos);
    // The last line has no newline yet: it is still being written and belongs to the paragraph in progress.
    if (newline === -1) break;
    const line = text.slice(pos, newline);
    const marker = FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
    } else if (marker) {
      fence = marker;
    } else if (line.trim() === "") {
      // Without its last line end: the same text as when it was the paragraph being written, so its view is kept.
      const paragraph = text.slice(start, Math.max(start, pos - 1));
      if (paragraph.trim() !== "") paragraphs.push(runsOf(paragraph, run));
      start = newline + 1;
    }
    pos = newline + 1;
  }
  const tail = text.slice(start);
  // Fenced code cut at whitespace would render as prose: an open fence stays whole (the server takes code out of
  // text blocks anyway, so this is rare).
  if (tail !== "") paragraphs.push(fence !== null ? [tail] : runsOf(tail, run));
  return paragraphs;
}

function runsOf(paragraph: string, run: number): string[] {
  if (paragraph.length <= run) return [paragraph];
  const runs: string[] = [];
  const space = /\s/g;
  let from = 0;
  while (paragraph.length - from > run) {
    space.lastIndex = from + run;
    const found = space.exec(paragraph);
    if (!found) break;
    runs.push(paragraph.slice(from, found.index + 1));
    from = found.index + 1;
  }
  if (from < paragraph.length) runs.push(paragraph.slice(from));
  return runs;
}
