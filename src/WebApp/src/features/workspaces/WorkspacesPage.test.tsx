import { cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeServer } from "./testing";
import { WorkspacesPage } from "./WorkspacesPage";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("WorkspacesPage", () => {
  it("links each workspace to its documents", async () => {
    fakeServer([
      {
        path: "/api/v1/workspaces?limit=200&offset=0",
        body: { data: [{ id: "w1", name: "Finance", description: "Invoices", created_at: "2026-01-01T00:00:00Z" }], count: 1 },
      },
    ]);
    render(<MemoryRouter><WorkspacesPage /></MemoryRouter>);
    expect((await screen.findByRole("link", { name: "Finance" })).getAttribute("href")).toBe("/workspaces/w1/documents");
    expect(screen.getByText("Invoices")).toBeTruthy();
  });

  it("explains that an administrator adds people when there is none", async () => {
    fakeServer([{ path: "/api/v1/workspaces?limit=200&offset=0", body: { data: [], count: 0 } }]);
    render(<MemoryRouter><WorkspacesPage /></MemoryRouter>);
    expect(await screen.findByText(/An administrator adds people to workspaces/)).toBeTruthy();
  });
});
