import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render } from "@testing-library/react";
import * as markdown from "./markdown";
import { RUN } from "./streamingText";
import { TextBlockView } from "./TextBlockView";

vi.mock("./markdown", async (original) => {
  const actual = await original<typeof import("./markdown")>();
  return { ...actual, renderMarkdown: vi.fn(actual.renderMarkdown) };
});

afterEach(cleanup);

const rendered = vi.mocked(markdown.renderMarkdown);

/** Streams `parts` into a text block, one delta each (the block not yet ended); returns the view. */
function stream(parts: string[], sourceCount = 0) {
  const view = render(<TextBlockView block={{ type: "text", text: "" }} sourceCount={sourceCount} sourcePrefix="source-m" streaming />);
  let text = "";
  for (const part of parts) {
    text += part;
    view.rerender(<TextBlockView block={{ type: "text", text }} sourceCount={sourceCount} sourcePrefix="source-m" streaming />);
  }
  return view;
}

/** Deltas of `size` characters. */
const chunks = (text: string, size: number) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
/** Deltas of a word each, with the whitespace after it, as a model sends them. */
const words = (text: string) => text.split(/(?<=\s)(?=\S)/);

function finish(view: ReturnType<typeof render>, text: string, sourceCount = 0) {
  view.rerender(<TextBlockView block={{ type: "text", text }} sourceCount={sourceCount} sourcePrefix="source-m" streaming={false} />);
}

function wholeHtml(text: string, sourceCount = 0): string {
  const view = render(<TextBlockView block={{ type: "text", text }} sourceCount={sourceCount} sourcePrefix="source-m" />);
  const html = view.container.innerHTML;
  view.unmount();
  return html;
}

const ANSWER = [
  "## Revenue",
  "Revenue grew **12%** in 2024 [1], driven by *services*.",
  "- Europe: up 8%\n- Asia: up 20% [2]\n- Americas: flat",
  "1. First step\n2. Second step",
  "> Quoted from the report,\n> over two lines.",
  "Costs fell [2]; see `table 3` and https://example.com/report.",
].join("\n\n");

describe("TextBlockView while streaming", () => {
  it("parses a finished paragraph once, however many deltas follow it", () => {
    rendered.mockClear();
    stream(words(ANSWER), 2);
    const texts = rendered.mock.calls.map(([text]) => text);
    // Each settled paragraph was rendered exactly once as a piece.
    for (const paragraph of ANSWER.split("\n\n").slice(0, -1)) {
      expect(texts.filter((text) => text === paragraph)).toHaveLength(1);
    }
    // Nothing but the paragraph being written was parsed again: no call holds a blank line (two paragraphs).
    expect(texts.some((text) => text.includes("\n\n"))).toBe(false);
  });

  it("renders the same DOM as the whole text once the block ends", () => {
    const view = stream(chunks(ANSWER, 7), 2);
    finish(view, ANSWER, 2);
    expect(view.container.innerHTML).toBe(wholeHtml(ANSWER, 2));
    expect(view.container.querySelectorAll("a.citation")).toHaveLength(3);
    expect(view.container.querySelector(".markdown-piece")).toBeNull();
  });

  it("keeps a frame's work bounded for a long paragraph with no break, then renders it whole", () => {
    const text = "tok ".repeat(5000).trimEnd();
    rendered.mockClear();
    const view = stream(chunks(text, 40));
    const longest = Math.max(...rendered.mock.calls.map(([piece]) => piece.length));
    expect(longest).toBeLessThan(RUN + 50);
    expect(view.container.textContent?.match(/tok/g)).toHaveLength(5000);
    rendered.mockClear();
    finish(view, text);
    expect(rendered.mock.calls.map(([whole]) => whole)).toEqual([text]);
    expect(view.container.innerHTML).toBe(wholeHtml(text));
  });

  it("sanitises every piece", () => {
    const hostile = "Safe start.\n\n<script>alert(1)</script> [x](javascript:alert(1))\n\n<img src=x onerror=alert(1)> end";
    const view = stream(chunks(hostile, 5));
    expect(view.container.querySelector("script, img, [onerror]")).toBeNull();
    expect(view.container.innerHTML).not.toMatch(/href="javascript/i);
  });

  it("makes citations in any piece jump to their source", () => {
    const source = document.createElement("li");
    source.id = "source-m-2";
    source.tabIndex = -1;
    source.scrollIntoView = vi.fn();
    document.body.appendChild(source);
    try {
      const view = stream(chunks("First [1].\n\nSecond cites [2] and goes on", 4), 2);
      const citations = view.container.querySelectorAll("a.citation");
      expect(citations).toHaveLength(2);
      fireEvent.click(citations[1]!);
      expect(source.classList.contains("source-highlight")).toBe(true);
      expect(document.activeElement).toBe(source);
    } finally {
      source.remove();
    }
  });
});
