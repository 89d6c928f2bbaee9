import { memo, useMemo, type MouseEvent } from "react";
import type { TextBlock } from "../api/types";
import { renderMarkdown } from "./markdown";
import { splitStreamingText } from "./streamingText";

/** Moves to source n of the message and marks it for a moment: a citation's target. */
export function jumpToSource(sourcePrefix: string, n: number) {
  const item = document.getElementById(`${sourcePrefix}-${n}`);
  if (!item) return;
  item.scrollIntoView({ block: "nearest", behavior: "smooth" });
  item.focus({ preventScroll: true });
  item.classList.add("source-highlight");
  window.setTimeout(() => item.classList.remove("source-highlight"), 2000);
}

interface PieceProps {
  text: string;
  sourceCount: number;
  sourcePrefix: string;
}

/** One paragraph, or one run of a long one, of a streaming block: memoised on its text, so parsed once when settled. */
const MarkdownPiece = memo(function MarkdownPiece({ text, sourceCount, sourcePrefix }: PieceProps) {
  const html = renderMarkdown(text, { sourceCount, sourcePrefix });
  return <div className="markdown-piece" dangerouslySetInnerHTML={{ __html: html }} />;
});

export const TextBlockView = memo(function TextBlockView({
  block,
  sourceCount,
  sourcePrefix,
  streaming = false,
}: {
  block: TextBlock;
  sourceCount: number;
  sourcePrefix: string;
  /** Still receiving deltas: rendered piece by piece until it ends, then once whole. */
  streaming?: boolean;
}) {
  const html = useMemo(
    () => (streaming ? "" : renderMarkdown(block.text, { sourceCount, sourcePrefix })),
    [streaming, block.text, sourceCount, sourcePrefix],
  );
  const paragraphs = useMemo(() => (streaming ? splitStreamingText(block.text) : []), [streaming, block.text]);

  function onClick(event: MouseEvent<HTMLDivElement>) {
    const citation = (event.target as Element).closest?.("a.citation");
    if (!citation) return;
    event.preventDefault();
    jumpToSource(sourcePrefix, Number(citation.getAttribute("data-citation")));
  }

  // The links inside are real anchors, so Enter on a focused citation reaches onClick as well. The two forms have
  // their own keys: the whole rendering replaces the pieces rather than being reconciled with them.
  if (!streaming) {
    return <div key="whole" className="block-text markdown" onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />;
  }
  return (
    <div key="streaming" className="block-text markdown streaming" onClick={onClick}>
      {paragraphs.map((runs, index) =>
        runs.length === 1 ? (
          <MarkdownPiece key={index} text={runs[0]!} sourceCount={sourceCount} sourcePrefix={sourcePrefix} />
        ) : (
          <div key={index} className="markdown-runs">
            {runs.map((run, at) => (
              <MarkdownPiece key={at} text={run} sourceCount={sourceCount} sourcePrefix={sourcePrefix} />
            ))}
          </div>
        ),
      )}
    </div>
  );
});
