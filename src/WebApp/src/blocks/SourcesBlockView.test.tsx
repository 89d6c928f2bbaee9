import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { SourcesBlockView } from "./SourcesBlockView";

afterEach(cleanup);

describe("SourcesBlockView", () => {
  it("names a document source with a link to the file, and a database source with the tables the answer read", () => {
    render(
      <SourcesBlockView
        idPrefix="source-m1"
        block={{
          type: "sources",
          sources: [
            { document_id: "d1", name: "report.pdf", snippet: "Revenue grew", page: 3 },
            { database_id: "db1", name: "Shop", tables: ["orders", "customers"] },
            { database_id: "db2", name: "Warehouse", tables: ["stock"] },
          ],
        }}
      />,
    );
    const items = screen.getAllByRole("listitem");
    expect(items.map((item) => item.id)).toEqual(["source-m1-1", "source-m1-2", "source-m1-3"]);
    const link = screen.getByRole("link", { name: "report.pdf, p. 3" });
    expect(link.getAttribute("href")).toBe("/api/v1/documents/d1/content#page=3");
    expect(link.getAttribute("target")).toBe("_blank");
    expect(items[1]!.textContent).toBe("Database Shop: tables orders, customers");
    expect(items[2]!.textContent).toBe("Database Warehouse: table stock");
    expect(screen.getAllByRole("link")).toHaveLength(1);
  });

  it("opens a PDF at the first page of a span, and any other file plainly, page or not", () => {
    render(
      <SourcesBlockView
        idPrefix="source-m2"
        block={{
          type: "sources",
          sources: [
            { document_id: "d1", name: "Manual.PDF", snippet: "", page: 7, page_end: 8 },
            { document_id: "d2", name: "slides.docx", snippet: "", page: 2 },
            { document_id: "d3", name: "notes.txt", snippet: "Plain", page: null },
          ],
        }}
      />,
    );
    const hrefs = screen.getAllByRole("link").map((link) => [link.textContent, link.getAttribute("href")]);
    expect(hrefs).toEqual([
      ["Manual.PDF, pp. 7–8", "/api/v1/documents/d1/content#page=7"],
      ["slides.docx, p. 2", "/api/v1/documents/d2/content"],
      ["notes.txt", "/api/v1/documents/d3/content"],
    ]);
  });
});
