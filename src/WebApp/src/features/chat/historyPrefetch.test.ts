import { afterEach, describe, expect, it, vi } from "vitest";
import { prefetchHistoryFor, takePrefetchedHistory } from "./historyPrefetch";
import { loadHistory } from "./useChatThread";

const message = (id: string, role: "user" | "assistant", text: string) => ({
  id,
  role,
  content: [{ type: "text", text }],
  created_at: "2026-12-04T10:00:00Z",
  credits_consumed: role === "assistant" ? 1 : 0,
  complete: true,
});

function respond(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

describe("history prefetched when the app opens on a conversation", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    takePrefetchedHistory("w", "c");
  });

  it("is asked for once at start and handed to that conversation's first load only", async () => {
    const fetch = vi.fn(async () => respond(200, { data: [message("1", "user", "Hi"), message("2", "assistant", "Hello")], count: 2 }));
    vi.stubGlobal("fetch", fetch);
    prefetchHistoryFor("/workspaces/w/chat/c");
    expect(takePrefetchedHistory("w", "other")).toBeNull();

    const history = await loadHistory("w", "c");
    expect(history.map((m) => m.id)).toEqual(["1", "2"]);
    expect(fetch).toHaveBeenCalledTimes(1);

    await loadHistory("w", "c");
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("is not asked for on other pages", () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    prefetchHistoryFor("/workspaces/w/chat");
    prefetchHistoryFor("/workspaces/w/documents");
    expect(fetch).not.toHaveBeenCalled();
  });

  it("asks again when the prefetch failed (the person signed in since) instead of showing its error", async () => {
    let calls = 0;
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => (++calls === 1 ? respond(401, { detail: "Invalid or missing API key" }) : respond(200, { data: [message("1", "user", "Hi")], count: 1 }))),
    );
    prefetchHistoryFor("/workspaces/w/chat/c");
    const history = await loadHistory("w", "c");
    expect(history.map((m) => m.id)).toEqual(["1"]);
    expect(calls).toBe(2);
  });
});
