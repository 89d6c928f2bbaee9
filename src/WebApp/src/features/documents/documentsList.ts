import type { DocumentStatus, PlanckDocument } from "../../api/types";

/** How often the list is fetched again while any document is still being processed (no events endpoint yet). */
export const POLL_MS = 2000;

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

/** "Embedding passages · 45%", or null when the server reports no progress. */
export function progressText(document: Pick<PlanckDocument, "progress">): string | null {
  const progress = document.progress;
  if (!progress) return null;
  const stage = STAGE_LABEL[progress.stage] ?? progress.stage;
  return `${stage} · ${Math.round(progress.percent)}%`;
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

/** Puts a freshly uploaded document into the list (newest first) or replaces the one it already holds. */
export function upsert(list: PlanckDocument[], document: PlanckDocument): PlanckDocument[] {
  return list.some((d) => d.id === document.id)
    ? list.map((d) => (d.id === document.id ? document : d))
    : [document, ...list];
}
