import type { SearchHit } from "../../api/types";

/** Where in its document a passage is: "Page 3", "Pages 3–4", "Sheet Sales", or null when the format has neither. */
export function hitLocation(hit: Pick<SearchHit, "page" | "page_end" | "sheet">): string | null {
  if (hit.sheet) return `Sheet ${hit.sheet}`;
  if (hit.page == null) return null;
  return hit.page_end != null && hit.page_end !== hit.page ? `Pages ${hit.page}–${hit.page_end}` : `Page ${hit.page}`;
}

/** The original file; a PDF opens at the passage's page (the browser's viewer reads `#page=N`). */
export function hitHref(hit: Pick<SearchHit, "document_id" | "document_name" | "page">): string {
  const base = `/api/v1/documents/${encodeURIComponent(hit.document_id)}/content`;
  return hit.page != null && /\.pdf$/i.test(hit.document_name) ? `${base}#page=${hit.page}` : base;
}
