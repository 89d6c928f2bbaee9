import type { Locator, Page } from "@playwright/test";
import { apiClient, checkPage, expect, signInWithForm, test } from "./fixtures";

// The words of the seed's "Getting your API key" (/work/shared/seed/authentication.md) are the contract here:
// Log in → User Settings → API Keys → a name such as "My Integration" → Create → copy it, shown only once.

test("a person follows the documentation's steps to an API key that works until it is revoked", async ({ page, api }) => {
  const person = await api.createUser();

  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await checkPage(page, "sign-in");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await page.getByRole("link", { name: "User Settings" }).click();
  const section = page.getByRole("region", { name: "API Keys" });
  await expect(section).toBeVisible();
  const name = section.getByLabel("Name", { exact: true });
  await expect(name).toHaveAttribute("placeholder", "My Integration");
  await checkPage(page, "user-settings");
  await name.fill("My Integration");
  await section.getByRole("button", { name: "Create" }).click();

  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("shown only once");
  await expect(dialog.getByRole("button", { name: "Copy" })).toBeVisible();
  const key = await dialog.getByRole("textbox").inputValue();
  expect(key).toMatch(/^pk_live_/);
  await checkPage(page, "api-key-shown-once");

  const withKey = await apiClient(key);
  const me = await withKey.get("/api/v1/users/me");
  expect(me.status()).toBe(200);
  expect(((await me.json()) as { email: string }).email).toBe(person.email);

  await dialog.getByRole("button", { name: "Done" }).click();
  await page.reload();
  await expect(section.getByRole("row", { name: /My Integration/ })).toBeVisible();
  expect(await page.content()).not.toContain(key);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toContain(key);

  await section.getByRole("row", { name: /My Integration/ }).getByRole("button", { name: /Revoke/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: /Revoke/ }).click();
  await expect(section.getByRole("row", { name: /My Integration/ })).toHaveCount(0);
  const revoked = await withKey.get("/api/v1/users/me");
  expect(revoked.status()).toBe(401);
  expect(((await revoked.json()) as { detail: string }).detail).toBe("Invalid or missing API key");
  await withKey.dispose();
});

test("a person signs in and creates a key with the keyboard alone", async ({ page, api }) => {
  const person = await api.createUser();
  await page.goto("/sign-in");

  // From the top of the page: Tab reaches Email, then Password, then Sign in.
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.keyboard.type(person.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(person.password);
  await page.keyboard.press("Enter");
  await expect(page).not.toHaveURL(/\/sign-in/);

  // Focus moved to the new page's heading; the main navigation is before it.
  await tabTo(page, page.getByRole("link", { name: "User Settings" }), "Shift+Tab");
  await page.keyboard.press("Enter");
  const section = page.getByRole("region", { name: "API Keys" });
  await tabTo(page, section.getByLabel("Name", { exact: true }));
  await page.keyboard.type("Keyboard key");
  await page.keyboard.press("Enter");

  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("shown only once");
  expect(await dialog.getByRole("textbox").inputValue()).toMatch(/^pk_live_/);
  // The dialog holds the focus; Escape closes it and gives focus back to the page.
  await expect(dialog.locator(":focus")).toHaveCount(1);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(section.getByRole("row", { name: /Keyboard key/ })).toBeVisible();
});

test("a wrong password shows the server's reason on the sign-in form", async ({ page, api }) => {
  const person = await api.createUser();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();

  const anonymous = await apiClient();
  const login = await anonymous.post("/api/v1/auth/login", { data: { email: person.email, password: "not-the-password-either" } });
  const detail = ((await login.json()) as { detail: string }).detail;
  await anonymous.dispose();
  expect(detail.length).toBeGreaterThan(0);
  await expect(page.getByRole("alert")).toContainText(detail);
  await expect(page).toHaveURL(/\/sign-in/);
  await checkPage(page, "sign-in-wrong-password");
});

test("a session ended elsewhere sends the person to Sign in and back to where they were going", async ({ page, api, browser, baseURL }) => {
  const person = await api.createUser();
  await signInWithForm(page, person);
  await expect(page.getByRole("link", { name: "User Settings" })).toBeVisible();

  // Signing out through the API with the same session cookie, outside this page, ends the session on the server.
  const outside = await browser.newContext({ baseURL });
  await outside.addCookies(await page.context().cookies());
  const logout = await outside.request.post("/api/v1/auth/logout");
  expect(logout.status()).toBeLessThan(300);
  await outside.close();

  // The page's next request finds the session gone: Sign in, saying why, then on to where the person was going.
  await page.getByRole("link", { name: "User Settings" }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings/);
  await expect(page.getByRole("status")).toContainText("Your session has ended");
  await checkPage(page, "sign-in-session-ended");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("region", { name: "API Keys" })).toBeVisible();
});

async function tabTo(page: Page, target: Locator, key: "Tab" | "Shift+Tab" = "Tab", limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`${key} did not reach ${target} within ${limit} presses`);
}
