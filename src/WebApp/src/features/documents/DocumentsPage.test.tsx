import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PlanckDocument, WorkspaceDetail } from "../../api/types";
import { AuthProvider } from "../auth/AuthContext";
import { FAILURES_BEFORE_FALLBACK, RECONNECT_MAX_MS } from "../../api/documentEvents";
import { fakeDocument, FakeEventSource, fakeServer, polyfillDialog, type FakeRoute } from "../workspaces/testing";
import { WorkspaceContext } from "../workspaces/WorkspaceContext";
import { DocumentsPage } from "./DocumentsPage";
import { FALLBACK_POLL_MS } from "./documentsList";

const workspace: WorkspaceDetail = {
  id: "w1",
  name: "Finance",
  description: null,
  created_at: "2026-01-01T00:00:00Z",
  document_count: 1,
  member_count: 1,
  databases: [],
};

const LIST = "/api/v1/documents/?workspace_id=w1&limit=200&offset=0";

function doc(status: PlanckDocument["status"], extra: Partial<PlanckDocument> = {}): PlanckDocument {
  return fakeDocument("d1", status, { name: "report.pdf", ...extra });
}

function routes(list: PlanckDocument[], role: "User" | "Admin" = "User"): FakeRoute[] {
  return [
    { path: "/api/v1/users/me", body: { id: "u1", email: "a@example.com", full_name: "A", role, is_active: true, created_at: "" } },
    { path: "/api/v1/config", body: { max_upload_bytes: 1024, accepted_types: [".pdf"] } },
    { path: LIST, body: { data: list, count: list.length } },
  ];
}

function renderPage() {
  return render(
    <AuthProvider>
      <WorkspaceContext.Provider value={{ workspace, reload: async () => undefined }}>
        <DocumentsPage />
      </WorkspaceContext.Provider>
    </AuthProvider>,
  );
}

/** Lets the fake fetches resolve and React render what they brought. */
async function settle(ms = 0) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

beforeEach(() => {
  polyfillDialog();
  vi.useFakeTimers();
  FakeEventSource.install();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("Documents", () => {
  it("follows the event stream: progress and status change live, and the list is not asked again", async () => {
    const server = fakeServer(routes([doc("pending", { progress: { stage: "queued", percent: 0, passages_done: 0 } })]));
    renderPage();
    await settle();
    const stream = FakeEventSource.latest;
    expect(stream.url).toBe("/api/v1/documents/events?workspace_id=w1");
    act(() => stream.open());
    expect(screen.getByText("Queued · 0%")).toBeTruthy();

    const processing = doc("processing", { progress: { stage: "embedding", percent: 40, passages_done: 4 }, updated_at: "2026-01-01T00:00:05Z" });
    act(() => stream.send("document", processing));
    expect(screen.getByText("Embedding passages · 40% · 4 passages")).toBeTruthy();
    const bar = screen.getByRole("progressbar", { name: "Processing report.pdf" }) as HTMLProgressElement;
    expect(bar.value).toBe(40);

    // An older state arriving late (a replay of the last seconds) does not move the bar back.
    act(() => stream.send("document", doc("processing", { progress: { stage: "extracting", percent: 10, passages_done: 0 }, updated_at: "2026-01-01T00:00:02Z" })));
    expect(screen.getByText("Embedding passages · 40% · 4 passages")).toBeTruthy();

    act(() => stream.send("document", doc("ready", { page_count: 3, chunk_count: 12, updated_at: "2026-01-01T00:00:09Z" })));
    expect(screen.getByText("Ready").className).toBe("status status-ready");
    expect(screen.getByText("12")).toBeTruthy();
    expect(screen.queryByRole("progressbar")).toBeNull();

    await settle(FALLBACK_POLL_MS * 3);
    expect(server.requests.filter((r) => r.url === LIST)).toHaveLength(1);
  });

  it("adds a document another member uploaded, and reads the list again after the stream reconnects", async () => {
    const server = fakeServer(routes([doc("ready")]));
    renderPage();
    await settle();
    act(() => FakeEventSource.latest.open());
    act(() => FakeEventSource.latest.send("document", fakeDocument("d2", "pending", { name: "minutes.docx" })));
    expect(screen.getByRole("cell", { name: "minutes.docx" })).toBeTruthy();

    act(() => FakeEventSource.latest.fail());
    await settle(1000);
    act(() => FakeEventSource.latest.open());
    await settle();
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(server.requests.filter((r) => r.url === LIST)).toHaveLength(2);
  });

  it("polls slowly only while the stream keeps failing and a document is in progress", async () => {
    const table = routes([doc("processing", { progress: { stage: "extracting", percent: 5, passages_done: 0 } })]);
    const server = fakeServer(table);
    renderPage();
    await settle();
    const listCalls = () => server.requests.filter((r) => r.url === LIST).length;
    for (let failure = 1; failure <= FAILURES_BEFORE_FALLBACK; failure++) {
      act(() => FakeEventSource.latest.fail());
      if (failure < FAILURES_BEFORE_FALLBACK) await settle(RECONNECT_MAX_MS);
    }
    expect(screen.getByText(/Live updates are unavailable/)).toBeTruthy();
    expect(listCalls()).toBe(1);

    table[2] = { path: LIST, body: { data: [doc("ready", { updated_at: "2026-01-01T00:01:00Z" })], count: 1 } };
    await settle(FALLBACK_POLL_MS);
    expect(listCalls()).toBe(2);
    expect(screen.getByText("Ready")).toBeTruthy();
    await settle(FALLBACK_POLL_MS * 3);
    expect(listCalls()).toBe(2);
  });

  it("cancels a document in progress and retries a cancelled one, showing what the server answers", async () => {
    const table = routes([doc("processing", { progress: { stage: "embedding", percent: 50, passages_done: 2 } })]);
    table.push(
      { method: "POST", path: "/api/v1/documents/d1/cancel", body: doc("cancelled", { updated_at: "2026-01-01T00:00:10Z" }) },
      { method: "POST", path: "/api/v1/documents/d1/retry", body: doc("pending", { updated_at: "2026-01-01T00:00:20Z" }) },
    );
    const server = fakeServer(table);
    renderPage();
    await settle();
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
    await act(async () => {
      screen.getByRole("button", { name: "Cancel" }).click();
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByText("Cancelled").className).toBe("status status-cancelled");
    expect(screen.queryByRole("button", { name: "Cancel" })).toBeNull();
    await act(async () => {
      screen.getByRole("button", { name: "Retry" }).click();
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByText("Pending")).toBeTruthy();
    expect(server.requests.filter((r) => r.method === "POST").map((r) => r.url)).toEqual([
      "/api/v1/documents/d1/cancel",
      "/api/v1/documents/d1/retry",
    ]);
  });

  it("shows the server's detail when Cancel comes too late", async () => {
    const table = routes([doc("processing")]);
    table.push(
      { method: "POST", path: "/api/v1/documents/d1/cancel", status: 409, body: { detail: "The document is already ready; nothing to cancel." } },
      { path: "/api/v1/documents/d1", body: doc("ready", { chunk_count: 7, updated_at: "2026-01-01T00:01:00Z" }) },
    );
    fakeServer(table);
    renderPage();
    await settle();
    await act(async () => {
      screen.getByRole("button", { name: "Cancel" }).click();
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByRole("alert").textContent).toBe("The document is already ready; nothing to cancel.");
    // The row was out of date: it shows the document as it is now, the refusal still beside it.
    expect(screen.getByText("Ready").className).toBe("status status-ready");
    expect(screen.queryByRole("button", { name: "Cancel" })).toBeNull();
  });

  it("offers Re-index to an Admin only", async () => {
    fakeServer(routes([doc("ready")], "Admin"));
    const { unmount } = renderPage();
    await settle();
    expect(screen.getByRole("button", { name: "Re-index" })).toBeTruthy();
    unmount();
    fakeServer(routes([doc("ready")], "User"));
    renderPage();
    await settle();
    expect(screen.getByRole("cell", { name: "report.pdf" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Re-index" })).toBeNull();
  });

  it("shows a failed document's error beside its status", async () => {
    fakeServer(routes([doc("failed", { error: "The file is not a valid PDF." })]));
    renderPage();
    await settle();
    expect(screen.getByText("The file is not a valid PDF.").className).toBe("document-error");
    expect(screen.getByRole("link", { name: "Download" }).getAttribute("href")).toBe("/api/v1/documents/d1/content");
  });

  it("deletes a document only after the confirmation", async () => {
    const table = routes([doc("ready")]);
    table.push({ method: "DELETE", path: "/api/v1/documents/d1", status: 204 });
    const server = fakeServer(table);
    renderPage();
    await settle();
    act(() => screen.getByRole("button", { name: "Delete" }).click());
    const dialog = screen.getByRole("dialog", { name: "Delete document" });
    expect(server.requests.some((r) => r.method === "DELETE")).toBe(false);
    await act(async () => {
      (dialog.querySelector("button.danger") as HTMLButtonElement).click();
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(server.requests.filter((r) => r.method === "DELETE").map((r) => r.url)).toEqual(["/api/v1/documents/d1"]);
    expect(screen.queryByRole("cell", { name: "report.pdf" })).toBeNull();
    expect(screen.getByText("report.pdf was deleted.")).toBeTruthy();

    // Its last progress event, already on the way, does not bring the row back.
    act(() => FakeEventSource.latest.send("document", doc("ready", { updated_at: "2026-01-02T00:00:00Z" })));
    expect(screen.queryByRole("cell", { name: "report.pdf" })).toBeNull();
  });

  it("closes the stream when the page is left", async () => {
    fakeServer(routes([doc("pending")]));
    const { unmount } = renderPage();
    await settle();
    const stream = FakeEventSource.latest;
    expect(stream.closed).toBe(false);
    unmount();
    expect(stream.closed).toBe(true);
    await settle(RECONNECT_MAX_MS);
    expect(FakeEventSource.instances).toHaveLength(1);
  });
});
