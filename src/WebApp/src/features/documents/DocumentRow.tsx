import { useState } from "react";
import { api, ApiError } from "../../api/client";
import type { PlanckDocument } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { formatBytes, formatDateTime } from "../../lib/format";
import { canCancel, canRetry, isInProgress, kindOf, progressText, STATUS_LABEL } from "./documentsList";

type Action = "cancel" | "retry";

/**
 * One document: its status with a progress bar while it is processed, and what can be done with it. Cancel and
 * Retry send the request and show the document the server answers; a refusal (409: it became ready meanwhile, say)
 * shows the server's detail in the row until the next action, and the row reads the document again, since a 409
 * means what it showed was out of date.
 */
export function DocumentRow({
  document,
  onChanged,
  onDelete,
}: {
  document: PlanckDocument;
  onChanged: (document: PlanckDocument) => void;
  onDelete: () => void;
}) {
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<unknown>(null);
  const nameId = `document-${document.id}`;
  const progress = isInProgress(document.status) ? progressText(document) : null;

  async function act(action: Action) {
    setBusy(action);
    setError(null);
    try {
      onChanged(await api<PlanckDocument>(`/api/v1/documents/${encodeURIComponent(document.id)}/${action}`, { method: "POST" }));
    } catch (caught) {
      setError(caught);
      if (caught instanceof ApiError && caught.status === 409) {
        await api<PlanckDocument>(`/api/v1/documents/${encodeURIComponent(document.id)}`).then(onChanged, () => undefined);
      }
    } finally {
      setBusy(null);
    }
  }

  return (
    <tr>
      <td id={nameId} className="document-name" data-label="Name">
        {document.name}
      </td>
      <td data-label="Type">{kindOf(document.content_type)}</td>
      <td className="nowrap" data-label="Size">
        {formatBytes(document.size_bytes)}
      </td>
      <td className="document-status" data-label="Status">
        <div>
          <span className={`status status-${document.status}`}>{STATUS_LABEL[document.status]}</span>
          {progress && (
            <span className="document-progress">
              <progress
                max={100}
                value={document.progress?.percent ?? 0}
                aria-label={`Processing ${document.name}`}
                aria-valuetext={progress}
              />
              <span className="hint">{progress}</span>
            </span>
          )}
          {document.status === "failed" && document.error && <span className="document-error">{document.error}</span>}
          {error ? <ErrorNotice error={error} /> : null}
        </div>
      </td>
      <td data-label="Pages">{document.page_count ?? "—"}</td>
      <td data-label="Passages">{document.chunk_count ?? "—"}</td>
      <td className="nowrap" data-label="Created">
        {formatDateTime(document.created_at)}
      </td>
      <td>
        <div className="document-actions">
          {canCancel(document.status) && (
            <button type="button" onClick={() => void act("cancel")} disabled={busy !== null} aria-describedby={nameId}>
              {busy === "cancel" ? "Cancelling…" : "Cancel"}
            </button>
          )}
          {canRetry(document.status) && (
            <button type="button" onClick={() => void act("retry")} disabled={busy !== null} aria-describedby={nameId}>
              {busy === "retry" ? "Retrying…" : "Retry"}
            </button>
          )}
          <a href={`/api/v1/documents/${document.id}/content`} download aria-describedby={nameId}>
            Download
          </a>
          <button type="button" className="danger" onClick={onDelete} aria-describedby={nameId}>
            Delete
          </button>
        </div>
      </td>
    </tr>
  );
}
