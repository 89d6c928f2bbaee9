import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PlanckDocument, WorkspaceDetail } from "../../api/types";
import { AuthProvider } from "../auth/AuthContext";
import { fakeDocument, fakeServer, polyfillDialog, type FakeRoute } from "../workspaces/testing";
import { WorkspaceContext } from "../workspaces/WorkspaceContext";
import { DocumentsPage } from "./DocumentsPage";
import { POLL_MS } from "./documentsList";

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

function routes(list: PlanckDocument[]): FakeRoute[] {
  return [
    { path: "/api/v1/users/me", body: { id: "u1", email: "a@example.com", full_name: "A", role: "User", is_active: true, created_at: "" } },
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
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("Documents", () => {
  it("asks again every 2 s while a document is processing and stops once none is", async () => {
    const table = routes([doc("processing", { progress: { stage: "embedding", percent: 40, passages_done: 4 } })]);
    const server = fakeServer(table);
    renderPage();
    await settle();
    const listCalls = () => server.requests.filter((r) => r.url === LIST).length;
    expect(listCalls()).toBe(1);
    expect(screen.getByText("Embedding passages · 40%")).toBeTruthy();

    table[2] = { path: LIST, body: { data: [doc("ready", { page_count: 3, chunk_count: 12 })], count: 1 } };
    await settle(POLL_MS);
    expect(listCalls()).toBe(2);
    expect(screen.getByText("Ready").className).toBe("status status-ready");
    expect(screen.getByText("12")).toBeTruthy();

    await settle(POLL_MS * 5);
    expect(listCalls()).toBe(2);
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
  });

  it("stops asking when the page is left", async () => {
    const server = fakeServer(routes([doc("pending")]));
    const { unmount } = renderPage();
    await settle();
    unmount();
    const before = server.requests.length;
    await settle(POLL_MS * 3);
    expect(server.requests.length).toBe(before);
  });
});
