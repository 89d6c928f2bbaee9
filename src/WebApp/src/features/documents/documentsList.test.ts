import { describe, expect, it } from "vitest";
import type { PlanckDocument } from "../../api/types";
import { fakeDocument } from "../workspaces/testing";
import { canCancel, canRetry, isInProgress, kindOf, mergeList, progressText, upsert } from "./documentsList";

const doc = (id: string, status: PlanckDocument["status"] = "ready") => fakeDocument(id, status);

describe("documents list", () => {
  it("polls only for pending and processing documents", () => {
    expect(["pending", "processing", "ready", "failed", "cancelled"].filter((s) => isInProgress(s as never))).toEqual([
      "pending",
      "processing",
    ]);
  });

  it("writes the stage and a rounded percent", () => {
    expect(progressText({ progress: { stage: "embedding", percent: 44.6, passages_done: 3 } })).toBe("Embedding passages · 45% · 3 passages");
    expect(progressText({ progress: { stage: "indexing", percent: 90, passages_done: 1 } })).toBe("Indexing · 90% · 1 passage");
    expect(progressText({ progress: { stage: "queued", percent: 0, passages_done: 0 } })).toBe("Queued · 0%");
    expect(progressText({ progress: null })).toBeNull();
  });

  it("names known content types and shows unknown ones as they are", () => {
    expect(kindOf("text/csv; charset=utf-8")).toBe("CSV");
    expect(kindOf("application/x-thing")).toBe("application/x-thing");
  });

  it("puts a new document first and replaces one it already has", () => {
    const list = [doc("a"), doc("b")];
    expect(upsert(list, doc("c")).map((d) => d.id)).toEqual(["c", "a", "b"]);
    expect(upsert(list, doc("b", "failed")).map((d) => d.status)).toEqual(["ready", "failed"]);
  });

  it("never lets an older state of a document replace a newer one", () => {
    const newer = fakeDocument("a", "cancelled", { updated_at: "2026-01-01T00:00:10.5+00:00" });
    const older = fakeDocument("a", "processing", { updated_at: "2026-01-01T00:00:10.25Z" });
    expect(upsert([newer], older)).toEqual([newer]);
    expect(upsert([older], newer)).toEqual([newer]);
    expect(mergeList([newer, doc("gone")], [older, doc("b")]).map((d) => [d.id, d.status])).toEqual([
      ["a", "cancelled"],
      ["b", "ready"],
    ]);
    expect(mergeList(undefined, [older])).toEqual([older]);
  });

  it("offers Cancel while a document is worked on and Retry once it failed or was cancelled", () => {
    const statuses = ["pending", "processing", "ready", "failed", "cancelled"] as const;
    expect(statuses.filter(canCancel)).toEqual(["pending", "processing"]);
    expect(statuses.filter(canRetry)).toEqual(["failed", "cancelled"]);
  });
});
