import type { Page, Request } from "@playwright/test";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { checkPage, expect, signIn, test, type PlanckApi } from "./fixtures";
import { pdfFile, textFile } from "./files";

// Ingestion a person can watch and steer, and citations that open the cited page: the documents view follows the
// server's event stream, Cancel and Retry act on the real server, and a chat answer's source opens its PDF at the page.

/** Where the brief's reviewers look for the screenshots of this issue, beside the suite's own folder. */
const SHOTS = "/tmp/shots-i11";

/** The suite's checks and screenshots, and whole-page ones (the list sits below the fold) for the reviewers. */
async function shoot(page: Page, name: string): Promise<void> {
  await checkPage(page, name);
  mkdirSync(SHOTS, { recursive: true });
  const restore = page.viewportSize();
  for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size.width}.png`), fullPage: true });
  }
  if (restore) await page.setViewportSize(restore);
}

const SENTENCES = [
  "The harbour master records the tide at dawn and again at dusk in the blue ledger.",
  "Fishing boats return before the evening bell so that the quay can be swept and checked.",
  "Nets are mended on the north pier where the wind is gentle and the light is good.",
  "Each crate of fish is weighed, tagged and listed before it leaves for the market.",
];

/** A real multi-page PDF, long enough that processing it takes a few seconds of embedding on this machine. */
function longPdf(name: string, pages: number, factOnPage?: { page: number; text: string }) {
  return pdfFile(
    name,
    Array.from({ length: pages }, (_, p) =>
      p + 1 === factOnPage?.page
        ? [factOnPage.text]
        : Array.from({ length: 40 }, (_, line) => `${p + 1}.${line + 1} ${SENTENCES[(p + line) % SENTENCES.length]}`),
    ),
  );
}

const isList = (request: Request, workspaceId: string) =>
  request.method() === "GET" && request.url().includes(`/api/v1/documents/?workspace_id=${workspaceId}`);

async function documentsOf(api: PlanckApi, workspaceId: string) {
  return ((await (await api.request.get(`/api/v1/documents/?workspace_id=${workspaceId}`)).json()) as { data: { id: string; name: string; status: string }[] }).data;
}

test("a multi-page PDF's progress bar moves with the event stream to ready, without the list being polled", async ({ page, api }) => {
  test.setTimeout(120_000);
  const { person, workspace } = await api.personWithWorkspace();
  await signIn(page, person);
  const listReads: string[] = [];
  const streams: string[] = [];
  page.on("request", (request) => {
    if (isList(request, workspace.id)) listReads.push(request.url());
    if (request.url().includes(`/api/v1/documents/events?workspace_id=${workspace.id}`)) streams.push(request.url());
  });
  await page.goto(`/workspaces/${workspace.id}/documents`);
  await expect(page.getByText("No documents yet.")).toBeVisible();
  expect(streams.length).toBeGreaterThan(0);

  // Several at once: the node works on them in turn, so the later ones wait queued with their bars at 0.
  const files = [longPdf("harbour-log.pdf", 30), longPdf("tide-tables.pdf", 12), longPdf("quay-rules.pdf", 6)];
  await page.locator('input[type="file"]').setInputFiles(files);
  const row = page.getByRole("row").filter({ hasText: "harbour-log.pdf" });
  const bar = row.getByRole("progressbar", { name: "Processing harbour-log.pdf" });
  await expect(bar).toBeVisible({ timeout: 30_000 });
  // A stage under way with its percent, as the stream reports it (the upload's answer only ever says "Queued").
  await expect(row.locator(".document-progress")).toContainText(/(Extracting text|Embedding passages|Indexing) · \d+%/, { timeout: 60_000 });
  await shoot(page, "documents-progress");

  for (const file of files) {
    await expect(page.getByRole("row").filter({ hasText: file.name })).toContainText("Ready", { timeout: 90_000 });
  }
  await expect(row.getByRole("progressbar")).toHaveCount(0);
  await expect(row.locator('td[data-label="Pages"]')).toHaveText("30");
  // One read of the list when the page opened; every change since came on the stream.
  expect(listReads).toHaveLength(1);
  await shoot(page, "documents-ready-streamed");
});

test("Cancel stops a queued document, Retry brings it back to ready, and a Cancel that comes too late shows why", async ({ page, api }) => {
  test.setTimeout(120_000);
  const { person, workspace } = await api.personWithWorkspace();
  await signIn(page, person);
  await page.goto(`/workspaces/${workspace.id}/documents`);
  await page.locator('input[type="file"]').setInputFiles([longPdf("first-in-line.pdf", 30), longPdf("second-in-line.pdf", 5)]);

  const second = page.getByRole("row").filter({ hasText: "second-in-line.pdf" });
  await second.getByRole("button", { name: "Cancel" }).click();
  await expect(second.locator(".status")).toHaveText("Cancelled");
  await expect(second.getByRole("progressbar")).toHaveCount(0);
  await expect(second.getByRole("button", { name: "Cancel" })).toHaveCount(0);
  const cancelled = (await documentsOf(api, workspace.id)).find((d) => d.name === "second-in-line.pdf")!;
  expect((await api.document(cancelled.id)).status).toBe("cancelled");
  await shoot(page, "documents-cancelled");

  // A second tab whose stream is held back still shows the first document in progress; cancelling it there after it
  // was cancelled here gets the server's refusal, said in the row.
  const stale = await page.context().newPage();
  await stale.route("**/api/v1/documents/events?**", () => undefined); // never answered: that tab hears no changes
  await stale.goto(`/workspaces/${workspace.id}/documents`);
  const first = page.getByRole("row").filter({ hasText: "first-in-line.pdf" });
  const staleFirst = stale.getByRole("row").filter({ hasText: "first-in-line.pdf" });
  const firstId = (await documentsOf(api, workspace.id)).find((d) => d.name === "first-in-line.pdf")!.id;
  test.info().annotations.push({ type: "first-in-line.pdf when the stale tab cancelled it", description: (await api.document(firstId)).status });
  if ((await api.document(firstId)).status === "ready") {
    // It finished meanwhile: its Cancel is not offered anywhere, which is the same promise kept.
    await expect(staleFirst.getByRole("button", { name: "Cancel" })).toHaveCount(0);
  } else {
    await expect(staleFirst.getByRole("button", { name: "Cancel" })).toBeVisible();
    const cancelledHere = await api.request.post(`/api/v1/documents/${firstId}/cancel`);
    expect([200, 409]).toContain(cancelledHere.status());
    await staleFirst.getByRole("button", { name: "Cancel" }).click();
    const again = await api.request.post(`/api/v1/documents/${firstId}/cancel`);
    expect(again.status()).toBe(409);
    const { detail } = (await again.json()) as { detail: string };
    expect(detail.length).toBeGreaterThan(0);
    await expect(staleFirst.getByRole("alert")).toHaveText(detail);
    // The refusal also told that tab it was out of date: it read the document again.
    await expect(staleFirst.locator(".status")).toHaveText("Cancelled");
    await expect(staleFirst.getByRole("button", { name: "Retry" })).toBeVisible();
    await shoot(stale, "documents-cancel-refused");
    await expect(first.locator(".status")).toHaveText(/Cancelled|Ready/);
  }
  await stale.close();

  await second.getByRole("button", { name: "Retry" }).click();
  await expect(second.locator(".status")).not.toHaveText("Cancelled");
  await expect(second).toContainText("Ready", { timeout: 90_000 });
  expect((await api.document(cancelled.id)).status).toBe("ready");
});

test("a citation of a PDF says its page and opens the file at #page=N in a new tab", async ({ page, api }) => {
  test.setTimeout(90_000);
  const { person, workspace } = await api.personWithWorkspace();
  const manual = longPdf("lighthouse-manual.pdf", 4, { page: 3, text: "The foghorn compressor is serviced every seventh Thursday by the keeper." });
  const uploaded = await api.upload(workspace.id, manual);
  expect((await api.settled(uploaded.id)).status).toBe("ready");

  await signIn(page, person);
  await page.goto(`/workspaces/${workspace.id}/chat`);
  await page.getByRole("textbox", { name: "Message" }).fill("How often is the foghorn compressor serviced? [[fake:cite 1]]");
  await page.getByRole("button", { name: "Send" }).click();
  const answer = page.getByRole("article", { name: "Answer" }).first();
  await expect(answer).toHaveAttribute("aria-busy", "false", { timeout: 30_000 });
  const link = answer.getByRole("region", { name: "Sources" }).getByRole("link", { name: "lighthouse-manual.pdf, p. 3" });
  await expect(link).toHaveAttribute("href", `/api/v1/documents/${uploaded.id}/content#page=3`);
  await expect(link).toHaveAttribute("target", "_blank");
  await shoot(page, "chat-citations");

  // The new tab loads the PDF itself (the fragment stays in the browser, for its viewer); it is the original file.
  const loaded = page.context().waitForEvent("response", (response) => response.url().endsWith(`/api/v1/documents/${uploaded.id}/content`));
  const opened = page.waitForEvent("popup");
  await link.click();
  const response = await loaded;
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/pdf");
  await (await opened).close();
});

test("an Admin re-indexes a workspace from its documents view, or all from the workspaces page, after confirming, and is told how many were queued", async ({ page, api }) => {
  const admin = await api.createUser({ role: "Admin" });
  const workspace = await api.createWorkspace([admin.id]);
  const ready = await api.upload(workspace.id, textFile("reindex-notes.txt", SENTENCES.join("\n")));
  expect((await api.settled(ready.id)).status).toBe("ready");
  await signIn(page, admin);
  // The real endpoint answers; what the app sends is read off the requests as they go.
  const sent: unknown[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/v1/admin/reindex") sent.push(request.postDataJSON());
  });
  await page.goto(`/workspaces/${workspace.id}/documents`);
  await page.getByRole("button", { name: "Re-index" }).click();
  const dialog = page.getByRole("dialog", { name: "Re-index documents" });
  await expect(dialog).toContainText(workspace.name);
  expect(sent).toEqual([]);
  await dialog.getByRole("button", { name: "Re-index" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "queued" })).toHaveText("1 document queued");
  expect(sent).toEqual([{ workspace_id: workspace.id }]);
  await shoot(page, "documents-reindexed");

  // Every workspace at once, from the workspaces an Admin manages.
  await page.goto("/admin/workspaces");
  await page.getByRole("button", { name: "Re-index all documents" }).click();
  const all = page.getByRole("dialog", { name: "Re-index documents" });
  await expect(all).toContainText("all workspaces");
  await all.getByRole("button", { name: "Re-index" }).click();
  // Every workspace of the shared test server: how many depends on the other tests, the sentence does not.
  await expect(page.getByText(/^\d+ documents? queued$/)).toBeVisible();
  expect(sent).toEqual([{ workspace_id: workspace.id }, {}]);
  await checkPage(page, "admin-workspaces-reindexed");
});

test("a member who is not an Admin is offered no Re-index", async ({ page, api }) => {
  const { person, workspace } = await api.personWithWorkspace();
  await signIn(page, person);
  await page.goto(`/workspaces/${workspace.id}/documents`);
  await expect(page.getByText("No documents yet.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Re-index" })).toHaveCount(0);
});
