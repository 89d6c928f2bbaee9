import { describe, expect, it } from "vitest";
import { splitStreamingText } from "./streamingText";

describe("splitStreamingText", () => {
  it("cuts at blank lines, keeping the paragraph still being written last", () => {
    expect(splitStreamingText("One.\n\nTwo\nlines.\n\n\nThree is gro")).toEqual([["One."], ["Two\nlines."], ["Three is gro"]]);
  });

  it("does not cut fenced code at its blank lines", () => {
    const text = "Before.\n\n```\na\n\nb\n```\n\nAfter";
    expect(splitStreamingText(text)).toEqual([["Before."], ["```\na\n\nb\n```"], ["After"]]);
    // An open fence stays one piece, however long.
    expect(splitStreamingText(`~~~\n${"x ".repeat(50)}\n\nmore`, 10)).toEqual([[`~~~\n${"x ".repeat(50)}\n\nmore`]]);
  });

  it("cuts a long paragraph into runs at whitespace that keep their text as it grows", () => {
    const words = Array.from({ length: 400 }, (_, i) => `w${i}`).join(" ");
    const early = splitStreamingText(words.slice(0, 900), 100)[0]!;
    const later = splitStreamingText(words, 100)[0]!;
    expect(early.length).toBeGreaterThan(5);
    // Every run of the shorter text but its last (still growing) is exactly a run of the longer one.
    expect(later.slice(0, early.length - 1)).toEqual(early.slice(0, -1));
    expect(later.join("")).toBe(words);
    for (const run of later.slice(0, -1)) {
      expect(run.length).toBeGreaterThanOrEqual(100);
      expect(run.endsWith(" ")).toBe(true);
    }
  });

  it("keeps all of the text, in order", () => {
    const text = "# Title\n\n- a\n- b\n\n1. one\n2. two\n\n> quote\n> more\n\nlast line\n";
    expect(splitStreamingText(text).flat().join("\n").replace(/\n+/g, "\n")).toBe(text.replace(/\n+/g, "\n"));
  });
});
