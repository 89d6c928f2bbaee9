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
    expect(screen.getByRole("link", { name: "report.pdf" }).getAttribute("href")).toBe("/api/v1/documents/d1/content#page=3");
    expect(items[1]!.textContent).toBe("Database Shop: tables orders, customers");
    expect(items[2]!.textContent).toBe("Database Warehouse: table stock");
    expect(screen.getAllByRole("link")).toHaveLength(1);
  });
});
