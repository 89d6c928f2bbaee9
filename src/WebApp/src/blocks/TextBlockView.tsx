import { memo, useMemo, type MouseEvent } from "react";
import type { TextBlock } from "../api/types";
import { renderMarkdown } from "./markdown";

/** Moves to source n of the message and marks it for a moment: a citation's target. */
export function jumpToSource(sourcePrefix: string, n: number) {
  const item = document.getElementById(`${sourcePrefix}-${n}`);
  if (!item) return;
  item.scrollIntoView({ block: "nearest", behavior: "smooth" });
  item.focus({ preventScroll: true });
  item.classList.add("source-highlight");
  window.setTimeout(() => item.classList.remove("source-highlight"), 2000);
}

export const TextBlockView = memo(function TextBlockView({
  block,
  sourceCount,
  sourcePrefix,
}: {
  block: TextBlock;
  sourceCount: number;
  sourcePrefix: string;
}) {
  const html = useMemo(() => renderMarkdown(block.text, { sourceCount, sourcePrefix }), [block.text, sourceCount, sourcePrefix]);

  function onClick(event: MouseEvent<HTMLDivElement>) {
    const citation = (event.target as Element).closest?.("a.citation");
    if (!citation) return;
    event.preventDefault();
    jumpToSource(sourcePrefix, Number(citation.getAttribute("data-citation")));
  }

  // The links inside are real anchors, so Enter on a focused citation reaches onClick as well.
  return <div className="block-text markdown" onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />;
});
