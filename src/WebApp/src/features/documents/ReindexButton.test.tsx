import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeServer, polyfillDialog } from "../workspaces/testing";
import { queuedText, ReindexButton } from "./ReindexButton";

beforeEach(polyfillDialog);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function confirm() {
  if (!screen.queryByRole("dialog")) act(() => screen.getByRole("button", { name: "Re-index" }).click());
  const dialog = screen.getByRole("dialog", { name: "Re-index documents" });
  await act(async () => {
    (dialog.querySelector("button.danger") as HTMLButtonElement).click();
  });
  return dialog;
}

describe("ReindexButton", () => {
  it("asks first, then queues the workspace's documents and says how many", async () => {
    const server = fakeServer([{ method: "POST", path: "/api/v1/admin/reindex", status: 202, body: { queued: 3 } }]);
    render(<ReindexButton workspaceId="w1" scopeName="Finance" />);
    act(() => screen.getByRole("button", { name: "Re-index" }).click());
    expect(screen.getByRole("dialog", { name: "Re-index documents" }).textContent).toContain("Finance");
    expect(server.requests).toHaveLength(0);
    const dialog = await confirm();
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([["POST", "/api/v1/admin/reindex", { workspace_id: "w1" }]]);
    expect(screen.getByRole("status").textContent).toBe("3 documents queued");
    expect(dialog.hasAttribute("open")).toBe(false);
  });

  it("re-indexes every workspace without one, and shows a refusal inside the dialog", async () => {
    const server = fakeServer([{ method: "POST", path: "/api/v1/admin/reindex", status: 403, body: { detail: "Only an Admin may re-index." } }]);
    render(<ReindexButton scopeName="all workspaces" />);
    const dialog = await confirm();
    expect(server.requests[0]!.body).toEqual({});
    expect(dialog.hasAttribute("open")).toBe(true);
    expect(screen.getByRole("alert").textContent).toBe("Only an Admin may re-index.");
    expect(screen.getByRole("status").textContent).toBe("");
  });

  it("counts in words", () => {
    expect([0, 1, 2].map(queuedText)).toEqual(["0 documents queued", "1 document queued", "2 documents queued"]);
  });
});
