import type { AnswerEvent } from "../../api/sse";
import type { Block, ChatMessage } from "../../api/types";

/**
 * One message on the page, a saved one or an answer being streamed. `blocks` and `finished` are indexed alike; a
 * finished block's object never changes again, so memoised views of it never render again.
 */
export interface MessageState {
  /** Stable React key: the server id once known, a local one before. */
  key: string;
  id: string | null;
  role: "user" | "assistant";
  blocks: Block[];
  finished: boolean[];
  status: "streaming" | "complete" | "stopped" | "error";
  error: string | null;
  credits: number | null;
  /** For an answer: the question it answers, so Retry can ask it again. */
  question: string | null;
}

let localKeys = 0;
export function localKey(prefix: string): string {
  localKeys += 1;
  return `${prefix}-${localKeys}`;
}

export function userMessage(text: string): MessageState {
  return {
    key: localKey("question"),
    id: null,
    role: "user",
    blocks: [{ type: "text", text }],
    finished: [true],
    status: "complete",
    error: null,
    credits: null,
    question: null,
  };
}

export function pendingAnswer(question: string, key = localKey("answer")): MessageState {
  return {
    key,
    id: null,
    role: "assistant",
    blocks: [],
    finished: [],
    status: "streaming",
    error: null,
    credits: null,
    question,
  };
}

/** A message from the history; `complete: false` is an answer that stopped before its end. */
export function fromHistory(message: ChatMessage, question: string | null): MessageState {
  return {
    key: message.id,
    id: message.id,
    role: message.role,
    blocks: message.content,
    finished: message.content.map(() => true),
    status: message.complete === false ? "stopped" : "complete",
    error: null,
    credits: message.role === "assistant" ? message.credits_consumed : null,
    question,
  };
}

/** Applies one stream event; returns the same object when nothing changed. */
export function applyAnswerEvent(message: MessageState, event: AnswerEvent): MessageState {
  switch (event.type) {
    case "message_start":
      return { ...message, id: event.data.id };
    case "content_block_start": {
      const { index, ...block } = event.data;
      if (message.finished[index]) return message;
      const blocks = message.blocks.slice();
      const finished = message.finished.slice();
      blocks[index] = startBlock(block as Block);
      finished[index] = false;
      fillHoles(blocks, finished);
      return { ...message, blocks, finished };
    }
    case "content_block_delta": {
      const { index, delta } = event.data;
      const current = message.blocks[index];
      if (!current || message.finished[index] || typeof delta?.text !== "string") return message;
      let next: Block;
      if (current.type === "text") next = { ...current, text: current.text + delta.text };
      else if (current.type === "code") next = { ...current, code: current.code + delta.text };
      else return message;
      const blocks = message.blocks.slice();
      blocks[index] = next;
      return { ...message, blocks };
    }
    case "content_block_stop": {
      const { index } = event.data;
      if (!message.blocks[index] || message.finished[index]) return message;
      const finished = message.finished.slice();
      finished[index] = true;
      return { ...message, finished };
    }
    case "message_stop":
      return {
        ...message,
        id: event.data.id ?? message.id,
        status: "complete",
        credits: event.data.credits_consumed ?? 0,
        finished: message.finished.map(() => true),
      };
    case "error":
      return endWith(message, "error", event.data.detail || "The answer failed.");
  }
}

/** Ends an answer still in progress: stopped by the person, or failed (with a readable detail). */
export function endWith(message: MessageState, status: "stopped" | "error", error: string | null = null): MessageState {
  return { ...message, status, error, finished: message.finished.map(() => true) };
}

function startBlock(block: Block): Block {
  // Text and code start empty but the server may already send what it has; a missing field must not read "undefined".
  if (block.type === "text") return { ...block, text: block.text ?? "" };
  if (block.type === "code") return { ...block, code: block.code ?? "", language: block.language ?? null };
  return block;
}

/** Blocks are numbered from 0 and never skipped; should one be, the hole renders nothing rather than crashing. */
function fillHoles(blocks: Block[], finished: boolean[]) {
  for (let i = 0; i < blocks.length; i++) {
    if (!blocks[i]) {
      blocks[i] = { type: "text", text: "" };
      finished[i] = true;
    }
  }
}
