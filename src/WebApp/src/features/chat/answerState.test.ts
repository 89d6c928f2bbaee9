import { describe, expect, it } from "vitest";
import type { AnswerEvent } from "../../api/sse";
import type { ChatMessage } from "../../api/types";
import { applyAnswerEvent, endWith, fromHistory, pendingAnswer, type MessageState } from "./answerState";

function apply(message: MessageState, ...events: AnswerEvent[]): MessageState {
  return events.reduce(applyAnswerEvent, message);
}

const start = (index: number, block: object): AnswerEvent =>
  ({ type: "content_block_start", data: { index, ...block } }) as AnswerEvent;
const delta = (index: number, text: string): AnswerEvent => ({
  type: "content_block_delta",
  data: { index, delta: { type: "text_delta", text } },
});
const stop = (index: number): AnswerEvent => ({ type: "content_block_stop", data: { index } });

describe("applyAnswerEvent", () => {
  it("message_start gives the answer its server id", () => {
    const message = apply(pendingAnswer("Q"), { type: "message_start", data: { id: "m1", role: "assistant" } });
    expect(message.id).toBe("m1");
    expect(message.status).toBe("streaming");
  });

  it("appends text deltas to a text block and code deltas to a code block, by index", () => {
    const message = apply(
      pendingAnswer("Q"),
      start(0, { type: "text", text: "" }),
      delta(0, "Hello"),
      delta(0, ", world"),
      stop(0),
      start(1, { type: "code", language: "python", code: "" }),
      delta(1, "print(1)"),
      delta(1, "\n"),
    );
    expect(message.blocks).toEqual([
      { type: "text", text: "Hello, world" },
      { type: "code", language: "python", code: "print(1)\n" },
    ]);
    expect(message.finished).toEqual([true, false]);
  });

  it("takes table, chart, map and sources blocks whole from content_block_start", () => {
    const table = { type: "table", columns: [{ name: "n", type: "number" }], rows: [[1]], title: "T" };
    const chart = { type: "chart", spec: { mark: "bar" } };
    const map = { type: "map", geojson: { type: "FeatureCollection", features: [] } };
    const sources = { type: "sources", sources: [{ document_id: "d", name: "a.pdf", snippet: "s", page: 2 }] };
    const message = apply(pendingAnswer("Q"), start(0, table), stop(0), start(1, chart), stop(1), start(2, map), stop(2), start(3, sources), stop(3));
    expect(message.blocks).toEqual([table, chart, map, sources]);
    expect(message.finished).toEqual([true, true, true, true]);
  });

  it("keeps a finished block the same object after later deltas and ignores deltas sent to it", () => {
    const first = apply(pendingAnswer("Q"), start(0, { type: "text", text: "" }), delta(0, "Done."), stop(0));
    const finishedBlock = first.blocks[0];
    const later = apply(first, start(1, { type: "text", text: "" }), delta(1, "More"), delta(0, " late"), delta(1, " text"));
    expect(later.blocks[0]).toBe(finishedBlock);
    expect(later.blocks[0]).toEqual({ type: "text", text: "Done." });
    expect(later.blocks[1]).toEqual({ type: "text", text: "More text" });
    const ended = apply(later, stop(1), { type: "message_stop", data: { id: "m1", credits_consumed: 1 } });
    expect(ended.blocks[0]).toBe(finishedBlock);
    expect(ended.blocks[1]).toBe(later.blocks[1]);
  });

  it("returns the same message for an event that changes nothing", () => {
    const message = apply(pendingAnswer("Q"), start(0, { type: "table", columns: [], rows: [] }), stop(0));
    expect(applyAnswerEvent(message, delta(0, "x"))).toBe(message);
    expect(applyAnswerEvent(message, delta(5, "x"))).toBe(message);
    expect(applyAnswerEvent(message, stop(0))).toBe(message);
  });

  it("message_stop completes the answer with its credits", () => {
    const message = apply(pendingAnswer("Q"), start(0, { type: "text", text: "" }), delta(0, "A"), {
      type: "message_stop",
      data: { id: "m9", credits_consumed: 3 },
    });
    expect(message.status).toBe("complete");
    expect(message.credits).toBe(3);
    expect(message.id).toBe("m9");
    expect(message.finished).toEqual([true]);
  });

  it("an error event ends the answer with its detail inline, keeping what arrived", () => {
    const message = apply(pendingAnswer("Q"), start(0, { type: "text", text: "" }), delta(0, "Part"), {
      type: "error",
      data: { detail: "The model stopped answering." },
    });
    expect(message.status).toBe("error");
    expect(message.error).toBe("The model stopped answering.");
    expect(message.blocks).toEqual([{ type: "text", text: "Part" }]);
    expect(message.question).toBe("Q");
  });

  it("a stopped answer keeps its partial text", () => {
    const message = endWith(apply(pendingAnswer("Q"), start(0, { type: "text", text: "" }), delta(0, "Half")), "stopped");
    expect(message.status).toBe("stopped");
    expect(message.blocks).toEqual([{ type: "text", text: "Half" }]);
  });
});

describe("fromHistory", () => {
  it("marks a saved answer that did not finish as stopped and keeps its credits", () => {
    const saved: ChatMessage = {
      id: "a",
      role: "assistant",
      content: [{ type: "text", text: "x" }],
      created_at: "2026-01-01T00:00:00Z",
      credits_consumed: 2,
      complete: false,
    };
    const message = fromHistory(saved, "Q");
    expect(message.status).toBe("stopped");
    expect(message.credits).toBe(2);
    expect(message.finished).toEqual([true]);
  });
});
