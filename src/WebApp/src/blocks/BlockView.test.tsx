import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render } from "@testing-library/react";
import type { Block, TextBlock } from "../api/types";
import { BlockView, sourceCountOf } from "./BlockView";

const textRenders = vi.fn();
vi.mock("./TextBlockView", () => ({
  TextBlockView: ({ block }: { block: TextBlock }) => {
    textRenders(block.text);
    return <p>{block.text}</p>;
  },
}));

afterEach(cleanup);

function Blocks({ blocks }: { blocks: Block[] }) {
  const count = sourceCountOf(blocks);
  return (
    <>
      {blocks.map((block, index) => (
        <BlockView key={index} block={block} sourceCount={count} sourcePrefix="source-m" />
      ))}
    </>
  );
}

describe("BlockView", () => {
  it("does not render a finished block again when a later block changes", () => {
    const finished: Block = { type: "text", text: "Finished." };
    const view = render(<Blocks blocks={[finished, { type: "text", text: "A" }]} />);
    view.rerender(<Blocks blocks={[finished, { type: "text", text: "AB" }]} />);
    view.rerender(<Blocks blocks={[finished, { type: "text", text: "ABC" }]} />);
    expect(textRenders.mock.calls.map(([text]) => text)).toEqual(["Finished.", "A", "AB", "ABC"]);
  });

  it("counts a message's sources for its citations", () => {
    expect(sourceCountOf([{ type: "text", text: "" }])).toBe(0);
    expect(
      sourceCountOf([{ type: "sources", sources: [{ database_id: "d", name: "db", tables: [] }, { document_id: "x", name: "a", snippet: "" }] }]),
    ).toBe(2);
  });
});
