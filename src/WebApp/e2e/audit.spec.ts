import { checkPage, expect, signIn, test } from "./fixtures";

test("an Admin's actions appear in Audit, newest first, filtered by actor and action and paged", async ({ page, api }) => {
  test.setTimeout(90_000); // fifty-odd keys issued, then the page scanned by axe at two widths
  const admin = await api.createUser({ role: "Admin", fullName: "Audit Admin" });
  await signIn(page, admin);

  // Audited actions done with the Admin's own session, so the trail names them as the actor.
  const created = await page.request.post("/api/v1/admin/users", {
    data: { email: `audited-${admin.id.slice(0, 8)}@e2e.planck.test`, password: "An-audited-passphrase-9", full_name: "Audited Colleague", role: "User" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const colleague = (await created.json()) as { id: string };
  // 51 keys, split so neither user passes the limit on active keys: one more than a page of one action.
  for (let i = 0; i < 51; i++) {
    const owner = i % 2 === 0 ? colleague.id : admin.id;
    const key = await page.request.post(`/api/v1/admin/users/${owner}/api-keys`, { data: { name: `audited ${i}` } });
    expect(key.status(), await key.text()).toBe(201);
  }

  await page.goto("/workspaces");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit" })).toBeVisible();
  await expect(page.getByRole("complementary", { name: "Metrics" })).toContainText("PrometheusEnabled");

  const filters = page.getByRole("form", { name: "Audit filters" });
  const entries = page.getByRole("region", { name: "Audit entries" });
  const status = page.locator(".pager").getByRole("status");
  await filters.getByLabel("Actor").selectOption({ label: `Audit Admin (${admin.email})` });
  await expect(status).toHaveText("1–50 of 53"); // the sign-in, the user and the keys
  const first = entries.getByRole("row").nth(1);
  await expect(first).toContainText("key.created");
  await expect(first).toContainText("audited 50");
  await expect(first).toContainText(admin.email);

  await filters.getByLabel("Action").selectOption("key.created");
  await expect(status).toHaveText("1–50 of 51");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(status).toHaveText("51–51 of 51");
  await expect(entries.getByRole("row").nth(1)).toContainText("audited 0");
  await expect(page.getByRole("button", { name: "Next" })).toBeDisabled();
  await page.getByRole("button", { name: "Previous" }).click();
  await expect(status).toHaveText("1–50 of 51");

  await filters.getByLabel("Action").selectOption({ label: "Users" });
  await expect(status).toHaveText("1–1 of 1");
  const userRow = entries.getByRole("row").nth(1);
  await expect(userRow).toContainText("user.created");
  await expect(userRow).toContainText(colleague.id);

  await filters.getByLabel("Action").selectOption({ label: "Sign-ins and sign-outs" });
  await expect(status).toHaveText("1–1 of 1");
  await expect(entries.getByRole("row").nth(1)).toContainText("auth.sign_in.succeeded");

  await filters.getByLabel("Action").selectOption("");
  await checkPage(page, "admin-audit");

  await filters.getByLabel("From").fill("2000-01-01T00:00");
  await filters.getByLabel("Before").fill("2000-01-02T00:00");
  await expect(page.getByText("No entries match these filters.")).toBeVisible();
  await checkPage(page, "admin-audit-empty");
});

test("a User sees no Audit page and the API refuses them the trail", async ({ page, api }) => {
  const person = await api.createUser();
  await signIn(page, person);
  await page.goto("/admin/audit");
  await expect(page.getByRole("main")).toContainText(/not allowed/i);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Admin" })).toHaveCount(0);
  await expect(page.getByRole("table")).toHaveCount(0);
  expect((await page.request.get("/api/v1/admin/audit")).status()).toBe(403);
  expect((await page.request.get("/api/v1/admin/server")).status()).toBe(403);
});
