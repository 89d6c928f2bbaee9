import { checkPage, expect, signIn, test, type PlanckApi, type UploadFile } from "./fixtures";
import { fakePdf, notes, pdfFile, textFile } from "./files";

/** What the server says about a file: the upload's refusal, or the failed document's error. */
async function serverVerdict(api: PlanckApi, workspaceId: string, file: UploadFile): Promise<string> {
  const response = await api.request.post("/api/v1/documents/", { multipart: { workspace_id: workspaceId, file } });
  if (response.status() !== 202) return ((await response.json()) as { detail: string }).detail;
  const settled = await api.settled(((await response.json()) as { id: string }).id);
  expect(settled.status).toBe("failed");
  return settled.error ?? "";
}

test("several files uploaded at once each become ready with their page and passage counts, and search finds a passage", async ({ page, api }) => {
  const { person, workspace } = await api.personWithWorkspace();
  await signIn(page, person);
  await page.goto("/workspaces");
  await checkPage(page, "workspaces");
  await page.getByRole("link", { name: workspace.name }).click();
  await expect(page).toHaveURL(new RegExp(`/workspaces/${workspace.id}/documents$`));
  await checkPage(page, "documents-empty");

  const files = [
    notes("lighthouse-notes.txt"),
    textFile("crates.csv", "fruit,crates\norange,42\nlemon,11\nfig,3\n", "text/csv"),
    textFile("readme.md", "# Ferry timetable\n\nThe ferry to Quillon Point leaves at nine every morning.\n", "text/markdown"),
    pdfFile("two-pages.pdf", [["First page of the harbour report."], ["Second page: the breakwater was repaired in May."]]),
  ];
  await page.locator('input[type="file"]').setInputFiles(files);

  for (const file of files) {
    const row = page.getByRole("row").filter({ hasText: file.name });
    await expect(row).toContainText(/ready/i, { timeout: 60_000 });
  }
  const documents = ((await (await api.request.get(`/api/v1/documents/?workspace_id=${workspace.id}`)).json()) as {
    data: { name: string; status: string; page_count: number | null; chunk_count: number | null }[];
  }).data;
  expect(documents.map((d) => d.name).sort()).toEqual(files.map((f) => f.name).sort());
  for (const document of documents) {
    expect(document.status).toBe("ready");
    const row = page.getByRole("row").filter({ hasText: document.name });
    await expect(row.locator('td[data-label="Pages"]')).toHaveText(String(document.page_count ?? "—"));
    await expect(row.locator('td[data-label="Passages"]')).toHaveText(String(document.chunk_count ?? "—"));
    expect(document.chunk_count).toBeGreaterThan(0);
  }
  expect(documents.find((d) => d.name === "two-pages.pdf")?.page_count).toBe(2);
  await checkPage(page, "documents-ready");

  await page.getByRole("link", { name: "Search" }).click();
  const query = page.getByRole("searchbox", { name: "Search documents" });
  await query.fill("marmalade shipment");
  await query.press("Enter");
  const result = page.getByRole("main").locator("li, article, tr").filter({ hasText: "lighthouse-notes.txt" }).first();
  await expect(result).toContainText(/marmalade/i);
  await checkPage(page, "search-results");
});

test("a file that is not what its name says fails with the server's message, and a type outside the list is refused", async ({ page, api }) => {
  const { person, workspace } = await api.personWithWorkspace();
  const probe = await api.createWorkspace([]);
  const hostile = fakePdf("x.pdf");
  const expected = await serverVerdict(api, probe.id, hostile);
  expect(expected.length).toBeGreaterThan(0);

  await signIn(page, person);
  await page.goto(`/workspaces/${workspace.id}/documents`);
  await page.locator('input[type="file"]').setInputFiles([hostile]);
  await expect(page.getByRole("main")).toContainText(expected, { timeout: 60_000 });

  // An executable is refused before it is sent (the server's accepted types) or by the server: either way, said.
  await page.locator('input[type="file"]').setInputFiles([{ name: "setup.exe", mimeType: "application/x-msdownload", buffer: fakePdf().buffer }]);
  const refused = page.getByRole("list", { name: "Uploads" }).getByRole("listitem").filter({ hasText: "setup.exe" });
  await expect(refused.getByRole("alert")).not.toBeEmpty();
  const listed = ((await (await api.request.get(`/api/v1/documents/?workspace_id=${workspace.id}`)).json()) as { data: { name: string; status: string }[] }).data;
  expect(listed.filter((d) => d.name === "setup.exe" && d.status === "ready")).toEqual([]);
  await checkPage(page, "documents-refused");
});
