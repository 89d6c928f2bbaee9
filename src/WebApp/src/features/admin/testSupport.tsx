import { cleanup, render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { afterEach, vi } from "vitest";
import type { User } from "../../api/types";
import { polyfillDialog } from "../workspaces/testing";

// Test support for the admin pages: a scripted server behind `fetch`, and <dialog> made to work in jsdom.

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Reply = { status?: number; body?: unknown } | ((call: Call) => { status?: number; body?: unknown });

/**
 * Answers each request from the first route whose "METHOD /path" (query included) matches; anything unrouted is
 * a 500 so a test never passes on a request it did not expect. Returns every call, in order.
 */
export function serve(routes: [RegExp, Reply][]): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init?: RequestInit) => {
      const call: Call = {
        method: init?.method ?? "GET",
        path: input,
        body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
      };
      calls.push(call);
      const route = routes.find(([pattern]) => pattern.test(`${call.method} ${call.path}`));
      const reply = route ? (typeof route[1] === "function" ? route[1](call) : route[1]) : { status: 500, body: { detail: `Unrouted ${call.method} ${call.path}` } };
      const status = reply.status ?? 200;
      return new Response(status === 204 ? null : JSON.stringify(reply.body ?? {}), {
        status,
        headers: { "content-type": status < 400 ? "application/json" : "application/problem+json" },
      });
    }),
  );
  return calls;
}

polyfillDialog();
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

export function renderAt(ui: ReactNode, path = "/admin/users") {
  return render(<MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>);
}

export const admin: User = {
  id: "u-admin",
  email: "admin@planck.local",
  full_name: "Administrator",
  role: "Admin",
  is_active: true,
  created_at: "2026-12-01T10:00:00Z",
};

export const ada: User = { ...admin, id: "u-ada", email: "ada@example.com", full_name: "Ada Lovelace", role: "User" };
