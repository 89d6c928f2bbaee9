import { describe, expect, it } from "vitest";
import { loadAll } from "./paging";
import type { Page } from "../api/types";

function server(total: number, shrinkTo?: number) {
  const asked: string[] = [];
  const get = (path: string): Promise<Page<number>> => {
    asked.push(path);
    const params = new URLSearchParams(path.split("?")[1]);
    const offset = Number(params.get("offset"));
    const limit = Number(params.get("limit"));
    const available = shrinkTo !== undefined && asked.length > 1 ? shrinkTo : total;
    const data = Array.from({ length: Math.max(0, Math.min(limit, available - offset)) }, (_, i) => offset + i);
    return Promise.resolve({ data, count: total });
  };
  return { asked, get };
}

describe("loadAll", () => {
  it("reads every page until the total is reached", async () => {
    const { asked, get } = server(450);
    const items = await loadAll("/api/v1/admin/users", get);
    expect(items).toHaveLength(450);
    expect(items[449]).toBe(449);
    expect(asked).toEqual([
      "/api/v1/admin/users?limit=200&offset=0",
      "/api/v1/admin/users?limit=200&offset=200",
      "/api/v1/admin/users?limit=200&offset=400",
    ]);
  });

  it("asks once when the first page holds the whole list", async () => {
    const { asked, get } = server(3);
    expect(await loadAll("/x?a=1", get)).toEqual([0, 1, 2]);
    expect(asked).toEqual(["/x?a=1&limit=200&offset=0"]);
  });

  it("stops at an empty page when the list shrank while it was read", async () => {
    const { asked, get } = server(400, 150);
    const items = await loadAll("/x", get);
    expect(items).toHaveLength(200);
    expect(asked).toHaveLength(2);
  });
});
