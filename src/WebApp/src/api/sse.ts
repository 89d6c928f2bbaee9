import { ApiError, send } from "./client";
import type { Block, ChatRequest } from "./types";

// An answer arrives as Server-Sent Events over a POST, which EventSource cannot send: the stream is read from
// fetch's body and parsed here, incrementally, because the network splits it anywhere (inside a line, a CRLF
// pair or a multi-byte UTF-8 character).

export interface SseMessage {
  event: string;
  data: string;
}

export type AnswerEvent =
  | { type: "message_start"; data: { id: string; role: "assistant" } }
  | { type: "content_block_start"; data: { index: number } & Block }
  | { type: "content_block_delta"; data: { index: number; delta: { type: "text_delta"; text: string } } }
  | { type: "content_block_stop"; data: { index: number } }
  | { type: "message_stop"; data: { id: string; credits_consumed: number } }
  | { type: "error"; data: { detail: string } };

const ANSWER_EVENTS = new Set([
  "message_start",
  "content_block_start",
  "content_block_delta",
  "content_block_stop",
  "message_stop",
  "error",
]);

/**
 * Feeds bytes in, calls `onMessage` for each complete event. Follows the WHATWG event-stream rules that matter
 * here: LF, CR or CRLF end a line, a blank line dispatches, `:` lines are comments (keep-alives), several `data:`
 * lines join with LF, one space after the colon is dropped, an event with no data is not dispatched.
 */
export class SseParser {
  private readonly decoder = new TextDecoder("utf-8");
  private buffer = "";
  /** A chunk ended on CR: an LF opening the next chunk belongs to that line end, not a blank line. */
  private pendingCr = false;
  private eventName = "";
  private dataLines: string[] = [];

  constructor(private readonly onMessage: (message: SseMessage) => void) {}

  push(bytes: Uint8Array): void {
    this.feed(this.decoder.decode(bytes, { stream: true }));
  }

  /** The stream ended: flush the decoder. An event without its closing blank line is incomplete and dropped. */
  end(): void {
    this.feed(this.decoder.decode());
  }

  feed(text: string): void {
    if (text.length === 0) return;
    let start = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (text.startsWith("\n")) start = 1;
    }
    this.buffer += start === 0 ? text : text.slice(start);
    let lineStart = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const char = this.buffer.charCodeAt(i);
      if (char !== 10 && char !== 13) continue;
      this.line(this.buffer.slice(lineStart, i));
      if (char === 13) {
        if (i + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer.charCodeAt(i + 1) === 10) i++;
      }
      lineStart = i + 1;
    }
    this.buffer = this.buffer.slice(lineStart);
  }

  private line(line: string): void {
    if (line.length === 0) {
      if (this.dataLines.length > 0) {
        this.onMessage({ event: this.eventName || "message", data: this.dataLines.join("\n") });
      }
      this.eventName = "";
      this.dataLines = [];
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.eventName = value;
    else if (field === "data") this.dataLines.push(value);
  }
}

/** Turns a parsed event into an answer event; unknown names and unreadable data are skipped, not fatal. */
export function toAnswerEvent(message: SseMessage): AnswerEvent | null {
  if (!ANSWER_EVENTS.has(message.event)) return null;
  try {
    return { type: message.event, data: JSON.parse(message.data) } as AnswerEvent;
  } catch {
    return null;
  }
}

/**
 * POSTs a question and calls `onEvent` for each answer event until the stream ends. A refusal before the stream
 * starts rejects with the ApiError (its `detail`); aborting `signal` rejects with an AbortError.
 */
export async function streamAnswer(
  path: string,
  body: ChatRequest,
  signal: AbortSignal,
  onEvent: (event: AnswerEvent) => void,
): Promise<void> {
  const response = await send(path, { method: "POST", body: { ...body, stream: true }, signal, accept: "text/event-stream" });
  const reader = response.body?.getReader();
  if (!reader) throw new ApiError(0, "The server sent no answer. Try again.");
  const parser = new SseParser((message) => {
    const event = toAnswerEvent(message);
    if (event) onEvent(event);
  });
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal.aborted || (error instanceof DOMException && error.name === "AbortError")) throw error;
        throw new ApiError(0, "The connection was lost before the answer finished.");
      }
      if (chunk.done) break;
      parser.push(chunk.value);
    }
    parser.end();
  } finally {
    reader.releaseLock();
  }
}
