import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../../api/client";
import type { Page, PlanckDocument } from "../../api/types";
import { useAuth } from "../auth/AuthContext";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { formatBytes, formatDateTime } from "../../lib/format";
import { PageTitle } from "../../lib/PageTitle";
import { loadAll } from "../../lib/paging";
import { useWorkspace } from "../workspaces/WorkspaceContext";
import { isInProgress, kindOf, POLL_MS, progressText, STATUS_LABEL, upsert } from "./documentsList";
import { useRemoval } from "../../lib/useRemoval";
import { UploadPanel } from "./UploadPanel";
import "../workspaces/tables.css";
import "./documents.css";
import { TableHead } from "../../lib/TableHead";
import { RemovalDialog } from "../../lib/RemovalDialog";

export function DocumentsPage() {
  const { workspace, reload: reloadWorkspace } = useWorkspace();
  const { config } = useAuth();
  const [documents, setDocuments] = useState<PlanckDocument[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState("");
  const listHeading = useRef<HTMLHeadingElement>(null);
  const deleting = useRemoval<PlanckDocument>(
    (document) => api(`/api/v1/documents/${document.id}`, { method: "DELETE" }),
    (document) => {
      setDocuments((current) => current?.filter((d) => d.id !== document.id));
      setAnnouncement(`${document.name} was deleted.`);
      void reloadWorkspace();
    },
  );

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const all = await loadAll<PlanckDocument>(`/api/v1/documents/?workspace_id=${workspace.id}`, (path) =>
          api<Page<PlanckDocument>>(path, { signal }),
        );
        if (signal?.aborted) return;
        setDocuments(all);
        setError(null);
      } catch (caught) {
        if (!signal?.aborted) setError(caught);
      }
    },
    [workspace.id],
  );

  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal);
    return () => abort.abort();
  }, [load]);

  // No events endpoint yet: while anything is pending or processing, ask again every POLL_MS, one request at a time.
  const polling = documents?.some((d) => isInProgress(d.status)) ?? false;
  useEffect(() => {
    if (!polling) return;
    const abort = new AbortController();
    let timer = 0;
    const tick = async () => {
      await load(abort.signal);
      if (!abort.signal.aborted) timer = window.setTimeout(() => void tick(), POLL_MS);
    };
    timer = window.setTimeout(() => void tick(), POLL_MS);
    return () => {
      abort.abort();
      window.clearTimeout(timer);
    };
  }, [polling, load]);

  const onUploaded = useCallback(
    (document: PlanckDocument) => {
      setDocuments((current) => upsert(current ?? [], document));
      void reloadWorkspace();
    },
    [reloadWorkspace],
  );

  return (
    <section className="page documents">
      <PageTitle>Documents</PageTitle>
      <UploadPanel workspaceId={workspace.id} config={config} documents={documents ?? []} onUploaded={onUploaded} />

      <h2 ref={listHeading} tabIndex={-1}>
        In this workspace
      </h2>
      <p role="status" className="hint">
        {announcement}
      </p>
      {error ? <ErrorNotice error={error} onRetry={() => void load()} /> : null}
      {documents === undefined ? (
        error ? null : <p aria-busy="true">Loading…</p>
      ) : documents.length === 0 ? (
        <p>No documents yet. Upload some above: once they are ready, Search and Chat can use them.</p>
      ) : (
        <div className="table-scroll">
          <table className="data stacked documents-table">
            <TableHead columns={["Name", "Type", "Size", "Status", "Pages", "Passages", "Created"]} actions />
            <tbody>
              {documents.map((document) => (
                <DocumentRow
                  key={document.id}
                  document={document}
                  onDelete={() => deleting.ask(document)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}

      <RemovalDialog
        removal={deleting}
        title="Delete document"
        confirmLabel="Delete"
        focusAfter={listHeading}
        message={
          <>
            Delete <strong>{deleting.target?.name}</strong>? It leaves search and chat at once. This cannot be undone.
          </>
        }
      />
    </section>
  );
}

function DocumentRow({ document, onDelete }: { document: PlanckDocument; onDelete: () => void }) {
  const nameId = `document-${document.id}`;
  const progress = isInProgress(document.status) ? progressText(document) : null;
  return (
    <tr>
      <td id={nameId} className="document-name" data-label="Name">
        {document.name}
      </td>
      <td data-label="Type">{kindOf(document.content_type)}</td>
      <td className="nowrap" data-label="Size">{formatBytes(document.size_bytes)}</td>
      <td className="document-status" data-label="Status">
        <div>
          <span className={`status status-${document.status}`}>{STATUS_LABEL[document.status]}</span>
          {progress && (
            <span className="document-progress">
              <progress
                max={100}
                value={document.progress?.percent ?? 0}
                aria-label={`Processing ${document.name}`}
              />
              <span className="hint">{progress}</span>
            </span>
          )}
          {document.status === "failed" && document.error && <span className="document-error">{document.error}</span>}
        </div>
      </td>
      <td data-label="Pages">{document.page_count ?? "—"}</td>
      <td data-label="Passages">{document.chunk_count ?? "—"}</td>
      <td className="nowrap" data-label="Created">{formatDateTime(document.created_at)}</td>
      <td>
        <div className="document-actions">
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
