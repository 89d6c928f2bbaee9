import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderAt, serve } from "../admin/testSupport";
import { AdminDatabasesSection } from "./AdminDatabasesSection";
import { shop, shopSchema, uploaded } from "./fixtures";

const list = [/^GET \/api\/v1\/workspaces\/w1\/databases$/, { body: { data: [uploaded, shop], count: 2 } }] as [RegExp, { body: unknown }];
const recipe = "The role can write. Make a read-only one:\nCREATE ROLE planck_reader LOGIN PASSWORD '…';\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO planck_reader;";

describe("The Admin's databases of a workspace", () => {
  it("lists every database with its type, status and table count; the uploaded tables have no Edit, Refresh or Remove", async () => {
    serve([list]);
    renderAt(<AdminDatabasesSection workspaceId="w1" />);
    const row = await screen.findByRole("row", { name: /Shop/ });
    expect(within(row).getByText("SQLite")).toBeTruthy();
    expect(within(row).getByText("Ready")).toBeTruthy();
    expect(within(row).getByText("2")).toBeTruthy();
    expect(within(row).getByRole("button", { name: "Edit Shop" })).toBeTruthy();
    const builtIn = screen.getByRole("row", { name: /Uploaded tables/ });
    expect(within(builtIn).getAllByRole("button").map((b) => b.textContent)).toEqual(["Schema"]);
  });

  it("shows why a database is unavailable", async () => {
    serve([[list[0], { body: { data: [{ ...shop, status: "unavailable", status_detail: "The file is gone." }], count: 1 } }]]);
    renderAt(<AdminDatabasesSection workspaceId="w1" />);
    const row = await screen.findByRole("row", { name: /Shop/ });
    expect(within(row).getByText("Unavailable")).toBeTruthy();
    expect(within(row).getByText("The file is gone.")).toBeTruthy();
  });

  it("connects a database while saying it is reading the schema, and keeps the secret out of the page afterwards", async () => {
    const calls = serve([
      list,
      [/^POST \/api\/v1\/admin\/workspaces\/w1\/databases$/, () => ({ status: 201, body: { ...shop, id: "db-new", name: "Warehouse", table_count: 7 } })],
    ]);
    renderAt(<AdminDatabasesSection workspaceId="w1" />);
    await screen.findByRole("row", { name: /Shop/ });
    const form = screen.getByRole("region", { name: "Connect a database" });
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "Warehouse" } });
    fireEvent.change(within(form).getByLabelText("Type"), { target: { value: "sqlite" } });
    const secret = within(form).getByLabelText("Connection string") as HTMLInputElement;
    expect(secret.type).toBe("password");
    fireEvent.change(secret, { target: { value: "/data/warehouse.db" } });
    fireEvent.click(within(form).getByRole("button", { name: "Connect database" }));
    expect(within(form).getByRole("status").textContent).toBe("Connecting and reading the schema…");
    expect((within(form).getByRole("button", { name: "Connect database" }) as HTMLButtonElement).disabled).toBe(true);
    await screen.findByRole("row", { name: /Warehouse/ });
    expect(screen.getByText("Connected Warehouse: 7 tables.")).toBeTruthy();
    expect(secret.value).toBe("");
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      name: "Warehouse",
      type: "sqlite",
      connection_string: "/data/warehouse.db",
      description: "",
    });
  });

  it("shows the read-only role recipe beside the connection string, its lines kept", async () => {
    serve([
      list,
      [/^POST /, { status: 400, body: { detail: recipe, errors: { connection_string: [recipe] } } }],
    ]);
    renderAt(<AdminDatabasesSection workspaceId="w1" />);
    const form = screen.getByRole("region", { name: "Connect a database" });
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "Shop 2" } });
    fireEvent.change(within(form).getByLabelText("Connection string"), { target: { value: "Host=db;Username=owner" } });
    fireEvent.click(within(form).getByRole("button", { name: "Connect database" }));
    const message = await within(form).findByText(/GRANT SELECT/);
    expect(message.textContent).toBe(recipe);
    expect(message.className).toContain("preformatted");
    expect(within(form).getByLabelText("Connection string").getAttribute("aria-describedby")).toContain(message.id);
    // Claimed by its field: not repeated as a notice for the whole form.
    expect(within(form).queryByRole("alert")).toBeNull();
  });

  it("edits a database and leaves a blank connection string out, which keeps the stored one", async () => {
    const calls = serve([list, [/^PATCH \/api\/v1\/admin\/workspaces\/w1\/databases\/db-shop$/, ({ body }) => ({ body: { ...shop, ...(body as object) } })]]);
    renderAt(<AdminDatabasesSection workspaceId="w1" />);
    fireEvent.click(await screen.findByRole("button", { name: "Edit Shop" }));
    const dialog = screen.getByRole("dialog", { name: "Edit database" });
    expect((within(dialog).getByLabelText("New connection string") as HTMLInputElement).value).toBe("");
    fireEvent.change(within(dialog).getByLabelText("Name"), { target: { value: "Shop EU" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await screen.findByRole("row", { name: /Shop EU/ });
    expect(calls.at(-1)?.body).toEqual({ name: "Shop EU", description: "Orders of the EU shop" });
  });

  it("sends a replaced connection string", async () => {
    const calls = serve([list, [/^PATCH /, { body: shop }]]);
    renderAt(<AdminDatabasesSection workspaceId="w1" />);
    fireEvent.click(await screen.findByRole("button", { name: "Edit Shop" }));
    const dialog = screen.getByRole("dialog", { name: "Edit database" });
    fireEvent.change(within(dialog).getByLabelText("New connection string"), { target: { value: "/data/shop-v2.db" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Edit database" })).toBeNull());
    expect(calls.at(-1)?.body).toEqual({ name: "Shop", description: "Orders of the EU shop", connection_string: "/data/shop-v2.db" });
  });

  it("refreshes a database and says how many tables it has now; a failed refresh says why and shows it unavailable", async () => {
    let fail = false;
    let refreshed = false;
    serve([
      [/^GET \/api\/v1\/workspaces\/w1\/databases$/, () => ({
        body: { data: [uploaded, refreshed ? { ...shop, status: "unavailable", status_detail: "The file is gone." } : shop], count: 2 },
      })],
      [/^POST \/api\/v1\/admin\/workspaces\/w1\/databases\/db-shop\/refresh$/, () => {
        if (!fail) return { body: { ...shop, table_count: 3 } };
        refreshed = true;
        return { status: 400, body: { detail: "The database could not be read: the file is gone.", errors: { connection_string: ["The database could not be read: the file is gone."] } } };
      }],
    ]);
    renderAt(<AdminDatabasesSection workspaceId="w1" />);
    fireEvent.click(await screen.findByRole("button", { name: "Refresh Shop" }));
    expect(await screen.findByText("Refreshed Shop: 3 tables.")).toBeTruthy();
    expect(within(screen.getByRole("row", { name: /Shop/ })).getByText("3")).toBeTruthy();

    fail = true;
    fireEvent.click(screen.getByRole("button", { name: "Refresh Shop" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Refreshing Shop failed: The database could not be read: the file is gone.");
    expect(await within(screen.getByRole("row", { name: /Shop/ })).findByText("Unavailable")).toBeTruthy();
  });

  it("removes a database only after confirming", async () => {
    const calls = serve([list, [/^DELETE \/api\/v1\/admin\/workspaces\/w1\/databases\/db-shop$/, { status: 204 }]]);
    renderAt(<AdminDatabasesSection workspaceId="w1" />);
    fireEvent.click(await screen.findByRole("button", { name: "Remove Shop" }));
    const dialog = screen.getByRole("dialog", { name: "Remove database" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Remove Shop" }));
    fireEvent.click(within(screen.getByRole("dialog", { name: "Remove database" })).getByRole("button", { name: "Remove" }));
    await waitFor(() => expect(screen.queryByRole("row", { name: /Shop/ })).toBeNull());
    expect(screen.getByText("Removed Shop.")).toBeTruthy();
  });

  it("opens a database's schema", async () => {
    serve([list, [/^GET \/api\/v1\/workspaces\/w1\/databases\/db-shop\/schema$/, { body: shopSchema }]]);
    renderAt(<AdminDatabasesSection workspaceId="w1" />);
    fireEvent.click(await screen.findByRole("button", { name: "Schema of Shop" }));
    const panel = await screen.findByRole("region", { name: "Schema of Shop" });
    expect(await within(panel).findByRole("region", { name: /^orders/ })).toBeTruthy();
  });
});
