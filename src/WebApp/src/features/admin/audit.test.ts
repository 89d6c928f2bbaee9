import { describe, expect, it } from "vitest";
import { NO_FILTERS, auditPath, detailLines, localToUtc } from "./audit";

describe("auditPath", () => {
  it("asks for the first page of everything when nothing is filtered", () => {
    expect(auditPath(NO_FILTERS, 0)).toBe("/api/v1/admin/audit?limit=50&offset=0");
  });

  it("sends each filter under the server's name, leaving out the empty ones, with the page's offset", () => {
    const path = auditPath({ ...NO_FILTERS, actorId: "u-1", action: "key", workspaceId: "w 1" }, 100);
    expect(path).toBe("/api/v1/admin/audit?actor_id=u-1&action=key&workspace_id=w+1&limit=50&offset=100");
  });

  it("sends the local times typed as UTC instants", () => {
    const from = "2026-12-07T09:30";
    const to = "2026-12-08T00:00";
    const params = new URLSearchParams(auditPath({ ...NO_FILTERS, from, to }, 0).split("?")[1]);
    expect(params.get("from")).toBe(new Date(from).toISOString());
    expect(params.get("to")).toBe(new Date(to).toISOString());
    expect(params.get("from")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});

describe("localToUtc", () => {
  it("passes on what it cannot read, for the server to refuse by name", () => {
    expect(localToUtc("")).toBe("");
    expect(localToUtc("not a time")).toBe("not a time");
  });
});

describe("detailLines", () => {
  it("turns every value into text: strings as they are, others as compact JSON, null as a dash", () => {
    expect(detailLines({ reason: "wrong_password", rows: 3, refused: false, fields: ["role"], error: null })).toEqual([
      { name: "reason", value: "wrong_password" },
      { name: "rows", value: "3" },
      { name: "refused", value: "false" },
      { name: "fields", value: '["role"]' },
      { name: "error", value: "—" },
    ]);
    expect(detailLines(null)).toEqual([]);
  });
});
