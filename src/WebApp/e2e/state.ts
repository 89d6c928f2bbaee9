import path from "node:path";
import { fileURLToPath } from "node:url";

// What global setup hands the tests: set in its environment before Playwright starts the workers, which inherit it.
export const STATE_ENV = "PLANCK_E2E_STATE";

export const ADMIN_EMAIL = "admin@e2e.planck.test";
export const ADMIN_PASSWORD = "E2e-admin-passphrase-1";

export const SCREENSHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../test-results/screenshots");

export interface SuiteState {
  baseURL: string;
  /** The bootstrap administrator's API key. */
  adminKey: string;
  /** The fake model's OpenAI base URL. */
  modelUrl: string;
  /** A SQLite file (customers, orders) in the directory the server may connect SQLite files from. */
  shopDatabase: string;
}

export function suiteState(): SuiteState {
  const raw = process.env[STATE_ENV];
  if (!raw) throw new Error(`${STATE_ENV} is not set: run the suite with "npx playwright test", whose global setup starts the server`);
  return JSON.parse(raw) as SuiteState;
}
