import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ApiKey } from "../../api/types";
import { fakeServer, polyfillDialog } from "../workspaces/testing";
import { ApiKeysSection } from "./ApiKeysSection";

const existing: ApiKey = {
  id: "11111111-1111-1111-1111-111111111111",
  name: "Old script",
  prefix: "pk_live_abcd",
  user_id: "u1",
  created_at: "2026-01-02T10:00:00Z",
  last_used_at: null,
  expires_at: null,
};

beforeEach(() => polyfillDialog());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("API Keys", () => {
  it("shows a new key once, then forgets it and lists the key without its secret", async () => {
    const created = { ...existing, id: "22222222-2222-2222-2222-222222222222", name: "My Integration", prefix: "pk_live_wxyz" };
    const routes = [
      { path: "/api/v1/users/me/api-keys?limit=200", body: { data: [existing], count: 1 } },
      { method: "POST", path: "/api/v1/users/me/api-keys", status: 201, body: { ...created, key: "pk_live_wxyz_SECRET" } },
    ];
    const server = fakeServer(routes);
    render(<ApiKeysSection />);
    await screen.findByText("Old script");
    expect(screen.getAllByText("Never")).toHaveLength(2);

    routes[0] = { path: "/api/v1/users/me/api-keys?limit=200", body: { data: [created, existing], count: 2 } };
    fireEvent.change(screen.getByPlaceholderText("My Integration"), { target: { value: "My Integration" } });
    fireEvent.click(screen.getByRole("button", { name: "Create" }));

    const dialog = await screen.findByRole("dialog", { name: "Your new API key" });
    expect(within(dialog).getByDisplayValue("pk_live_wxyz_SECRET")).toBeTruthy();
    expect(dialog.textContent).toContain("shown only once");
    expect(server.requests.at(-2)).toEqual({
      method: "POST",
      url: "/api/v1/users/me/api-keys",
      body: { name: "My Integration", expires_at: null },
    });

    fireEvent.click(within(dialog).getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByDisplayValue("pk_live_wxyz_SECRET")).toBeNull());
    expect(document.body.innerHTML).not.toContain("SECRET");
    expect(await screen.findByText("pk_live_wxyz")).toBeTruthy();
  });

  it("sends the expiry as the end of the chosen day in UTC", async () => {
    const server = fakeServer([
      { path: "/api/v1/users/me/api-keys?limit=200", body: { data: [], count: 0 } },
      { method: "POST", path: "/api/v1/users/me/api-keys", status: 201, body: { ...existing, key: "pk_live_x" } },
    ]);
    render(<ApiKeysSection />);
    await screen.findByText("You have no API keys yet.");
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Nightly" } });
    fireEvent.change(screen.getByLabelText("Expires"), { target: { value: "2099-06-30" } });
    fireEvent.click(screen.getByRole("button", { name: "Create" }));
    await screen.findByRole("dialog");
    expect(server.requests.find((r) => r.method === "POST")?.body).toEqual({
      name: "Nightly",
      expires_at: "2099-06-30T23:59:59.000Z",
    });
  });

  it("shows the server's field refusal beside the Name field", async () => {
    fakeServer([
      { path: "/api/v1/users/me/api-keys?limit=200", body: { data: [], count: 0 } },
      {
        method: "POST",
        path: "/api/v1/users/me/api-keys",
        status: 400,
        body: { detail: "One or more fields are invalid.", errors: { name: ["name is required."] } },
      },
    ]);
    render(<ApiKeysSection />);
    await screen.findByText("You have no API keys yet.");
    fireEvent.click(screen.getByRole("button", { name: "Create" }));
    const message = await screen.findByText("name is required.");
    expect(screen.getByLabelText("Name").getAttribute("aria-describedby")).toContain(message.id);
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("revokes a key only after the confirmation", async () => {
    const server = fakeServer([
      { path: "/api/v1/users/me/api-keys?limit=200", body: { data: [existing], count: 1 } },
      { method: "DELETE", path: `/api/v1/users/me/api-keys/${existing.id}`, status: 204 },
    ]);
    render(<ApiKeysSection />);
    fireEvent.click(await screen.findByRole("button", { name: "Revoke" }));
    const dialog = await screen.findByRole("dialog", { name: "Revoke API key" });
    expect(server.requests.some((r) => r.method === "DELETE")).toBe(false);
    await act(async () => {
      fireEvent.click(within(dialog).getByRole("button", { name: "Revoke" }));
    });
    await waitFor(() => expect(screen.queryByText("Old script")).toBeNull());
    expect(server.requests.filter((r) => r.method === "DELETE")).toHaveLength(1);
    expect(screen.getByRole("status").textContent).toContain("was revoked");
    expect(document.activeElement).toBe(screen.getByRole("heading", { name: "Your keys" }));
  });
});
