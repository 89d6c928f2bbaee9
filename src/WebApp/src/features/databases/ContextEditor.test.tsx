import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { WorkspaceContext } from "../../api/types";
import { renderAt, serve } from "../admin/testSupport";
import { ContextEditor } from "./ContextEditor";
import { emptyContext, emptySchema, shop, shopSchema, uploaded } from "./fixtures";

const catalog = [
  [/^GET \/api\/v1\/workspaces\/w1\/databases$/, { body: { data: [uploaded, shop], count: 2 } }],
  [/^GET \/api\/v1\/workspaces\/w1\/databases\/db-uploaded\/schema$/, { body: emptySchema }],
  [/^GET \/api\/v1\/workspaces\/w1\/databases\/db-shop\/schema$/, { body: shopSchema }],
] as [RegExp, { body: unknown }][];

describe("The workspace context editor", () => {
  it("adds an entity on a table picked from the schemas, with a field whose column is offered from that table, and saves the whole context", async () => {
    const calls = serve([
      ...catalog,
      [/^GET \/api\/v1\/workspaces\/w1\/context$/, { body: { ...emptyContext, description: "EU shop" } }],
      [/^PUT \/api\/v1\/admin\/workspaces\/w1\/context$/, ({ body }) => ({ body })],
    ]);
    renderAt(<ContextEditor workspaceId="w1" />);
    expect(((await screen.findByLabelText("Description")) as HTMLTextAreaElement).value).toBe("EU shop");

    fireEvent.click(screen.getByRole("button", { name: "Add entity" }));
    const entity = screen.getByRole("group", { name: "Entity 1" });
    fireEvent.change(within(entity).getAllByLabelText("Business name")[0]!, { target: { value: "Customer" } });
    const table = within(entity).getByLabelText("Table");
    expect(within(table).getAllByRole("option").map((o) => o.textContent)).toEqual(["Choose a table…", "customers", "orders"]);
    fireEvent.change(table, { target: { value: "db-shop/customers" } });
    fireEvent.change(within(entity).getAllByLabelText("Synonyms")[0]!, { target: { value: "client, buyer" } });

    fireEvent.click(within(entity).getByRole("button", { name: "Add field" }));
    const field = within(entity).getByRole("group", { name: "Field 1" });
    fireEvent.change(within(field).getByLabelText("Business name"), { target: { value: "Country" } });
    const column = within(field).getByLabelText("Column") as HTMLInputElement;
    const offered = document.getElementById(column.getAttribute("list")!);
    expect([...offered!.querySelectorAll("option")].map((o) => o.getAttribute("value"))).toEqual(["id", "name", "country"]);
    fireEvent.change(column, { target: { value: "country" } });

    fireEvent.click(screen.getByRole("button", { name: "Add relationship" }));
    const relationship = screen.getByRole("group", { name: "Relationship 1" });
    fireEvent.change(within(relationship).getByLabelText("From"), { target: { value: "orders.customer_id" } });
    fireEvent.change(within(relationship).getByLabelText("To"), { target: { value: "customers.id" } });

    fireEvent.click(screen.getByRole("button", { name: "Add rule" }));
    const rule = screen.getByRole("group", { name: "Rule 1" });
    fireEvent.change(within(rule).getByLabelText("Rule"), { target: { value: "Never show names" } });
    const forbidden = within(rule).getByLabelText("Forbidden columns") as HTMLSelectElement;
    for (const option of forbidden.options) option.selected = option.value === "customers.name";
    fireEvent.change(forbidden);

    fireEvent.change(screen.getByLabelText("Time unit"), { target: { value: "month" } });
    fireEvent.click(screen.getByRole("button", { name: "Add example" }));
    const example = screen.getByRole("group", { name: "Example 1" });
    fireEvent.change(within(example).getByLabelText("Question"), { target: { value: "Orders per customer" } });
    fireEvent.change(within(example).getByLabelText("Database"), { target: { value: "db-shop" } });
    fireEvent.change(within(example).getByLabelText("SQL"), { target: { value: "SELECT customer_id, count(*) FROM orders GROUP BY 1" } });

    fireEvent.click(screen.getByRole("button", { name: "Save context" }));
    expect(await screen.findByText("Saved the workspace context.")).toBeTruthy();
    const sent = calls.find((c) => c.method === "PUT")?.body as WorkspaceContext;
    expect(sent).toEqual({
      description: "EU shop",
      entities: [
        {
          name: "Customer",
          database_id: "db-shop",
          table: "customers",
          description: null,
          synonyms: ["client", "buyer"],
          fields: [{ name: "Country", column: "country", description: null, unit: null, synonyms: [] }],
        },
      ],
      terms: [],
      relationships: [{ from: "orders.customer_id", to: "customers.id", cardinality: "many_to_one" }],
      rules: [{ text: "Never show names", forbidden_columns: ["customers.name"], required_filter: null }],
      chart_preferences: { time_unit: "month" },
      examples: [{ question: "Orders per customer", database_id: "db-shop", sql: "SELECT customer_id, count(*) FROM orders GROUP BY 1" }],
    });
  });

  it("shows each 400 at the input it names, with a summary linking to it", async () => {
    const saved: WorkspaceContext = {
      ...emptyContext,
      entities: [{ name: "Customer", database_id: "db-shop", table: "customers", description: null, synonyms: [], fields: [{ name: "Mail", column: "mail", description: null, unit: null, synonyms: [] }] }],
      rules: [{ text: null, forbidden_columns: ["customers.mail"], required_filter: null }],
    };
    const unknownColumn = 'Unknown column "mail" in table customers. Did you mean name?';
    serve([
      ...catalog,
      [/^GET \/api\/v1\/workspaces\/w1\/context$/, { body: saved }],
      [/^PUT /, {
        status: 400,
        body: {
          detail: "Invalid.",
          errors: { "entities[0].fields[0].column": [unknownColumn], "rules[0].forbidden_columns[0]": ['Unknown column "mail" in table customers.'] },
        },
      }],
    ]);
    renderAt(<ContextEditor workspaceId="w1" />);
    const field = await screen.findByRole("group", { name: "Field 1" });
    // A column no schema has is kept as it was saved, not silently dropped.
    expect((within(field).getByLabelText("Column") as HTMLInputElement).value).toBe("mail");
    const forbidden = within(screen.getByRole("group", { name: "Rule 1" })).getByLabelText("Forbidden columns") as HTMLSelectElement;
    expect([...forbidden.selectedOptions].map((o) => o.value)).toEqual(["customers.mail"]);

    fireEvent.click(screen.getByRole("button", { name: "Save context" }));
    const summary = await screen.findByRole("alert");
    expect(within(summary).getByText(/2 problems/)).toBeTruthy();
    const link = within(summary).getByRole("link", { name: "Entity 1, field 1: column" });
    const column = within(field).getByLabelText("Column");
    expect(link.getAttribute("href")).toBe(`#${column.id}`);
    const message = within(field).getByText(unknownColumn);
    expect(column.getAttribute("aria-describedby")).toContain(message.id);
    expect(forbidden.getAttribute("aria-invalid")).toBe("true");

    // Removing an item moves the positions the refusal named: its messages go rather than land on the wrong input.
    fireEvent.click(within(screen.getByRole("group", { name: "Rule 1" })).getByRole("button", { name: "Remove rule 1" }));
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
    expect(within(field).queryByText(unknownColumn)).toBeNull();
  });

  it("shows a refusal that names no input as a notice", async () => {
    serve([...catalog, [/^GET \/api\/v1\/workspaces\/w1\/context$/, { body: emptyContext }], [/^PUT /, { status: 403, body: { detail: "Only an Admin may change the context." } }]]);
    renderAt(<ContextEditor workspaceId="w1" />);
    fireEvent.click(await screen.findByRole("button", { name: "Save context" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Only an Admin may change the context.");
  });
});
