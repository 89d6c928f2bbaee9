import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { AuthProvider } from "../auth/AuthContext";
import ChatPage from "./ChatScreen";
import { RESUME_DELAYS_MS } from "../../api/sse";

const conversation = {
  id: "c1",
  name: "Revenue in 2024",
  workspace_id: "w",
  is_owner: true,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

function sse(events: [string, object][], hold?: AbortSignal): Response {
  const text = events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join("");
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      if (!hold) controller.close();
      else hold.addEventListener("abort", () => controller.error(new DOMException("Aborted", "AbortError")));
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const answer: [string, object][] = [
  ["message_start", { id: "a1", role: "assistant" }],
  ["content_block_start", { index: 0, type: "text", text: "" }],
  ["content_block_delta", { index: 0, delta: { type: "text_delta", text: "Revenue grew " } }],
  ["content_block_delta", { index: 0, delta: { type: "text_delta", text: "by 12% [1]." } }],
  ["content_block_stop", { index: 0 }],
  ["content_block_start", { index: 1, type: "sources", sources: [{ document_id: "d1", name: "report.pdf", snippet: "12%", page: 4 }] }],
  ["content_block_stop", { index: 1 }],
  ["message_stop", { id: "a1", credits_consumed: 2 }],
];

type Handler = (method: string, url: string, init: RequestInit) => Response | Promise<Response> | undefined;
let handler: Handler;
const calls: { method: string; url: string; body: unknown }[] = [];

beforeEach(() => {
  calls.length = 0;
  vi.stubGlobal("scrollTo", vi.fn());
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? "GET";
      calls.push({ method, url, body: init.body ? JSON.parse(init.body as string) : undefined });
      if (url === "/api/v1/users/me") return json({ id: "u", email: "a@b.c", full_name: "A", role: "User", is_active: true, created_at: "" });
      if (url === "/api/v1/config") return json({ version: "1", max_upload_bytes: 1, accepted_types: [], language_model: true, session_hours: 1 });
      const answered = await handler(method, url, init);
      if (answered) return answered;
      return json({ detail: `No fake for ${method} ${url}` }, 404);
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function Where() {
  return <output data-testid="where">{useLocation().pathname}</output>;
}

function renderAt(path: string) {
  render(
    <MemoryRouter initialEntries={[path]}>
      <AuthProvider>
        <Routes>
          <Route path="/workspaces/:workspaceId/chat" element={<ChatPage />} />
          <Route path="/workspaces/:workspaceId/chat/:conversationId" element={<ChatPage />} />
        </Routes>
        <Where />
      </AuthProvider>
    </MemoryRouter>,
  );
}

async function ask(question: string) {
  const box = await screen.findByRole("textbox", { name: "Message" });
  fireEvent.change(box, { target: { value: question } });
  fireEvent.keyDown(box, { key: "Enter" });
}

describe("ChatPage", () => {
  it("creates a conversation from the first message, opens it and streams the answer there", async () => {
    let created = false;
    handler = (method, url) => {
      if (method === "GET" && url.startsWith("/api/v1/workspaces/w/conversations?"))
        return json(created ? { data: [conversation], count: 1 } : { data: [], count: 0 });
      if (method === "POST" && url === "/api/v1/workspaces/w/conversations") {
        created = true;
        return json(conversation, 201);
      }
      if (method === "GET" && url === "/api/v1/workspaces/w/conversations/c1") return json(conversation);
      if (method === "POST" && url === "/api/v1/workspaces/w/conversations/c1/messages") return sse(answer);
      return undefined;
    };
    renderAt("/workspaces/w/chat");
    expect(await screen.findByRole("heading", { level: 1, name: "New conversation" })).toBeTruthy();

    await ask("How did revenue change?");

    expect(await screen.findByText("2 credits")).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("where").textContent).toBe("/workspaces/w/chat/c1"));
    expect(await screen.findByRole("heading", { level: 1, name: "Revenue in 2024" })).toBeTruthy();
    expect(screen.getByText("How did revenue change?")).toBeTruthy();
    await waitFor(() => expect(document.querySelector('[aria-live="polite"][role="status"]')?.textContent).toBe("Answer complete"));
    const citation = screen.getByRole("link", { name: "Source 1" });
    const firstSource = document.querySelector(".block-sources li");
    expect(citation.getAttribute("href")).toBe(`#${firstSource?.id}`);
    expect(screen.getByRole("link", { name: "report.pdf, p. 4" }).getAttribute("href")).toBe("/api/v1/documents/d1/content#page=4");

    const create = calls.find((call) => call.method === "POST" && call.url === "/api/v1/workspaces/w/conversations");
    expect(create?.body).toEqual({ prompt: "How did revenue change?" });
    const post = calls.find((call) => call.url === "/api/v1/workspaces/w/conversations/c1/messages");
    expect(post?.body).toEqual({ message: "How did revenue change?", stream: true });
    // The conversation was just made: its (empty) history is not fetched over the answer streaming into it.
    expect(calls.some((call) => call.method === "GET" && call.url.includes("/c1/messages"))).toBe(false);
  });

  it("loads a long history page by page", async () => {
    const messages = Array.from({ length: 250 }, (_, i) => ({
      id: `m${i}`,
      role: i % 2 === 0 ? "user" : "assistant",
      content: [{ type: "text", text: `Message ${i}` }],
      created_at: "2026-01-01T00:00:00Z",
      credits_consumed: i % 2,
      complete: true,
    }));
    handler = (method, url) => {
      if (url.startsWith("/api/v1/workspaces/w/conversations?")) return json({ data: [conversation], count: 1 });
      if (url === "/api/v1/workspaces/w/conversations/c1") return json(conversation);
      const page = /\/c1\/messages\?limit=(\d+)&offset=(\d+)/.exec(url);
      if (method === "GET" && page) {
        const [limit, offset] = [Number(page[1]), Number(page[2])];
        return json({ data: messages.slice(offset, offset + limit), count: messages.length });
      }
      return undefined;
    };
    renderAt("/workspaces/w/chat/c1");
    expect(await screen.findByText("Message 249")).toBeTruthy();
    // The newest messages come first, the older ones in batches after: all of them end up in the page.
    expect(await screen.findByText("Message 0", undefined, { timeout: 5000 })).toBeTruthy();
    expect(calls.filter((call) => call.url.includes("/c1/messages")).map((call) => call.url)).toEqual([
      "/api/v1/workspaces/w/conversations/c1/messages?limit=200&offset=0",
      "/api/v1/workspaces/w/conversations/c1/messages?limit=200&offset=200",
    ]);
    expect(document.querySelectorAll(".message")).toHaveLength(250);
  });

  it("stops an answer on Stop, keeping what arrived, and retries a failed one", async () => {
    let attempt = 0;
    handler = (method, url, init) => {
      if (url.startsWith("/api/v1/workspaces/w/conversations?")) return json({ data: [], count: 0 });
      if (method === "POST" && url === "/api/v1/workspaces/w/chat/streams/q1/stop") return new Response(null, { status: 204 });
      if (method === "POST" && url === "/api/v1/workspaces/w/chat") {
        attempt++;
        if (attempt === 1) {
          return sse(
            [
              ["message_start", { id: "q1", role: "assistant" }],
              ["content_block_start", { index: 0, type: "text", text: "" }],
              ["content_block_delta", { index: 0, delta: { type: "text_delta", text: "Partial answer" } }],
            ],
            init.signal ?? undefined,
          );
        }
        if (attempt === 2) return sse([["message_start", { id: "q2", role: "assistant" }], ["error", { detail: "The model stopped answering." }]]);
        return sse(answer);
      }
      return undefined;
    };
    renderAt("/workspaces/w/chat");
    fireEvent.click(await screen.findByRole("button", { name: "Quick question" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Quick question" })).toBeTruthy();

    await ask("First?");
    expect(await screen.findByText("Partial answer")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Stop" }));
    expect(await screen.findByText("Stopped")).toBeTruthy();
    expect(screen.getByText("Partial answer")).toBeTruthy();
    // The server is told to stop too: a dropped connection alone leaves the answer running for a resume.
    expect(calls.filter((call) => call.url.endsWith("/stop")).map((call) => `${call.method} ${call.url}`)).toEqual([
      "POST /api/v1/workspaces/w/chat/streams/q1/stop",
    ]);

    await ask("Second?");
    expect((await screen.findByRole("alert")).textContent).toContain("The model stopped answering.");
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByText("2 credits")).toBeTruthy();
    expect(screen.queryByText("The model stopped answering.")).toBeNull();
    const asked = calls.filter((call) => call.url === "/api/v1/workspaces/w/chat").map((call) => (call.body as { message: string }).message);
    expect(asked).toEqual(["First?", "Second?", "Second?"]);
  });

  it("points a question at the database picked beside the composer, and at nothing with Automatic", async () => {
    const databases = [
      { id: "db-uploaded", workspace_id: "w", name: "Uploaded tables", type: "documents", description: "", status: "ready", status_detail: null, table_count: 0, refreshed_at: "", created_at: "" },
      { id: "db-shop", workspace_id: "w", name: "Shop", type: "sqlite", description: "", status: "ready", status_detail: null, table_count: 2, refreshed_at: "", created_at: "" },
    ];
    const databaseAnswer: [string, object][] = [
      ["message_start", { id: "a2", role: "assistant" }],
      ["content_block_start", { index: 0, type: "text", text: "" }],
      ["content_block_delta", { index: 0, delta: { type: "text_delta", text: "Here is what the query found." } }],
      ["content_block_stop", { index: 0 }],
      ["content_block_start", { index: 1, type: "code", language: "sql", code: "" }],
      ["content_block_delta", { index: 1, delta: { type: "text_delta", text: "SELECT name FROM customers" } }],
      ["content_block_stop", { index: 1 }],
      ["content_block_start", { index: 2, type: "table", columns: [{ name: "name", type: "string" }], rows: [["Ada"], ["Grace"]], truncated: true }],
      ["content_block_stop", { index: 2 }],
      ["content_block_start", { index: 3, type: "sources", sources: [{ database_id: "db-shop", name: "Shop", tables: ["customers"] }] }],
      ["content_block_stop", { index: 3 }],
      ["message_stop", { id: "a2", credits_consumed: 1 }],
    ];
    handler = (method, url) => {
      if (url.startsWith("/api/v1/workspaces/w/conversations?")) return json({ data: [], count: 0 });
      if (method === "GET" && url === "/api/v1/workspaces/w/databases") return json({ data: databases, count: 2 });
      if (method === "POST" && url === "/api/v1/workspaces/w/chat") return sse(databaseAnswer);
      return undefined;
    };
    renderAt("/workspaces/w/chat");
    fireEvent.click(await screen.findByRole("button", { name: "Quick question" }));
    const picker = screen.getByRole("combobox", { name: "Database" });
    expect((picker as HTMLSelectElement).value).toBe("");
    await waitFor(() => expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["Automatic", "Uploaded tables", "Shop"]));
    fireEvent.change(picker, { target: { value: "db-shop" } });

    await ask("Who are our customers?");
    expect(await screen.findByText("1 credit")).toBeTruthy();
    expect(document.querySelector(".block-code")?.textContent).toContain("SELECT name FROM customers");
    expect(screen.getByRole("region", { name: "Table" }).querySelectorAll("tbody tr")).toHaveLength(2);
    expect(screen.getByText("Showing the first 2 rows: the result has more.")).toBeTruthy();
    expect(screen.getByRole("region", { name: "Sources" }).textContent).toContain("Database Shop: table customers");

    fireEvent.change(picker, { target: { value: "" } });
    await ask("And now?");
    await waitFor(() => expect(calls.filter((call) => call.url === "/api/v1/workspaces/w/chat")).toHaveLength(2));
    const bodies = calls.filter((call) => call.url === "/api/v1/workspaces/w/chat").map((call) => call.body);
    expect(bodies).toEqual([
      { message: "Who are our customers?", settings: { chat_metadata: { database: { id: "db-shop" } } }, stream: true },
      { message: "And now?", stream: true },
    ]);
  });

  describe("a dropped answer", () => {
    const delays = [...RESUME_DELAYS_MS];
    beforeEach(() => RESUME_DELAYS_MS.splice(0, delays.length, 0, 0, 0));
    afterEach(() => RESUME_DELAYS_MS.splice(0, delays.length, ...delays));

    const numbered = (from: number, events: [string, object][]) =>
      new Response(events.map(([name, data], i) => `id: ${from + i}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join(""), {
        status: 200,
        headers: { "content-type": "text/event-stream" },
      });

    it("is resumed from the conversation's stream route and completes without repeated text", async () => {
      handler = (method, url) => {
        if (url.startsWith("/api/v1/workspaces/w/conversations?")) return json({ data: [conversation], count: 1 });
        if (url.startsWith("/api/v1/workspaces/w/conversations/c1/messages?")) return json({ data: [], count: 0 });
        if (url === "/api/v1/workspaces/w/conversations/c1") return json(conversation);
        if (method === "POST" && url === "/api/v1/workspaces/w/conversations/c1/messages") return numbered(1, answer.slice(0, 3));
        if (url === "/api/v1/workspaces/w/conversations/c1/messages/a1/stream?last_event_id=3") return numbered(3, answer.slice(2));
        return undefined;
      };
      renderAt("/workspaces/w/chat/c1");
      await ask("How did revenue do?");
      expect(await screen.findByText("2 credits")).toBeTruthy();
      expect(screen.getAllByText((_, node) => node?.textContent === "Revenue grew by 12% [1].", { ignore: "script" }).length).toBeGreaterThan(0);
      expect(document.body.textContent).not.toContain("Revenue grew Revenue grew");
      expect(calls.filter((call) => call.url.includes("/stream"))).toHaveLength(1);
    });

    it("ends in the error with Retry when every resume fails", async () => {
      handler = (method, url) => {
        if (url.startsWith("/api/v1/workspaces/w/conversations?")) return json({ data: [], count: 0 });
        if (method === "POST" && url === "/api/v1/workspaces/w/chat") return numbered(1, answer.slice(0, 3));
        if (url.startsWith("/api/v1/workspaces/w/chat/streams/a1")) return Promise.reject(new TypeError("offline"));
        return undefined;
      };
      renderAt("/workspaces/w/chat");
      fireEvent.click(await screen.findByRole("button", { name: "Quick question" }));
      await ask("First?");
      expect((await screen.findByRole("alert")).textContent).toContain("Cannot reach the server");
      expect(screen.getByRole("button", { name: "Retry" })).toBeTruthy();
      expect(calls.filter((call) => call.url.startsWith("/api/v1/workspaces/w/chat/streams/a1?last_event_id=3"))).toHaveLength(3);
    });
  });
});
