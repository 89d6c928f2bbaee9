import type { Page } from "@playwright/test";
import path from "node:path";
import { checkPage, expect, signIn, test, unique, type PlanckApi } from "./fixtures";
import { SCREENSHOT_DIR, suiteState } from "./state";

// Databases in the web app against the real server: the suite's global setup gives the server a SQLite directory
// holding shop.db (customers and their orders). The fake model writes the SQL a question's [[fake:sql …]] directive
// names (tests/TestFixtures/FakeModelServer/FakeScript.cs).

interface ConnectedDatabase {
  id: string;
  name: string;
  table_count: number;
}

/**
 * Connects shop.db through the API, or says why it cannot: the SQLite engine is merged into main in parallel with
 * this suite, and a server without it answers 500 ("No engine is registered for Sqlite databases" in its log).
 */
async function connectShop(api: PlanckApi, workspaceId: string, name = unique("Shop")): Promise<ConnectedDatabase | string> {
  const response = await api.request.post(`/api/v1/admin/workspaces/${workspaceId}/databases`, {
    data: { name, type: "sqlite", connection_string: suiteState().shopDatabase, description: "Customers and their orders" },
  });
  if (response.status() === 201) return (await response.json()) as ConnectedDatabase;
  return `POST …/databases with type sqlite answered ${response.status()}: ${await response.text()}`;
}

/** Skips (as fixme) what needs the SQLite engine when this server has none; any other refusal fails the test. */
async function requireSqliteEngine(api: PlanckApi, workspaceId: string): Promise<void> {
  const probe = await connectShop(api, workspaceId, unique("Probe"));
  if (typeof probe !== "string") {
    await api.request.delete(`/api/v1/admin/workspaces/${workspaceId}/databases/${probe.id}`);
    return;
  }
  // FIXME(engines): remove this once the SQLite engine is on main; until then the server answers 500 here.
  test.fixme(/ 500:|No engine is registered/.test(probe), `the server has no SQLite engine yet (${probe})`);
  throw new Error(probe);
}

async function openAdminDatabases(page: Page, workspaceName: string) {
  await page.goto("/admin/workspaces");
  await page.getByRole("link", { name: `Databases of ${workspaceName}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Databases of ${workspaceName}` })).toBeVisible();
}

test("every workspace lists its uploaded tables, built in: an Admin can open their schema but not change them, and a member sees them", async ({ page, api, browser, baseURL, guard }) => {
  const admin = await api.createUser({ role: "Admin" });
  const member = await api.createUser();
  const workspace = await api.createWorkspace([member.id]);
  await signIn(page, admin);
  await openAdminDatabases(page, workspace.name);

  const builtIn = page.getByRole("row", { name: /Uploaded tables/ });
  await expect(builtIn).toContainText("Ready");
  await expect(builtIn.getByRole("button")).toHaveText(["Schema"]);
  await builtIn.getByRole("button", { name: "Schema of Uploaded tables" }).click();
  await expect(page.getByRole("region", { name: "Schema of Uploaded tables" })).toContainText("no tables yet");
  await checkPage(page, "admin-databases-built-in");

  const other = await browser.newContext({ baseURL });
  await guard.watch(other);
  const memberPage = await other.newPage();
  await signIn(memberPage, member);
  await memberPage.goto(`/workspaces/${workspace.id}`);
  await memberPage.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Databases" }).click();
  await expect(memberPage.getByRole("heading", { level: 1, name: "Databases" })).toBeVisible();
  await expect(memberPage.getByRole("row", { name: /Uploaded tables/ })).toBeVisible();
  await expect(memberPage.getByRole("region", { name: "Workspace context" })).toContainText("No context has been written");
  await other.close();
});

test("an Admin connects a SQLite file, sees its tables, opens its schema and describes it in the context, where an unknown column is refused at its field", async ({ page, api }) => {
  test.setTimeout(90_000);
  const admin = await api.createUser({ role: "Admin" });
  const workspace = await api.createWorkspace([]);
  await requireSqliteEngine(api, workspace.id);
  await signIn(page, admin);
  await openAdminDatabases(page, workspace.name);

  const form = page.getByRole("region", { name: "Connect a database" });
  await form.getByLabel("Name").fill("Shop");
  await form.getByLabel("Type").selectOption("sqlite");
  await form.getByLabel("Connection string").fill(suiteState().shopDatabase);
  await form.getByLabel("Description").fill("Customers and their orders");
  await form.getByRole("button", { name: "Connect database" }).click();
  const row = page.getByRole("row", { name: /Shop/ });
  await expect(row).toContainText("SQLite", { timeout: 30_000 });
  await expect(row).toContainText("Ready");
  await expect(row.getByRole("cell", { name: "2", exact: true })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Connected Shop: 2 tables." })).toBeVisible();
  await expect(form.getByLabel("Connection string")).toHaveValue("");

  await row.getByRole("button", { name: "Schema of Shop" }).click();
  const schema = page.getByRole("region", { name: "Schema of Shop" });
  await expect(schema.getByRole("region", { name: /^customers/ })).toBeVisible();
  await expect(schema.getByRole("list", { name: "Foreign keys of orders" })).toContainText("Foreign key (customer_id) references customers (id)");
  await checkPage(page, "admin-databases");
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-databases-full-1280.png"), fullPage: true });

  await page.getByRole("navigation", { name: "Workspace data" }).getByRole("link", { name: "Context" }).click();
  const editor = page.getByRole("form", { name: "Workspace context" });
  await editor.getByLabel("Description", { exact: true }).first().fill("The EU shop's customers and orders");
  await editor.getByRole("button", { name: "Add entity" }).click();
  const entity = editor.getByRole("group", { name: "Entity 1" });
  await entity.getByLabel("Business name").first().fill("Customer");
  await entity.getByLabel("Table").selectOption({ label: "customers" });
  await entity.getByRole("button", { name: "Add field" }).click();
  const field = entity.getByRole("group", { name: "Field 1" });
  await field.getByLabel("Business name").fill("Country");
  await field.getByLabel("Column").fill("country");
  await editor.getByRole("button", { name: "Save context" }).click();
  await expect(editor.getByRole("status").filter({ hasText: "Saved the workspace context." })).toBeVisible();

  await field.getByLabel("Column").fill("nation");
  await editor.getByRole("button", { name: "Save context" }).click();
  const summary = editor.getByRole("alert");
  await expect(summary).toContainText("Entity 1, field 1: column");
  await expect(field).toContainText('Unknown column "nation"');
  await expect(field.getByLabel("Column")).toHaveAttribute("aria-invalid", "true");
  await checkPage(page, "admin-context-refused");
});

test("a member sees the database and its schema, and a question pointed at it answers with its SQL and the result table", async ({ page, api }) => {
  test.setTimeout(90_000);
  const { person, workspace } = await api.personWithWorkspace();
  const shop = await connectShop(api, workspace.id, "Shop");
  // FIXME(engines): remove this once the SQLite engine is on main; until then the server answers 500 here.
  test.fixme(typeof shop === "string" && / 500:|No engine is registered/.test(shop), `the server has no SQLite engine yet (${String(shop)})`);
  if (typeof shop === "string") throw new Error(shop);

  await signIn(page, person);
  await page.goto(`/workspaces/${workspace.id}/databases`);
  await page.getByRole("link", { name: "Shop" }).click();
  const schema = page.getByRole("region", { name: "Schema of Shop" });
  const orders = schema.getByRole("region", { name: /^orders/ });
  await expect(orders.getByRole("row", { name: /customer_id/ })).toContainText("→ customers.id");
  await expect(schema.getByRole("region", { name: /^customers/ }).getByRole("row", { name: /^id/ })).toContainText("Primary key");
  await checkPage(page, "member-database-schema");

  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Chat" }).click();
  await page.getByRole("button", { name: "Quick question" }).click();
  await page.getByRole("combobox", { name: "Database" }).selectOption({ label: "Shop" });
  const sql = "SELECT c.name, count(o.id) AS orders FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.name ORDER BY c.name";
  await page.getByRole("textbox", { name: "Message" }).fill(`How many orders has each customer placed? [[fake:sql ${sql}]]`);
  const asked = page.waitForRequest((request) => request.method() === "POST" && request.url().endsWith(`/workspaces/${workspace.id}/chat`));
  await page.getByRole("button", { name: "Send" }).click();
  expect((await asked).postDataJSON()).toMatchObject({ settings: { chat_metadata: { database: { id: shop.id } } } });

  const answer = page.getByRole("article", { name: "Answer" }).first();
  await expect(answer).toHaveAttribute("aria-busy", "false", { timeout: 30_000 });
  await expect(answer.locator(".block-code")).toContainText("SELECT c.name");
  const table = answer.getByRole("region", { name: /^Table/ }).locator("table");
  await expect(table.locator("tbody tr")).toHaveCount(3);
  await expect(table).toContainText("Ada Lovelace");
  await expect(answer.getByRole("region", { name: "Sources" })).toContainText("Database Shop");
  await expect(answer.locator('.block-chart svg g[class*="mark-"] path, .block-chart canvas').first()).toBeAttached({ timeout: 20_000 });
  await answer.screenshot({ path: path.join(SCREENSHOT_DIR, "chat-database-answer-whole-1280.png") });
  await checkPage(page, "chat-database-answer");
});
