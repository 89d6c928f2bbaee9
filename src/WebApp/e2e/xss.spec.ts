import type { Page } from "@playwright/test";
import { checkPage, expect, signIn, test } from "./fixtures";
import { notes, textFile } from "./files";

// Each payload would set window.__xss if anything ran it. The CSP alone would block most of them, so the test also
// checks that no such element reached the page: the sanitiser, not only the policy, stops them.
const IMG = "<img src=x onerror=window.__xss=1>";
const SCRIPT = "<script>window.__xss=1</script>";
const LINK = "[x](javascript:window.__xss=1)";

async function expectNothingRan(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  const injected = await page.evaluate(() =>
    Array.from(document.querySelectorAll("img[src='x'], img[onerror], [onerror], script:not([src]), a[href^='javascript:' i], iframe, object, embed")).map(
      (element) => element.outerHTML.slice(0, 120),
    ),
  );
  expect(injected).toEqual([]);
}

test("payloads in a workspace's name, a document's name and the model's answer run nothing", async ({ page, api }) => {
  test.setTimeout(90_000); // two documents processed, then four pages, each scanned by axe
  const person = await api.createUser();
  const workspace = await api.createWorkspace([person.id], `Team ${SCRIPT}${IMG}`);
  const hostileName = `${IMG}.txt`;
  const ready = [await api.upload(workspace.id, textFile(hostileName, "The hostile file still holds honest text about marmalade.")), await api.upload(workspace.id, notes())];
  for (const document of ready) expect((await api.settled(document.id)).status).toBe("ready");

  await signIn(page, person);
  await page.goto("/workspaces");
  await expect(page.getByRole("main")).toContainText("Team <script>");
  await expectNothingRan(page);

  await page.goto(`/workspaces/${workspace.id}/documents`);
  await expect(page.getByRole("main")).toContainText(hostileName);
  await expectNothingRan(page);
  await checkPage(page, "xss-documents");

  await page.goto(`/workspaces/${workspace.id}/chat`);
  await page.getByRole("textbox", { name: "Message" }).fill(`[[fake:echo]] ${IMG} ${SCRIPT} ${LINK}`);
  await page.getByRole("button", { name: "Send" }).click();
  const answer = page.getByRole("article", { name: "Answer" }).first();
  await expect(answer).toHaveAttribute("aria-busy", "false", { timeout: 30_000 });
  await expect(answer).toContainText("__xss");
  await expectNothingRan(page);
  await page.reload();
  await expect(page.getByRole("article", { name: "Answer" }).first()).toContainText("__xss");
  await expectNothingRan(page);
  await checkPage(page, "xss-chat");
});
