import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, request as playwrightRequest, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { SCREENSHOT_DIR, suiteState } from "./state";

// Every test runs under a guard that fails it on anything a person would never see but must not happen: a console
// error, an uncaught exception, a Content-Security-Policy violation, a server error, or a request leaving the server's
// origin (the app must work offline: no CDN, no remote font or tile). Each test makes its own users and workspaces
// through the API with the administrator's key, so tests share nothing but the server.

export interface Person {
  id: string;
  email: string;
  password: string;
  full_name: string;
  role: "Admin" | "User";
}

export interface Workspace {
  id: string;
  name: string;
}

export interface DocumentInfo {
  id: string;
  name: string;
  status: string;
  error: string | null;
  page_count: number | null;
  chunk_count: number | null;
}

export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** Unique enough across runs of the same server and across workers. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** The API as the administrator's key sees it, for making each test's data. */
export class PlanckApi {
  constructor(readonly request: APIRequestContext) {}

  private async json<T>(what: string, response: Awaited<ReturnType<APIRequestContext["get"]>>, expected: number[]): Promise<T> {
    if (!expected.includes(response.status())) {
      throw new Error(`${what}: HTTP ${response.status()} ${await response.text()}`);
    }
    return (response.status() === 204 ? undefined : await response.json()) as T;
  }

  async createUser(options: { role?: "Admin" | "User"; fullName?: string; email?: string } = {}): Promise<Person> {
    const email = options.email ?? `${unique("person")}@e2e.planck.test`;
    const password = `Pw-${randomUUID()}`;
    const fullName = options.fullName ?? "E2E Person";
    const role = options.role ?? "User";
    const user = await this.json<{ id: string }>(
      "create user",
      await this.request.post("/api/v1/admin/users", { data: { email, password, full_name: fullName, role } }),
      [201],
    );
    return { id: user.id, email, password, full_name: fullName, role };
  }

  async createWorkspace(memberIds: string[], name = unique("Workspace")): Promise<Workspace> {
    const workspace = await this.json<Workspace>(
      "create workspace",
      await this.request.post("/api/v1/admin/workspaces", { data: { name, description: "Made by the browser suite" } }),
      [201],
    );
    if (memberIds.length > 0) {
      await this.json("add members", await this.request.post(`/api/v1/admin/workspaces/${workspace.id}/members`, { data: { user_ids: memberIds } }), [200]);
    }
    return workspace;
  }

  /** A user who is a member of a new workspace of their own. */
  async personWithWorkspace(workspaceName?: string): Promise<{ person: Person; workspace: Workspace }> {
    const person = await this.createUser();
    const workspace = await this.createWorkspace([person.id], workspaceName);
    return { person, workspace };
  }

  async issueKey(userId: string, name = "e2e"): Promise<string> {
    const created = await this.json<{ key: string }>(
      "issue key",
      await this.request.post(`/api/v1/admin/users/${userId}/api-keys`, { data: { name } }),
      [201],
    );
    return created.key;
  }

  async upload(workspaceId: string, file: UploadFile): Promise<DocumentInfo> {
    return this.json<DocumentInfo>(
      "upload",
      await this.request.post("/api/v1/documents/", { multipart: { workspace_id: workspaceId, file } }),
      [202],
    );
  }

  async document(id: string): Promise<DocumentInfo> {
    return this.json<DocumentInfo>("document", await this.request.get(`/api/v1/documents/${id}`), [200]);
  }

  /** Polls until the document leaves pending/processing. */
  async settled(id: string, timeoutMs = 60_000): Promise<DocumentInfo> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const document = await this.document(id);
      if (document.status !== "pending" && document.status !== "processing") return document;
      if (Date.now() > deadline) throw new Error(`document ${id} still ${document.status} after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** A request context outside any browser, with no credentials or with the given key. */
export async function apiClient(key?: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({
    baseURL: suiteState().baseURL,
    extraHTTPHeaders: key ? { "X-API-Key": key } : {},
  });
}

/** Signs the page's context in through the API (the cookie lands in the browser's jar); for tests about something else. */
export async function signIn(page: Page, person: Pick<Person, "email" | "password">): Promise<void> {
  const response = await page.request.post("/api/v1/auth/login", { data: { email: person.email, password: person.password } });
  expect(response.status(), `sign-in of ${person.email}: ${await response.text()}`).toBe(200);
}

/** Signs in through the form, as a person does. */
export async function signInWithForm(page: Page, person: Pick<Person, "email" | "password">, path = "/sign-in"): Promise<void> {
  await page.goto(path);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

// Chromium reports every 4xx answer as a console error ("Failed to load resource"); those are the API refusing
// something (a wrong password, a session that ended), which the tests check on the page. A 5xx is caught below.
const EXPECTED_REFUSAL = /^Failed to load resource: the server responded with a status of 4\d\d/;

export interface Guard {
  problems: string[];
  /** A test that provokes a failure on purpose names the console text it expects. */
  allow(pattern: RegExp): void;
  /** Puts another context (a second person, a fresh browser) under the same guard. */
  watch(context: BrowserContext): Promise<void>;
}

function createGuard(baseURL: string): Guard {
  const origin = new URL(baseURL).origin;
  const problems: string[] = [];
  const allowed: RegExp[] = [EXPECTED_REFUSAL];
  const report = (problem: string) => {
    if (!allowed.some((pattern) => pattern.test(problem))) problems.push(problem);
  };
  return {
    problems,
    allow: (pattern) => allowed.push(pattern),
    async watch(context) {
      await context.addInitScript(() => {
        // Chromium also logs a violation to the console; this catches the ones it reports only as an event.
        window.addEventListener(
          "securitypolicyviolation",
          (event) =>
            console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"} at ${event.sourceFile}:${event.lineNumber}`),
          true,
        );
      });
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (new URL(url).origin === origin) return route.continue();
        problems.push(`request to another origin: ${route.request().method()} ${url}`);
        return route.abort("blockedbyclient");
      });
      context.on("console", (message) => {
        if (message.type() !== "error") return;
        const where = message.location();
        report(`${message.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ""}`);
      });
      context.on("weberror", (error) => report(`uncaught: ${error.error().stack ?? error.error().message}`));
      context.on("response", (response) => {
        if (response.status() >= 500) report(`HTTP ${response.status()} from ${response.request().method()} ${response.url()}`);
      });
    },
  };
}

export const test = base.extend<{ api: PlanckApi; guard: Guard }>({
  baseURL: async ({}, use) => {
    await use(suiteState().baseURL);
  },
  guard: [
    async ({ context, baseURL }, use) => {
      const guard = createGuard(baseURL!);
      await guard.watch(context);
      await use(guard);
      expect(guard.problems, `the page must run without errors, CSP violations or requests to other origins:\n${guard.problems.join("\n")}`).toEqual([]);
    },
    { auto: true },
  ],
  api: async ({}, use) => {
    const request = await apiClient(suiteState().adminKey);
    await use(new PlanckApi(request));
    await request.dispose();
  },
});

export { expect };

type AxePage = ConstructorParameters<typeof AxeBuilder>[0]["page"];

const MOBILE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/**
 * What every page the suite visits must pass: no serious or critical axe-core violation, no sideways scrolling at
 * 390 px; and a screenshot at both widths (test-results/screenshots/NAME-1280.png and NAME-390.png).
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  const file = name.replace(/[^a-z0-9-]+/gi, "-").toLowerCase();
  const restore = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(DESKTOP);
  // @axe-core/playwright types its page with the hoisted playwright-core, a newer release than the runner's own;
  // it only evaluates scripts in frames, which both share.
  const axe = await new AxeBuilder({ page: page as unknown as AxePage }).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const described = serious.map(
    (v) => `${v.impact}: ${v.id} — ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.split("\n").join(" ")}`).join("\n")}`,
  );
  expect.soft(described, `accessibility of "${name}" (axe-core, serious or critical)`).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${file}-1280.png`) });

  await page.setViewportSize(MOBILE);
  await page.waitForTimeout(100); // one layout pass after the resize
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect.soft(overflow, `"${name}" scrolls sideways at 390 px by ${overflow} px`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${file}-390.png`) });
  await page.setViewportSize(restore);
}
