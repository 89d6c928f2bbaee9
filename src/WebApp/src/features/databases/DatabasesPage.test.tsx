import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { WorkspaceContext } from "../../api/types";
import { fakeServer } from "../workspaces/testing";
import { WorkspaceLayout } from "../workspaces/WorkspaceLayout";
import { DatabasesPage } from "./DatabasesPage";
import { emptyContext, shop, shopSchema, uploaded } from "./fixtures";

const detail = { id: "w1", name: "Finance", description: null, created_at: "2026-01-01T00:00:00Z", document_count: 0, member_count: 1, databases: [] };

const context: WorkspaceContext = {
  ...emptyContext,
  description: "Orders of the EU shop",
  entities: [{ name: "Customer", database_id: "db-shop", table: "customers", description: null, synonyms: ["client"], fields: [{ name: "Country", column: "country", description: null, unit: null, synonyms: [] }] }],
  rules: [{ text: "Never show names", forbidden_columns: ["customers.name"], required_filter: "orders.total > 0" }],
  examples: [{ question: "Orders per customer", database_id: "db-shop", sql: "SELECT customer_id, count(*)\nFROM orders GROUP BY 1" }],
};

function at(url: string) {
  fakeServer([
    { path: "/api/v1/workspaces/w1", body: detail },
    { path: "/api/v1/workspaces/w1/databases", body: { data: [uploaded, shop], count: 2 } },
    { path: "/api/v1/workspaces/w1/databases/db-shop/schema", body: shopSchema },
    { path: "/api/v1/workspaces/w1/context", body: context },
  ]);
  return render(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path="/workspaces/:workspaceId" element={<WorkspaceLayout />}>
          <Route path="databases" element={<DatabasesPage />} />
          <Route path="databases/:databaseId" element={<DatabasesPage />} />
        </Route>
      </Routes>
    </MemoryRouter>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("A member's databases page", () => {
  it("lists the databases and opens one's schema with types, nullability, keys, descriptions and sample values", async () => {
    at("/workspaces/w1/databases");
    expect(await screen.findByRole("heading", { level: 1, name: "Databases" })).toBeTruthy();
    expect(await screen.findByRole("row", { name: /Uploaded tables/ })).toBeTruthy();
    fireEvent.click(screen.getByRole("link", { name: "Shop" }));

    const panel = await screen.findByRole("region", { name: "Schema of Shop" });
    const customers = await within(panel).findByRole("region", { name: /^customers/ });
    const rows = within(customers).getAllByRole("row").map((row) => [...row.querySelectorAll("td")].map((td) => td.textContent));
    expect(rows.slice(1)).toEqual([
      ["id", "INTEGER", "No", "Primary key", "", "1 – 3"],
      ["name", "TEXT", "No", "", "Legal name", ""],
      ["country", "TEXT", "Yes", "", "", "DE, FR"],
    ]);
    const orders = within(panel).getByRole("region", { name: /^orders/ });
    expect(within(orders).getByRole("row", { name: /customer_id/ }).textContent).toContain("→ customers.id");
    expect(within(orders).getByRole("list", { name: "Foreign keys of orders" }).textContent).toBe("Foreign key (customer_id) references customers (id)");
  });

  it("shows the workspace context read-only", async () => {
    at("/workspaces/w1/databases");
    const card = await screen.findByRole("region", { name: "Workspace context" });
    expect(await within(card).findByText("Orders of the EU shop")).toBeTruthy();
    expect(card.textContent).toContain("Customer: table customers in Shop (also: client)");
    expect(card.textContent).toContain("Never shown: customers.name");
    expect(within(card).getByText(/SELECT customer_id/).textContent).toBe("SELECT customer_id, count(*)\nFROM orders GROUP BY 1");
    expect(within(card).queryByRole("textbox")).toBeNull();
  });
});
