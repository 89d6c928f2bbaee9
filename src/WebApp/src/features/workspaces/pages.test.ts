import { afterEach, describe, expect, it, vi } from "vitest";
import { fetchAll } from "./pages";
import { fakeServer } from "./testing";

afterEach(() => vi.unstubAllGlobals());

const items = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: from + i }));

describe("fetchAll", () => {
  it("pages through until it holds count items", async () => {
    const server = fakeServer([
      { path: "/api/v1/documents/?workspace_id=w&limit=200&offset=0", body: { data: items(0, 200), count: 250 } },
      { path: "/api/v1/documents/?workspace_id=w&limit=200&offset=200", body: { data: items(200, 50), count: 250 } },
    ]);
    const all = await fetchAll<{ id: number }>("/api/v1/documents/?workspace_id=w");
    expect(all.data.map((i) => i.id)).toEqual(items(0, 250).map((i) => i.id));
    expect(all.count).toBe(250);
    expect(server.requests).toHaveLength(2);
  });

  it("ends on an empty page even if count promised more (items removed meanwhile)", async () => {
    const server = fakeServer([
      { path: "/api/v1/workspaces?limit=200&offset=0", body: { data: items(0, 200), count: 300 } },
      { path: "/api/v1/workspaces?limit=200&offset=200", body: { data: [], count: 200 } },
    ]);
    const all = await fetchAll<{ id: number }>("/api/v1/workspaces");
    expect(all.data).toHaveLength(200);
    expect(server.requests).toHaveLength(2);
  });
});
