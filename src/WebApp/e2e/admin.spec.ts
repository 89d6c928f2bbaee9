import { checkPage, expect, signIn, signInWithForm, test, unique } from "./fixtures";

test("an Admin creates a user who then signs in in a fresh browser", async ({ page, api, browser, baseURL, guard }) => {
  const admin = await api.createUser({ role: "Admin" });
  await signIn(page, admin);
  await page.goto("/workspaces");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await checkPage(page, "admin-users");

  const email = `${unique("new-colleague")}@e2e.planck.test`;
  const password = "A-new-colleague-passphrase-7";
  const form = page.getByRole("form", { name: "Create user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Full name").fill("New Colleague");
  await form.getByLabel("Password").fill(password);
  await form.getByLabel("Role").selectOption("User");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("status")).toContainText(email);
  await expect(page.getByRole("region", { name: "All users" })).toContainText(email);

  const adminNav = page.getByRole("navigation", { name: "Admin" });
  await adminNav.getByRole("link", { name: "Workspaces" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Manage workspaces" })).toBeVisible();
  await checkPage(page, "admin-workspaces");
  await adminNav.getByRole("link", { name: "Usage" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  await checkPage(page, "admin-usage");

  const fresh = await browser.newContext({ baseURL });
  await guard.watch(fresh);
  const newcomer = await fresh.newPage();
  await signInWithForm(newcomer, { email, password });
  await expect(newcomer.getByText("New Colleague")).toBeVisible();
  await expect(newcomer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await fresh.close();
});

test("a User who opens an admin page is told it is not allowed and sees no admin link", async ({ page, api }) => {
  const person = await api.createUser();
  await signIn(page, person);
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/not allowed/i);
  await expect(page.getByRole("main")).toContainText(/not allowed/i);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Create user" })).toHaveCount(0);
  await checkPage(page, "admin-not-allowed");
});
