import { describe, expect, it } from "vitest";
import type { PlanckDocument } from "../../api/types";
import { fakeDocument } from "../workspaces/testing";
import { isInProgress, kindOf, progressText, upsert } from "./documentsList";

const doc = (id: string, status: PlanckDocument["status"] = "ready") => fakeDocument(id, status);

describe("documents list", () => {
  it("polls only for pending and processing documents", () => {
    expect(["pending", "processing", "ready", "failed", "cancelled"].filter((s) => isInProgress(s as never))).toEqual([
      "pending",
      "processing",
    ]);
  });

  it("writes the stage and a rounded percent", () => {
    expect(progressText({ progress: { stage: "embedding", percent: 44.6, passages_done: 3 } })).toBe("Embedding passages · 45%");
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
});
