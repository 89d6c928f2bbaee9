import { vi } from "vitest";
import type { PlanckDocument } from "../../api/types";

// Test helpers for the pages' component tests (jsdom): not part of the app bundle.

/** jsdom has <dialog> but not showModal/close; the app's Dialog needs both to open and to fire "close". */
export function polyfillDialog(): void {
  const proto = HTMLDialogElement.prototype as HTMLDialogElement & { __polyfilled?: boolean };
  if (proto.__polyfilled) return;
  proto.__polyfilled = true;
  proto.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
  proto.close = function close(this: HTMLDialogElement) {
    if (!this.hasAttribute("open")) return;
    this.removeAttribute("open");
    this.dispatchEvent(new Event("close"));
  };
}

export interface FakeRoute {
  method?: string;
  /** Matched against the path and query the app requested. */
  path: string | RegExp;
  status?: number;
  body?: unknown;
}

export interface FakeRequest {
  method: string;
  url: string;
  body: unknown;
}

/**
 * Replaces fetch with a server that answers from routes (first match wins; a test may edit the returned array
 * to change later answers) and records every request, so a test can see what the page sent.
 */
export function fakeServer(routes: FakeRoute[]): { requests: FakeRequest[]; routes: FakeRoute[] } {
  const requests: FakeRequest[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.toString() : input.url;
      const method = init?.method ?? "GET";
      const raw = init?.body;
      requests.push({ method, url, body: typeof raw === "string" ? JSON.parse(raw) : raw });
      const route = routes.find(
        (r) => (r.method ?? "GET") === method && (typeof r.path === "string" ? url === r.path : r.path.test(url)),
      );
      if (!route) return new Response(JSON.stringify({ detail: `No fake for ${method} ${url}` }), { status: 599 });
      const status = route.status ?? 200;
      if (status === 204) return new Response(null, { status });
      return new Response(JSON.stringify(route.body ?? {}), {
        status,
        headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json" },
      });
    }),
  );
  return { requests, routes };
}

/** A document as the server lists it; `extra` overrides what a test is about. */
export function fakeDocument(id: string, status: PlanckDocument["status"], extra: Partial<PlanckDocument> = {}): PlanckDocument {
  return {
    id,
    workspace_id: "w1",
    name: `${id}.pdf`,
    status,
    content_type: "application/pdf",
    size_bytes: 2048,
    sha256: "",
    error: null,
    page_count: null,
    chunk_count: null,
    progress: null,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    ...extra,
  };
}

/**
 * Stands in for the browser's EventSource (jsdom has none): records every instance, and lets a test open it, send
 * it an event or make it fail, as the server or the network would.
 */
export class FakeEventSource extends EventTarget {
  static instances: FakeEventSource[] = [];
  closed = false;

  constructor(
    readonly url: string,
    readonly init?: EventSourceInit,
  ) {
    super();
    FakeEventSource.instances.push(this);
  }

  static install(): void {
    FakeEventSource.instances = [];
    vi.stubGlobal("EventSource", FakeEventSource);
  }

  static get latest(): FakeEventSource {
    const source = FakeEventSource.instances.at(-1);
    if (!source) throw new Error("no EventSource was opened");
    return source;
  }

  open(): void {
    this.dispatchEvent(new Event("open"));
  }

  send(event: string, data: unknown): void {
    this.dispatchEvent(new MessageEvent(event, { data: JSON.stringify(data) }));
  }

  fail(): void {
    this.dispatchEvent(new Event("error"));
  }

  close(): void {
    this.closed = true;
  }
}
