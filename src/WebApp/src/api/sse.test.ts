import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "./client";
import { SseParser, streamAnswer, type AnswerEvent, type SseMessage } from "./sse";

// A recorded answer in the server's form, with what the network may do to it: CRLF and LF line ends, a
// keep-alive comment, a data field over two lines and characters of two, three and four UTF-8 bytes.
const RECORDED =
  ": keep-alive\n\n" +
  'event: message_start\r\ndata: {"id":"m1","role":"assistant"}\r\n\r\n' +
  'event: content_block_start\ndata: {"index":0,"type":"text","text":""}\n\n' +
  'event: content_block_delta\ndata: {"index":0,"delta":{"type":"text_delta","text":"Café 中文 🙂"}}\n\n' +
  ": keep-alive\r\n\r\n" +
  'event: content_block_delta\ndata: {"index":0,\ndata: "delta":{"type":"text_delta","text":" [1]"}}\n\n' +
  'event: content_block_stop\rdata: {"index":0}\r\r' +
  'event: message_stop\ndata: {"id":"m1","credits_consumed":2}\n\n';

const EXPECTED: SseMessage[] = [
  { event: "message_start", data: '{"id":"m1","role":"assistant"}' },
  { event: "content_block_start", data: '{"index":0,"type":"text","text":""}' },
  { event: "content_block_delta", data: '{"index":0,"delta":{"type":"text_delta","text":"Café 中文 🙂"}}' },
  { event: "content_block_delta", data: '{"index":0,\n"delta":{"type":"text_delta","text":" [1]"}}' },
  { event: "content_block_stop", data: '{"index":0}' },
  { event: "message_stop", data: '{"id":"m1","credits_consumed":2}' },
];

function parse(chunks: Uint8Array[]): SseMessage[] {
  const messages: SseMessage[] = [];
  const parser = new SseParser((message) => messages.push(message));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return messages;
}

const bytes = new TextEncoder().encode(RECORDED);

describe("SseParser", () => {
  it("reads the recorded stream in one chunk", () => {
    expect(parse([bytes])).toEqual(EXPECTED);
  });

  it("reads the same events whichever byte the stream is split at", () => {
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parse([bytes.slice(0, cut), bytes.slice(cut)]), `split at byte ${cut}`).toEqual(EXPECTED);
    }
  });

  it("reads the same events when every byte arrives alone", () => {
    expect(parse(Array.from(bytes, (byte) => Uint8Array.of(byte)))).toEqual(EXPECTED);
  });

  it("reads the same events split at every pair of positions of its first events", () => {
    const head = bytes.slice(0, 120);
    const expectedHead = parse([head]);
    for (let a = 1; a < head.length; a++) {
      for (let b = a + 1; b < head.length; b++) {
        expect(parse([head.slice(0, a), head.slice(a, b), head.slice(b)])).toEqual(expectedHead);
      }
    }
  });

  it("drops comments, events without data and an event the stream cut before its blank line", () => {
    const messages = parse([new TextEncoder().encode(": hello\n\nevent: ping\n\ndata: kept\n\nevent: error\ndata: {}")]);
    expect(messages).toEqual([{ event: "message", data: "kept" }]);
  });
});

function streamResponse(text: string, status = 200, contentType = "text/event-stream"): Response {
  const encoded = new TextEncoder().encode(text);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < encoded.length; i += 7) controller.enqueue(encoded.slice(i, i + 7));
      controller.close();
    },
  });
  return new Response(body, { status, headers: { "content-type": contentType } });
}

describe("streamAnswer", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("posts the question asking for an event stream and hands over each event", async () => {
    const fetch = vi.fn(async () => streamResponse(RECORDED));
    vi.stubGlobal("fetch", fetch);
    const events: AnswerEvent[] = [];
    await streamAnswer("/api/v1/workspaces/w/chat", { message: "Hi" }, new AbortController().signal, (e) => events.push(e));

    expect(events.map((e) => e.type)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_stop",
    ]);
    expect(events[2]).toEqual({ type: "content_block_delta", data: { index: 0, delta: { type: "text_delta", text: "Café 中文 🙂" } } });
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe("/api/v1/workspaces/w/chat");
    expect(init.method).toBe("POST");
    expect(init.credentials).toBe("same-origin");
    expect((init.headers as Record<string, string>).Accept).toBe("text/event-stream");
    expect(JSON.parse(init.body as string)).toEqual({ message: "Hi", stream: true });
  });

  it("rejects a refusal before the stream with the server's detail", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () =>
        new Response(JSON.stringify({ detail: "The question is empty." }), {
          status: 400,
          headers: { "content-type": "application/problem+json" },
        }),
      ),
    );
    const failure = streamAnswer("/x", { message: "" }, new AbortController().signal, () => undefined);
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 400, detail: "The question is empty." });
  });

  it("turns a connection lost mid-stream into a network ApiError", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('event: message_start\ndata: {"id":"m","role":"assistant"}\n\n'));
      },
      pull(controller) {
        controller.error(new TypeError("network error"));
      },
    });
    vi.stubGlobal("fetch", vi.fn(async () => new Response(body, { status: 200 })));
    const events: AnswerEvent[] = [];
    const failure = streamAnswer("/x", { message: "q" }, new AbortController().signal, (e) => events.push(e));
    await expect(failure).rejects.toMatchObject({ status: 0, isNetwork: true });
    expect(events.map((e) => e.type)).toEqual(["message_start"]);
  });
});
