import { defineConfig } from "@playwright/test";

// The browser suite runs the built app as the real server serves it (see e2e/global-setup.ts): one server, one fake
// model, a fresh data directory per run. Debian's Chromium, because Playwright's own browser download cannot work
// here; `playwright install` is never needed. To run it alone: `dotnet build src/WebApi -c Release` (builds the app
// too), then `npm run e2e` here (`-- -g "words"` for some tests). Screenshots of every page visited land in
// test-results/screenshots, the servers' logs in test-results/*.log.
const chromium = process.env.PLANCK_E2E_CHROMIUM ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./e2e",
  testMatch: "*.spec.ts",
  // The stored artifacts (traces of failures) only: screenshots and the JUnit file live beside it, not under it,
  // because Playwright empties this folder at the start of every run.
  outputDir: "./test-results/artifacts",
  globalSetup: "./e2e/global-setup.ts",
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Two cores, shared with the server, the fake model and the browser itself.
  workers: Number(process.env.PLANCK_E2E_WORKERS ?? 2),
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [
    ["list"],
    ["junit", { outputFile: process.env.PLANCK_E2E_JUNIT ?? "./test-results/e2e-junit.xml" }],
  ],
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: chromium },
    trace: "retain-on-failure",
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
