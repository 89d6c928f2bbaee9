// The web app benchmark's browser half (issue 9), run by build/bench/webapp.sh against a server it started:
//
//   node build/bench/webapp.mjs BASE_URL ADMIN_KEY
//
// Measures, in Debian's Chromium through playwright-core, and prints one JSON object:
//   initial_js       the JavaScript each page requests on load (sign-in; chat with no chart or map), gzipped
//   open             a 300-message conversation (150 questions and answers made through the API), BENCH_OPEN_RUNS
//                    fresh loads: navigation start to the newest messages in the DOM with the question box usable
//                    ("opens"), and to all messages in the DOM; long tasks until then
//   stream           a BENCH_STREAM_DELTAS-delta answer ([[fake:slow 5]], about 200 deltas a second) streamed into
//                    that conversation: main-thread long tasks (PerformanceObserver "longtask")
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// playwright-core is the web app's dependency: resolve it from there, not from build/bench.
const { chromium } = createRequire(path.join(root, "src/WebApp/package.json"))("playwright-core");

const [baseURL, adminKey] = process.argv.slice(2);
if (!baseURL || !adminKey) {
  console.error("usage: node build/bench/webapp.mjs BASE_URL ADMIN_KEY");
  process.exit(2);
}
const TURNS = Number(process.env.BENCH_TURNS ?? 150);
const OPEN_RUNS = Number(process.env.BENCH_OPEN_RUNS ?? 5);
const STREAM_DELTAS = Number(process.env.BENCH_STREAM_DELTAS ?? 20000);
const executablePath = process.env.PLANCK_E2E_CHROMIUM ?? "/usr/bin/chromium";
const log = (text) => console.error(`[webapp] ${text}`);

async function call(method, url, body, headers = {}) {
  const response = await fetch(`${baseURL}${url}`, {
    method,
    headers: { "X-API-Key": adminKey, "Content-Type": "application/json", Accept: "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: HTTP ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

async function setup() {
  const password = `Bench-${Date.now()}-passphrase`;
  const email = `webapp-bench-${Date.now()}@planck.local`;
  const user = await call("POST", "/api/v1/admin/users", { email, password, full_name: "Web App Bench", role: "User" });
  const workspace = await call("POST", "/api/v1/admin/workspaces", { name: "Web app benchmark", description: "" });
  await call("POST", `/api/v1/admin/workspaces/${workspace.id}/members`, { user_ids: [user.id] });
  const key = (await call("POST", `/api/v1/admin/users/${user.id}/api-keys`, { name: "bench" })).key;
  const asUser = { "X-API-Key": key };
  const conversation = await call("POST", `/api/v1/workspaces/${workspace.id}/conversations`, { name: "300 messages" }, asUser);
  const started = Date.now();
  for (let turn = 1; turn <= TURNS; turn++) {
    await call("POST", `/api/v1/workspaces/${workspace.id}/conversations/${conversation.id}/messages`,
      { message: `Question ${turn}: how did revenue develop?`, stream: false }, asUser);
  }
  log(`${TURNS} turns made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { email, password, workspace: workspace.id, conversation: conversation.id };
}

/** Loads a page in a fresh context and sums the JavaScript it fetched, raw and gzipped (zlib level 9, as served). */
async function initialJs(browser, person, pagePath) {
  const context = await browser.newContext({ baseURL });
  if (person) await context.request.post("/api/v1/auth/login", { data: { email: person.email, password: person.password } });
  const page = await context.newPage();
  const scripts = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") scripts.push(response);
  });
  await page.goto(pagePath, { waitUntil: "networkidle" });
  let raw = 0;
  let gzip = 0;
  const files = [];
  for (const response of scripts) {
    const body = await response.body();
    const zipped = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gzip += zipped;
    files.push({ file: new URL(response.url()).pathname, raw: body.length, gzip: zipped });
  }
  await context.close();
  return { page: pagePath.replace(/[0-9a-f-]{36}/g, ":id"), scripts: files.length, raw_bytes: raw, gzip_bytes: gzip, files };
}

// Before any script of the app: record long tasks; the moment the conversation "opens" (its newest question and
// answer are in the DOM and the question box is there to type in: what a person sees first, the page scrolled to its
// end); and the moment all of its messages are in the DOM (the older ones may be added in batches afterwards).
function instrument({ lastQuestion, total }) {
  window.__bench = { longTasks: [], lastMessageAt: null, messages: 0, allAt: null };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask", buffered: true });
  const watch = new MutationObserver(() => {
    const messages = document.querySelectorAll("article.message");
    if (window.__bench.lastMessageAt === null) {
      const last = messages[messages.length - 1];
      const question = messages[messages.length - 2];
      const box = document.querySelector("textarea");
      if (last?.classList.contains("message-assistant") && last.textContent.trim() && question?.textContent.includes(lastQuestion)
        && box && !box.disabled) {
        window.__bench.lastMessageAt = performance.now();
        window.__bench.messages = messages.length;
      }
    }
    if (window.__bench.lastMessageAt !== null && messages.length >= total) {
      window.__bench.allAt = performance.now();
      watch.disconnect();
    }
  });
  document.addEventListener("DOMContentLoaded", () => watch.observe(document.body, { childList: true, subtree: true, characterData: true }));
}

async function openConversation(browser, person) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  await context.request.post("/api/v1/auth/login", { data: { email: person.email, password: person.password } });
  await context.addInitScript(instrument, { lastQuestion: `Question ${TURNS}:`, total: TURNS * 2 });
  const page = await context.newPage();
  await page.goto(`/workspaces/${person.workspace}/chat/${person.conversation}`);
  await page.waitForFunction(() => window.__bench.allAt !== null, undefined, { timeout: 60_000, polling: 100 });
  // A moment more, so a long task that ends as the last messages are added is counted too.
  await page.waitForTimeout(300);
  const result = await page.evaluate(() => ({
    ms: window.__bench.lastMessageAt, all_ms: window.__bench.allAt, messages: window.__bench.messages, longTasks: window.__bench.longTasks,
    at_end: Math.abs(window.innerHeight + window.scrollY - document.documentElement.scrollHeight) < 2,
    // Where the time before "opens" goes: when each script and API response had arrived.
    responses: performance.getEntriesByType("resource")
      .filter((entry) => entry.initiatorType === "script" || entry.name.includes("/api/"))
      .map((entry) => ({ what: new URL(entry.name).pathname.replace(/[0-9a-f-]{36}/g, ":id").replace(/^.*\/assets\//, ""),
        start: Math.round(entry.startTime), end: Math.round(entry.responseEnd) })),
  }));
  return { context, page, ...result };
}

const summarise = (tasks) => ({
  count: tasks.length,
  over_50ms: tasks.filter((t) => t.duration > 50).length,
  longest_ms: tasks.reduce((max, t) => Math.max(max, t.duration), 0),
});

async function main() {
  const person = await setup();
  const browser = await chromium.launch({ executablePath });
  try {
    const initial = [await initialJs(browser, null, "/sign-in"), await initialJs(browser, person, `/workspaces/${person.workspace}/chat`)];

    const opens = [];
    for (let run = 0; run < OPEN_RUNS; run++) {
      const opened = await openConversation(browser, person);
      opens.push({ ms: opened.ms, all_ms: opened.all_ms, messages_in_dom: opened.messages, scrolled_to_end: opened.at_end, long_tasks: summarise(opened.longTasks),
        tasks: opened.longTasks.map((t) => ({ start: Math.round(t.start), duration: Math.round(t.duration) })), responses: opened.responses });
      await opened.context.close();
    }

    log(`streaming ${STREAM_DELTAS} deltas`);
    const opened = await openConversation(browser, person);
    const { page } = opened;
    await page.evaluate(() => {
      window.__bench.longTasks = [];
    });
    const answers = page.locator("article.message-assistant");
    const before = await answers.count();
    await page.getByRole("textbox", { name: "Message" }).fill(`A long one [[fake:slow 5]] [[fake:deltas ${STREAM_DELTAS}]]`);
    const started = Date.now();
    await page.getByRole("button", { name: "Send" }).click();
    const answer = answers.nth(before);
    await answer.waitFor();
    await page.waitForFunction((index) => {
      const article = document.querySelectorAll("article.message-assistant")[index];
      return article && article.getAttribute("aria-busy") === "false";
    }, before, { timeout: STREAM_DELTAS * 20 + 60_000, polling: 500 });
    const seconds = (Date.now() - started) / 1000;
    const text = await answer.innerText();
    const tokens = (text.match(/tok/g) ?? []).length;
    const tasks = await page.evaluate(() => window.__bench.longTasks);
    await opened.context.close();

    const sorted = opens.map((o) => o.ms).sort((a, b) => a - b);
    const sortedAll = opens.map((o) => o.all_ms).sort((a, b) => a - b);
    console.log(JSON.stringify({
      initial_js: initial,
      open: { messages: TURNS * 2, runs: opens, median_ms: sorted[Math.floor(sorted.length / 2)], max_ms: sorted[sorted.length - 1],
        all_median_ms: sortedAll[Math.floor(sortedAll.length / 2)], all_max_ms: sortedAll[sortedAll.length - 1] },
      stream: { deltas: STREAM_DELTAS, tokens_rendered: tokens, seconds, deltas_per_second: tokens / seconds, long_tasks: summarise(tasks),
        longest: [...tasks].sort((a, b) => b.duration - a.duration).slice(0, 5) },
      chromium: browser.version(),
    }));
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
