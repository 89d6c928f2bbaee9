import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../../api/client";
import { watchDocuments, type DocumentStreamState } from "../../api/documentEvents";
import type { Page, PlanckDocument } from "../../api/types";
import { useAuth } from "../auth/AuthContext";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { PageTitle } from "../../lib/PageTitle";
import { loadAll } from "../../lib/paging";
import { useWorkspace } from "../workspaces/WorkspaceContext";
import { FALLBACK_POLL_MS, isInProgress, mergeList, upsert } from "./documentsList";
import { useRemoval } from "../../lib/useRemoval";
import { DocumentRow } from "./DocumentRow";
import { ReindexButton } from "./ReindexButton";
import { UploadPanel } from "./UploadPanel";
import "../workspaces/tables.css";
import "./documents.css";
import { TableHead } from "../../lib/TableHead";
import { RemovalDialog } from "../../lib/RemovalDialog";

export function DocumentsPage() {
  const { workspace, reload: reloadWorkspace } = useWorkspace();
  const { config, user } = useAuth();
  const [documents, setDocuments] = useState<PlanckDocument[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState("");
  const [stream, setStream] = useState<DocumentStreamState>("connecting");
  const listHeading = useRef<HTMLHeadingElement>(null);
  // An event already on its way when a document is deleted must not bring its row back.
  const deleted = useRef(new Set<string>());
  const deleting = useRemoval<PlanckDocument>(
    (document) => api(`/api/v1/documents/${document.id}`, { method: "DELETE" }),
    (document) => {
      deleted.current.add(document.id);
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
        setDocuments((held) => mergeList(held, all));
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

  const changed = useCallback((document: PlanckDocument) => {
    if (deleted.current.has(document.id)) return;
    setDocuments((current) => upsert(current ?? [], document));
  }, []);

  // Changes arrive on the workspace's event stream. After a reconnect the list is read again, because what changed
  // while no stream was open was never sent; the first open needs no read, as the server replays the last seconds.
  useEffect(() => {
    let opened = 0;
    return watchDocuments(workspace.id, {
      onDocument: changed,
      onOpen: () => {
        if (opened++ > 0) void load();
      },
      onStateChange: setStream,
    });
  }, [workspace.id, changed, load]);

  // Only while the stream is down: a slow poll, one request at a time, while anything is still being processed.
  const polling = stream === "fallback" && (documents?.some((d) => isInProgress(d.status)) ?? false);
  useEffect(() => {
    if (!polling) return;
    const abort = new AbortController();
    let timer = 0;
    const tick = async () => {
      await load(abort.signal);
      if (!abort.signal.aborted) timer = window.setTimeout(() => void tick(), FALLBACK_POLL_MS);
    };
    timer = window.setTimeout(() => void tick(), FALLBACK_POLL_MS);
    return () => {
      abort.abort();
      window.clearTimeout(timer);
    };
  }, [polling, load]);

  const onUploaded = useCallback(
    (document: PlanckDocument) => {
      changed(document);
      void reloadWorkspace();
    },
    [changed, reloadWorkspace],
  );

  return (
    <section className="page documents">
      <PageTitle>Documents</PageTitle>
      <UploadPanel workspaceId={workspace.id} config={config} documents={documents ?? []} onUploaded={onUploaded} />

      <div className="documents-heading">
        <h2 ref={listHeading} tabIndex={-1}>
          In this workspace
        </h2>
        {user?.role === "Admin" && <ReindexButton workspaceId={workspace.id} scopeName={workspace.name} />}
      </div>
      {stream === "fallback" && (
        <p className="hint">Live updates are unavailable; the list is refreshed every {FALLBACK_POLL_MS / 1000} seconds.</p>
      )}
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
                  onChanged={changed}
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
