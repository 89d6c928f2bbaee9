import { describe, expect, it } from "vitest";
import { hitHref, hitLocation } from "./searchHits";

describe("search hits", () => {
  it("names a page, a range of pages or a sheet", () => {
    expect(hitLocation({ page: 3, page_end: null, sheet: null })).toBe("Page 3");
    expect(hitLocation({ page: 3, page_end: 4, sheet: null })).toBe("Pages 3–4");
    expect(hitLocation({ page: 3, page_end: 3, sheet: null })).toBe("Page 3");
    expect(hitLocation({ page: null, sheet: "Sales" })).toBe("Sheet Sales");
    expect(hitLocation({ page: null, sheet: null })).toBeNull();
  });

  it("opens a PDF at the passage's page and anything else at its start", () => {
    expect(hitHref({ document_id: "d1", document_name: "Report.PDF", page: 7 })).toBe("/api/v1/documents/d1/content#page=7");
    expect(hitHref({ document_id: "d1", document_name: "notes.docx", page: 2 })).toBe("/api/v1/documents/d1/content");
    expect(hitHref({ document_id: "d1", document_name: "scan.pdf", page: null })).toBe("/api/v1/documents/d1/content");
  });
});
