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
  { event: "message_start", data: '{"id":"m1","role":"assistant"}', id: "" },
  { event: "content_block_start", data: '{"index":0,"type":"text","text":""}', id: "" },
  { event: "content_block_delta", data: '{"index":0,"delta":{"type":"text_delta","text":"Café 中文 🙂"}}', id: "" },
  { event: "content_block_delta", data: '{"index":0,\n"delta":{"type":"text_delta","text":" [1]"}}', id: "" },
  { event: "content_block_stop", data: '{"index":0}', id: "" },
  { event: "message_stop", data: '{"id":"m1","credits_consumed":2}', id: "" },
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
    expect(messages).toEqual([{ event: "message", data: "kept", id: "" }]);
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

// An answer as the server numbers it: `id: N` on every event, N from 1.
function numbered(from: number, to: number): string {
  const all = [
    'event: message_start\ndata: {"id":"m7","role":"assistant"}',
    'event: content_block_start\ndata: {"index":0,"type":"text","text":""}',
    'event: content_block_delta\ndata: {"index":0,"delta":{"type":"text_delta","text":"One "}}',
    'event: content_block_delta\ndata: {"index":0,"delta":{"type":"text_delta","text":"two "}}',
    'event: content_block_delta\ndata: {"index":0,"delta":{"type":"text_delta","text":"three"}}',
    'event: content_block_stop\ndata: {"index":0}',
    'event: message_stop\ndata: {"id":"m7","credits_consumed":1}',
  ];
  return all
    .slice(from - 1, to)
    .map((event, i) => `id: ${from + i}\n${event}\n\n`)
    .join("");
}

/** A stream that sends `text` and then breaks as a lost connection does. */
function brokenResponse(text: string): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
    },
    pull(controller) {
      controller.error(new TypeError("network error"));
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
}

function textOf(events: AnswerEvent[]): string {
  return events.map((e) => (e.type === "content_block_delta" ? e.data.delta.text : "")).join("");
}

const resume = { path: (id: string) => `/api/v1/workspaces/w/chat/streams/${id}`, delaysMs: [0, 0, 0] };

describe("streamAnswer resuming", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("reads the event ids", () => {
    const messages = parse([new TextEncoder().encode(numbered(1, 2))]);
    expect(messages.map((m) => m.id)).toEqual(["1", "2"]);
  });

  it("resumes a broken stream from the last id and hands over no event twice", async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(brokenResponse(numbered(1, 3)))
      // The server replays from an earlier id than asked (as a proxy retrying might): those are skipped.
      .mockResolvedValueOnce(streamResponse(numbered(2, 7)));
    vi.stubGlobal("fetch", fetch);
    const events: AnswerEvent[] = [];
    await streamAnswer("/api/v1/workspaces/w/chat", { message: "q" }, new AbortController().signal, (e) => events.push(e), resume);

    expect(textOf(events)).toBe("One two three");
    expect(events.map((e) => e.type)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_stop",
    ]);
    const [path, init] = fetch.mock.calls[1] as unknown as [string, RequestInit];
    expect(path).toBe("/api/v1/workspaces/w/chat/streams/m7?last_event_id=3");
    expect(init.method).toBe("GET");
    expect((init.headers as Record<string, string>).Accept).toBe("text/event-stream");
  });

  it("resumes a stream that ended before message_stop, trying again after a failed resume", async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(streamResponse(numbered(1, 4)))
      .mockRejectedValueOnce(new TypeError("offline"))
      .mockResolvedValueOnce(streamResponse(numbered(5, 7)));
    vi.stubGlobal("fetch", fetch);
    const events: AnswerEvent[] = [];
    await streamAnswer("/x", { message: "q" }, new AbortController().signal, (e) => events.push(e), resume);

    expect(textOf(events)).toBe("One two three");
    expect(events.at(-1)?.type).toBe("message_stop");
    expect(fetch.mock.calls.map((call) => call[0])).toEqual([
      "/x",
      "/api/v1/workspaces/w/chat/streams/m7?last_event_id=4",
      "/api/v1/workspaces/w/chat/streams/m7?last_event_id=4",
    ]);
  });

  it("gives up after three failed resumes with the last failure", async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(brokenResponse(numbered(1, 3)))
      .mockImplementation(async () => brokenResponse(""));
    vi.stubGlobal("fetch", fetch);
    const events: AnswerEvent[] = [];
    const failure = streamAnswer("/x", { message: "q" }, new AbortController().signal, (e) => events.push(e), resume);
    await expect(failure).rejects.toMatchObject({ status: 0, isNetwork: true });
    expect(fetch).toHaveBeenCalledTimes(4);
    expect(textOf(events)).toBe("One ");
  });

  it("stops resuming when the server does not know the answer", async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(brokenResponse(numbered(1, 3)))
      .mockResolvedValue(
        new Response(JSON.stringify({ detail: "No such answer." }), {
          status: 404,
          headers: { "content-type": "application/problem+json" },
        }),
      );
    vi.stubGlobal("fetch", fetch);
    const failure = streamAnswer("/x", { message: "q" }, new AbortController().signal, () => undefined, resume);
    await expect(failure).rejects.toMatchObject({ status: 404, detail: "No such answer." });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("never resumes once stopped", async () => {
    const abort = new AbortController();
    const fetch = vi.fn(async () => brokenResponse(numbered(1, 3)));
    vi.stubGlobal("fetch", fetch);
    const events: AnswerEvent[] = [];
    const answer = streamAnswer("/x", { message: "q" }, abort.signal, (e) => {
      events.push(e);
      if (events.length === 3) abort.abort();
    }, resume);
    await expect(answer).rejects.toBeDefined();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(events).toHaveLength(3);
  });
});
