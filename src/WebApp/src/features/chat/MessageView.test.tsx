import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { AnswerEvent } from "../../api/sse";
import * as markdown from "../../blocks/markdown";
import { applyAnswerEvent, pendingAnswer, type MessageState } from "./answerState";
import { creditsText, MessageView } from "./MessageView";

vi.mock("../../blocks/markdown", async (original) => {
  const actual = await original<typeof import("../../blocks/markdown")>();
  return { ...actual, renderMarkdown: vi.fn(actual.renderMarkdown) };
});

afterEach(cleanup);

const events = (...list: AnswerEvent[]) => list;
function build(message: MessageState, list: AnswerEvent[]): MessageState {
  return list.reduce(applyAnswerEvent, message);
}

describe("MessageView", () => {
  it("renders a finished block once while a later block streams", () => {
    const rendered = vi.mocked(markdown.renderMarkdown);
    let message = build(
      pendingAnswer("Q"),
      events(
        { type: "content_block_start", data: { index: 0, type: "text", text: "" } },
        { type: "content_block_delta", data: { index: 0, delta: { type: "text_delta", text: "First block." } } },
        { type: "content_block_stop", data: { index: 0 } },
        { type: "content_block_start", data: { index: 1, type: "text", text: "" } },
      ),
    );
    const view = render(<MessageView message={message} canRetry={false} onRetry={() => undefined} />);
    rendered.mockClear();
    for (const word of ["Second", " block", " grows."]) {
      message = applyAnswerEvent(message, { type: "content_block_delta", data: { index: 1, delta: { type: "text_delta", text: word } } });
      view.rerender(<MessageView message={message} canRetry={false} onRetry={() => undefined} />);
    }
    const texts = rendered.mock.calls.map(([text]) => text);
    expect(texts).not.toContain("First block.");
    expect(texts).toEqual(["Second", "Second block", "Second block grows."]);
    expect(screen.getByText("Second block grows.")).toBeTruthy();
  });

  it("renders a streaming block by paragraphs, then whole once its content_block_stop arrives", () => {
    const rendered = vi.mocked(markdown.renderMarkdown);
    let message = build(pendingAnswer("Q"), events({ type: "content_block_start", data: { index: 0, type: "text", text: "" } }));
    const view = render(<MessageView message={message} canRetry={false} onRetry={() => undefined} />);
    rendered.mockClear();
    for (const part of ["One.", "\n\nTwo", " grows."]) {
      message = applyAnswerEvent(message, { type: "content_block_delta", data: { index: 0, delta: { type: "text_delta", text: part } } });
      view.rerender(<MessageView message={message} canRetry={false} onRetry={() => undefined} />);
    }
    expect(rendered.mock.calls.map(([text]) => text)).toEqual(["One.", "Two", "Two grows."]);
    rendered.mockClear();
    message = applyAnswerEvent(message, { type: "content_block_stop", data: { index: 0 } });
    view.rerender(<MessageView message={message} canRetry={false} onRetry={() => undefined} />);
    expect(rendered.mock.calls.map(([text]) => text)).toEqual(["One.\n\nTwo grows."]);
    expect(view.container.querySelector(".markdown-piece")).toBeNull();
    expect([...view.container.querySelectorAll("p")].map((p) => p.textContent)).toEqual(["One.", "Two grows."]);
  });

  it("shows the credits of a complete answer", () => {
    const message = build(pendingAnswer("Q"), events({ type: "message_stop", data: { id: "m", credits_consumed: 1 } }));
    render(<MessageView message={message} canRetry={false} onRetry={() => undefined} />);
    expect(screen.getByText("1 credit")).toBeTruthy();
    expect(creditsText(3)).toBe("3 credits");
    expect(creditsText(0)).toBe("0 credits");
  });

  it("shows a failed answer's detail with Retry, which asks the same question", () => {
    const onRetry = vi.fn();
    const message = build(pendingAnswer("What changed?"), events({ type: "error", data: { detail: "The model is unavailable." } }));
    render(<MessageView message={message} canRetry onRetry={onRetry} />);
    expect(screen.getByRole("alert").textContent).toContain("The model is unavailable.");
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(onRetry).toHaveBeenCalledWith(message.key, "What changed?");
  });

  it("marks a stopped answer", () => {
    const message: MessageState = { ...pendingAnswer("Q"), status: "stopped" };
    render(<MessageView message={message} canRetry={false} onRetry={() => undefined} />);
    expect(screen.getByText("Stopped")).toBeTruthy();
  });
});
