import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { request } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD, SCREENSHOT_DIR, STATE_ENV, type SuiteState } from "./state";

// Starts what the suite runs against, the way an installation runs: the fake model in its own process (the one the
// chat benchmark uses), then the real server from its Release build on a free port with a fresh data directory, and
// the first administrator from the bootstrap settings. Returns the teardown, which stops both; a process exit stops
// them too, so an interrupted or failed run leaves nothing listening.

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const webApiDir = path.join(repo, "src/WebApi/bin/Release/net10.0");
const benchProject = path.join(repo, "build/bench/ChatBench");
const benchDll = path.join(benchProject, "bin/Release/net10.0/Planck.Bench.Chat.dll");
const resultsDir = path.resolve(here, "../test-results");

const children: ChildProcess[] = [];
let dataDir = "";
let sqliteDir = "";

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** Synchronous, so it also serves the process's exit handler. */
function stopAll(): void {
  for (const child of children.splice(0)) {
    if (running(child)) child.kill("SIGTERM");
  }
  for (const dir of [dataDir, sqliteDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  dataDir = "";
  sqliteDir = "";
}
process.on("exit", stopAll);

/** SIGTERM, up to 10 s to leave (the server finishes its requests), then SIGKILL; the data directory goes last. */
async function stopGracefully(): Promise<void> {
  const exits = children.filter(running).map(
    (child) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          resolve();
        }, 10_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  );
  await Promise.all(exits);
  stopAll();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function start(name: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  // Settings from the caller's shell must not steer the suite's server elsewhere (another database, for one).
  for (const key of Object.keys(inherited)) if (key.startsWith("Planck__") || key === "ConnectionStrings__Planck") delete inherited[key];
  const env: NodeJS.ProcessEnv = { ...inherited, DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_NOLOGO: "1", ...options.env };
  const child = spawn("dotnet", args, {
    cwd: options.cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const log = createWriteStream(path.join(resultsDir, `${name}.log`));
  child.stderr?.pipe(log);
  return child;
}

/** The fake model prints its base URL (ending /v1) as its only stdout line. */
function firstLine(child: ChildProcess, what: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => reject(new Error(`${what} printed nothing within ${timeoutMs / 1000} s`)), timeoutMs);
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const newline = buffered.indexOf("\n");
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(buffered.slice(0, newline).trim());
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (code ${code}) before printing its URL; see test-results/${what}.log`));
    });
  });
}

async function waitReady(baseURL: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited (code ${server.exitCode}) during start-up; see test-results/server.log`);
    try {
      const response = await fetch(`${baseURL}/health/ready`);
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`GET /health/ready still answers ${last} after ${timeoutMs / 1000} s; see test-results/server.log`);
}

/**
 * A small shop database the server may connect (customers and their orders, joined by a foreign key), in a
 * directory of its own: the server refuses SQLite files anywhere else, and never in its own data directory.
 */
function createShopDatabase(directory: string): string {
  const file = path.join(directory, "shop.db");
  const script = `
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), ordered_on TEXT NOT NULL, total REAL NOT NULL);
INSERT INTO customers VALUES (1, 'Ada Lovelace', 'GB'), (2, 'Grace Hopper', 'US'), (3, 'Marie Curie', 'FR');
INSERT INTO orders VALUES (1, 1, '2026-01-05', 120.0), (2, 1, '2026-02-11', 80.5), (3, 2, '2026-02-20', 42.0), (4, 3, '2026-03-02', 310.0), (5, 3, '2026-03-15', 15.25);
""")
db.commit()
db.close()
`;
  const made = spawnSync("python3", ["-c", script, file], { stdio: "inherit" });
  if (made.status !== 0 || !existsSync(file)) throw new Error(`could not create the SQLite test database ${file} with python3 (exit ${made.status})`);
  return file;
}

function ensureBenchBuilt(): void {
  if (existsSync(benchDll)) return;
  const built = spawnSync("dotnet", ["build", benchProject, "-c", "Release", "-v", "quiet", "-nologo"], { stdio: "inherit" });
  if (built.status !== 0 || !existsSync(benchDll)) throw new Error(`could not build ${benchProject} (exit ${built.status})`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(path.join(webApiDir, "Planck.WebApi.dll"))) {
    throw new Error(`${webApiDir}/Planck.WebApi.dll is missing: run "dotnet build src/WebApi -c Release" first`);
  }
  mkdirSync(resultsDir, { recursive: true });
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  try {
    ensureBenchBuilt();
    const model = start("fake-model", [benchDll, "serve-model"], { cwd: repo });
    const modelUrl = await firstLine(model, "fake-model", 60_000);

    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), "planck-e2e-"));
    sqliteDir = mkdtempSync(path.join(tmpdir(), "planck-e2e-sqlite-"));
    const shopDatabase = createShopDatabase(sqliteDir);
    // The server's content root is its build folder (as `dotnet Planck.WebApi.dll` is run there in production); the
    // built app is taken from there when the build copied it, else from the project's wwwroot that `npm run build` fills.
    const webRoot = existsSync(path.join(webApiDir, "wwwroot/index.html")) ? [] : ["--webroot", path.join(repo, "src/WebApi/wwwroot")];
    const server = start(
      "server",
      [
        path.join(webApiDir, "Planck.WebApi.dll"),
        ...webRoot,
        `--urls=${baseURL}`,
        `--Planck:DataDirectory=${dataDir}`,
        "--Planck:Database:Provider=Sqlite",
        `--Planck:Bootstrap:AdminEmail=${ADMIN_EMAIL}`,
        `--Planck:Bootstrap:AdminPassword=${ADMIN_PASSWORD}`,
        "--Planck:Llm:Provider=OpenAI",
        `--Planck:Llm:Endpoint=${modelUrl}`,
        "--Planck:Llm:Model=fake",
        "--Planck:Llm:ApiKey=e2e",
        // Every test signs in from 127.0.0.1; the per-minute limits are tested by the server's own suites.
        "--Planck:RateLimiting:RequestsPerMinute=100000",
        "--Planck:RateLimiting:AnonymousRequestsPerMinute=100000",
      ],
      { cwd: webApiDir, env: { ASPNETCORE_ENVIRONMENT: "Production", Planck__Databases__SqliteDirectory: sqliteDir } },
    );
    server.stdout?.pipe(createWriteStream(path.join(resultsDir, "server.out.log")));
    await waitReady(baseURL, server, 90_000);

    // The administrator's key drives the helpers that make each test's own users and workspaces. Keys are minted only
    // through a session, as the web app does.
    const admin = await request.newContext({ baseURL });
    const login = await admin.post("/api/v1/auth/login", { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    if (!login.ok()) throw new Error(`admin sign-in failed: HTTP ${login.status()} ${await login.text()}`);
    const created = await admin.post("/api/v1/users/me/api-keys", { data: { name: "e2e harness" } });
    if (created.status() !== 201) throw new Error(`admin key creation failed: HTTP ${created.status()} ${await created.text()}`);
    const adminKey = ((await created.json()) as { key: string }).key;
    await admin.dispose();

    const state: SuiteState = { baseURL, adminKey, modelUrl, shopDatabase };
    process.env[STATE_ENV] = JSON.stringify(state);
    writeFileSync(path.join(resultsDir, "e2e-server.txt"), `${baseURL}\nfake model: ${modelUrl}\ndata: ${dataDir}\nsqlite: ${sqliteDir}\n`);
  } catch (error) {
    stopAll();
    throw error;
  }

  return stopGracefully;
}
