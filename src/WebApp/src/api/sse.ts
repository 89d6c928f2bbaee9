import { ApiError, query, send } from "./client";
import type { Block, ChatRequest } from "./types";

// An answer arrives as Server-Sent Events over a POST, which EventSource cannot send: the stream is read from
// fetch's body and parsed here, incrementally, because the network splits it anywhere (inside a line, a CRLF
// pair or a multi-byte UTF-8 character).

export interface SseMessage {
  event: string;
  data: string;
  /** The stream's last `id:` so far (the server numbers an answer's events 1, 2, 3…); "" when it sent none. */
  id: string;
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
  private lastEventId = "";

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
        this.onMessage({ event: this.eventName || "message", data: this.dataLines.join("\n"), id: this.lastEventId });
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
    else if (field === "id" && !value.includes("\0")) this.lastEventId = value;
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

/** Where and how a broken answer is picked up again: the resume route for its message id, and the waits before each try. */
export interface ResumeOptions {
  path(messageId: string): string;
  /** One wait per attempt; 0.5 s, 1 s, 2 s unless told. */
  delaysMs?: number[];
}

export const RESUME_DELAYS_MS = [500, 1000, 2000];

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", aborted);
      resolve();
    }, ms);
    const aborted = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", aborted, { once: true });
  });
}

async function readEvents(response: Response, signal: AbortSignal, onMessage: (message: SseMessage) => void): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) throw new ApiError(0, "The server sent no answer. Try again.");
  const parser = new SseParser(onMessage);
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

/**
 * POSTs a question and calls `onEvent` for each answer event until the stream ends. A refusal before the stream
 * starts rejects with the ApiError (its `detail`); aborting `signal` rejects with an AbortError. With `resume`, a
 * stream that breaks (lost connection, or ended before `message_stop`/`error`) after `message_start` is asked
 * again from the resume route with the last event id, up to one try per delay, and only events after that id are
 * handed over; when every try fails the last failure rejects (or, if the tries only ended early, it resolves and
 * the caller sees no `message_stop`). Aborting never resumes.
 */
export async function streamAnswer(
  path: string,
  body: ChatRequest,
  signal: AbortSignal,
  onEvent: (event: AnswerEvent) => void,
  resume?: ResumeOptions,
): Promise<void> {
  let lastId = 0;
  let messageId: string | null = null;
  let ended = false;
  const onMessage = (message: SseMessage) => {
    const id = Number.parseInt(message.id, 10);
    if (Number.isSafeInteger(id)) {
      if (id <= lastId) return; // replayed by a resume: already handed over
      lastId = id;
    }
    const event = toAnswerEvent(message);
    if (!event) return;
    if (event.type === "message_start") messageId = event.data.id;
    if (event.type === "message_stop" || event.type === "error") ended = true;
    onEvent(event);
  };
  const response = await send(path, { method: "POST", body: { ...body, stream: true }, signal, accept: "text/event-stream" });
  let failure: unknown = null;
  try {
    await readEvents(response, signal, onMessage);
  } catch (error) {
    failure = error;
  }
  const delays = resume?.delaysMs ?? RESUME_DELAYS_MS;
  for (let attempt = 0; !ended && !signal.aborted && resume && messageId !== null && attempt < delays.length; attempt++) {
    await wait(delays[attempt] ?? 0, signal);
    try {
      const again = await send(resume.path(messageId) + query({ last_event_id: lastId > 0 ? lastId : undefined }), {
        signal,
        accept: "text/event-stream",
      });
      failure = null;
      await readEvents(again, signal, onMessage);
    } catch (error) {
      failure = error;
      if (signal.aborted) break;
      // The server knows no such answer (or refuses it): asking again will not help.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408) break;
    }
  }
  if (failure !== null && !ended) throw failure;
}
