import { memo } from "react";
import type { Block } from "../api/types";
import { ChartBlockView } from "./ChartBlockView";
import { CodeBlockView } from "./CodeBlockView";
import { MapBlockView } from "./MapBlockView";
import { SourcesBlockView } from "./SourcesBlockView";
import { TableBlockView } from "./TableBlockView";
import { TextBlockView } from "./TextBlockView";
import "./blocks.css";

export interface BlockViewProps {
  block: Block;
  /** How many sources the message has, for its citations. */
  sourceCount: number;
  /** Prefix of the ids of the message's source items. */
  sourcePrefix: string;
  /** The block is still receiving deltas. */
  streaming?: boolean;
}

/**
 * One content block. Memoised: a finished block keeps its object, so it renders once and never again while later
 * blocks of the same answer stream in.
 */
export const BlockView = memo(function BlockView({ block, sourceCount, sourcePrefix, streaming = false }: BlockViewProps) {
  switch (block.type) {
    case "text":
      return <TextBlockView block={block} sourceCount={sourceCount} sourcePrefix={sourcePrefix} streaming={streaming} />;
    case "code":
      return <CodeBlockView block={block} />;
    case "table":
      return <TableBlockView block={block} />;
    case "chart":
      return <ChartBlockView block={block} />;
    case "map":
      return <MapBlockView block={block} />;
    case "sources":
      return <SourcesBlockView block={block} idPrefix={sourcePrefix} />;
    default:
      return <p className="hint">This part of the answer cannot be shown here.</p>;
  }
});

/** The number of sources of a message: its sources block's length, 0 without one. */
export function sourceCountOf(blocks: Block[]): number {
  const sources = blocks.find((block) => block.type === "sources");
  return sources && sources.type === "sources" ? sources.sources.length : 0;
}
