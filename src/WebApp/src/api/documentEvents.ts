import type { PlanckDocument } from "./types";

// The workspace's document changes as they happen: GET /api/v1/documents/events is a plain GET stream, so the
// browser's EventSource reads it with the session cookie (same origin) and parses it. EventSource reconnects by
// itself only after a dropped connection; a refusal or a proxy's error page closes it for good. So this closes and
// reopens it with a growing delay on every error, and after a few failures in a row tells the page to poll slowly
// meanwhile, until a stream opens again.

export type DocumentStreamState = "connecting" | "live" | "fallback";

export interface DocumentStreamHandlers {
  onDocument(document: PlanckDocument): void;
  /** A stream (re)opened: changes made while none was open were missed, so the page reads the list again. */
  onOpen(): void;
  onStateChange(state: DocumentStreamState): void;
}

/** Failures in a row, without the stream opening in between, after which the page polls meanwhile. */
export const FAILURES_BEFORE_FALLBACK = 3;
export const RECONNECT_FIRST_MS = 1000;
export const RECONNECT_MAX_MS = 30_000;

export function documentEventsPath(workspaceId: string): string {
  return `/api/v1/documents/events?workspace_id=${encodeURIComponent(workspaceId)}`;
}

/** Opens the stream; the returned function closes it for good (the page went away or the workspace changed). */
export function watchDocuments(workspaceId: string, handlers: DocumentStreamHandlers): () => void {
  if (typeof EventSource === "undefined") {
    handlers.onStateChange("fallback");
    return () => undefined;
  }
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let closed = false;

  const connect = () => {
    const current = new EventSource(documentEventsPath(workspaceId), { withCredentials: true });
    source = current;
    current.addEventListener("open", () => {
      failures = 0;
      handlers.onStateChange("live");
      handlers.onOpen();
    });
    current.addEventListener("document", (event) => {
      const document = parse((event as MessageEvent<string>).data);
      if (document && document.workspace_id === workspaceId) handlers.onDocument(document);
    });
    current.addEventListener("error", () => {
      if (closed || source !== current) return;
      current.close();
      failures++;
      handlers.onStateChange(failures >= FAILURES_BEFORE_FALLBACK ? "fallback" : "connecting");
      timer = setTimeout(connect, reconnectDelay(failures));
    });
  };

  handlers.onStateChange("connecting");
  connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    source?.close();
  };
}

/** 1 s, 2 s, 4 s … up to 30 s: a server that is restarting is not asked many times a second by every tab. */
export function reconnectDelay(failures: number): number {
  return Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** Math.max(0, failures - 1));
}

function parse(data: string): PlanckDocument | null {
  try {
    const value = JSON.parse(data) as PlanckDocument;
    return typeof value?.id === "string" && typeof value.status === "string" ? value : null;
  } catch {
    return null;
  }
}
