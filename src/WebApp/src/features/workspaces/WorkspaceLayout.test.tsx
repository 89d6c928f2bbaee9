import { cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SearchPage } from "../documents/SearchPage";
import { fakeServer } from "./testing";
import { NOT_A_MEMBER, WorkspaceLayout } from "./WorkspaceLayout";

const detail = {
  id: "w1",
  name: "Finance",
  description: "Invoices",
  created_at: "2026-01-01T00:00:00Z",
  document_count: 3,
  member_count: 1,
  databases: [],
};

function at(url: string) {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path="/workspaces/:workspaceId" element={<WorkspaceLayout />}>
          <Route path="search" element={<SearchPage />} />
        </Route>
      </Routes>
    </MemoryRouter>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("WorkspaceLayout", () => {
  it("says plainly when the workspace is not there or not the caller's, with a way back", async () => {
    fakeServer([{ path: "/api/v1/workspaces/w9", status: 404, body: { detail: "Workspace not found" } }]);
    at("/workspaces/w9/search");
    expect((await screen.findByRole("alert")).textContent).toBe(NOT_A_MEMBER);
    expect(screen.getByRole("link", { name: "Back to your workspaces" }).getAttribute("href")).toBe("/workspaces");
  });

  it("shows the name, counts and tabs, and the search page runs the query from the URL", async () => {
    const server = fakeServer([
      { path: "/api/v1/workspaces/w1", body: detail },
      {
        path: "/api/v1/workspaces/w1/search?q=late+invoices&limit=20",
        body: {
          data: [{ document_id: "d1", document_name: "Terms.pdf", text: "Invoices are late after 30 days.", page: 4, sheet: null, score: 0.8123 }],
          count: 1,
        },
      },
    ]);
    at("/workspaces/w1/search?q=late%20invoices");
    expect(await screen.findByText("Finance")).toBeTruthy();
    expect(screen.getByText(/3 documents · 1 member/)).toBeTruthy();
    const tabs = screen.getByRole("navigation", { name: "Workspace" });
    expect([...tabs.querySelectorAll("a")].map((a) => a.textContent)).toEqual(["Documents", "Search", "Chat", "Databases"]);

    const link = await screen.findByRole("link", { name: /Terms\.pdf/ });
    expect(link.getAttribute("href")).toBe("/api/v1/documents/d1/content#page=4");
    expect(link.getAttribute("target")).toBe("_blank");
    expect(screen.getByText("Invoices are late after 30 days.")).toBeTruthy();
    expect(screen.getByText(/Page 4/)).toBeTruthy();
    expect((screen.getByLabelText("Search documents") as HTMLInputElement).value).toBe("late invoices");
    expect(server.requests.map((r) => r.url)).toContain("/api/v1/workspaces/w1/search?q=late+invoices&limit=20");
  });
});
