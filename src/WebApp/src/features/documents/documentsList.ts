import type { DocumentStatus, PlanckDocument } from "../../api/types";

/**
 * How often the list is read again while the event stream is down and a document is still being processed: slow,
 * because it is only the fallback; the stream brings every change within about a second.
 */
export const FALLBACK_POLL_MS = 10_000;

export function isInProgress(status: DocumentStatus): boolean {
  return status === "pending" || status === "processing";
}

export const STATUS_LABEL: Record<DocumentStatus, string> = {
  pending: "Pending",
  processing: "Processing",
  ready: "Ready",
  failed: "Failed",
  cancelled: "Cancelled",
};

const STAGE_LABEL: Record<string, string> = {
  queued: "Queued",
  extracting: "Extracting text",
  embedding: "Embedding passages",
  indexing: "Indexing",
};

/** "Embedding passages · 45% · 12 passages", or null when the server reports no progress. */
export function progressText(document: Pick<PlanckDocument, "progress">): string | null {
  const progress = document.progress;
  if (!progress) return null;
  const stage = STAGE_LABEL[progress.stage] ?? progress.stage;
  const text = `${stage} · ${Math.round(progress.percent)}%`;
  const done = progress.passages_done;
  return done > 0 ? `${text} · ${done} ${done === 1 ? "passage" : "passages"}` : text;
}

export function canCancel(status: DocumentStatus): boolean {
  return isInProgress(status);
}

export function canRetry(status: DocumentStatus): boolean {
  return status === "failed" || status === "cancelled";
}

const KIND_OF_TYPE: Record<string, string> = {
  "application/pdf": "PDF",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
  "text/csv": "CSV",
  "text/plain": "Text",
  "text/markdown": "Markdown",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
  "text/html": "HTML",
};

export function kindOf(contentType: string): string {
  return KIND_OF_TYPE[contentType.split(";")[0]!.trim().toLowerCase()] ?? contentType;
}

/**
 * Puts a document into the list (a new one first) or replaces the one it holds, unless the one it holds is newer:
 * the stream, a list read and a Cancel's answer can arrive in any order, and an older state must not come back.
 */
export function upsert(list: PlanckDocument[], document: PlanckDocument): PlanckDocument[] {
  const held = list.find((d) => d.id === document.id);
  if (!held) return [document, ...list];
  if (Date.parse(held.updated_at) > Date.parse(document.updated_at)) return list;
  return list.map((d) => (d.id === document.id ? document : d));
}

/**
 * A fresh read of the whole list, keeping what the page already holds where it is newer (an event that overtook the
 * read). What the read no longer has was deleted elsewhere and goes.
 */
export function mergeList(held: PlanckDocument[] | undefined, fetched: PlanckDocument[]): PlanckDocument[] {
  if (!held) return fetched;
  const byId = new Map(held.map((d) => [d.id, d]));
  return fetched.map((document) => {
    const mine = byId.get(document.id);
    return mine && Date.parse(mine.updated_at) > Date.parse(document.updated_at) ? mine : document;
  });
}
