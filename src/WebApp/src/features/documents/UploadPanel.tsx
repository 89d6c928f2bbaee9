import { useEffect, useRef, useState, type DragEvent } from "react";
import { ApiError } from "../../api/client";
import type { PlanckDocument, ServerConfig } from "../../api/types";
import { formatBytes } from "../../lib/format";
import { isInProgress, progressText, STATUS_LABEL } from "./documentsList";
import { acceptAttribute, acceptedExtensions, refusalBeforeUpload, uploadDocument, type UploadHandle } from "./upload";

interface UploadRow {
  key: number;
  name: string;
  size: number;
  loaded: number;
  total: number;
  state: "refused" | "sending" | "sent" | "failed" | "cancelled";
  message: string | null;
  documentId: string | null;
}

export function UploadPanel({
  workspaceId,
  config,
  documents,
  onUploaded,
}: {
  workspaceId: string;
  config: ServerConfig;
  /** The live list, so a sent file's row follows its document from pending to ready or failed. */
  documents: PlanckDocument[];
  onUploaded: (document: PlanckDocument) => void;
}) {
  const [rows, setRows] = useState<UploadRow[]>([]);
  const [dragging, setDragging] = useState(false);
  const nextKey = useRef(1);
  const handles = useRef(new Map<number, UploadHandle>());
  const zone = useRef<HTMLDivElement>(null);
  const onUploadedRef = useRef(onUploaded);
  onUploadedRef.current = onUploaded;

  useEffect(() => {
    const open = handles.current;
    // A file dropped beside the zone would make the browser leave the app to show it.
    const keepInApp = (event: globalThis.DragEvent) => {
      if (!zone.current?.contains(event.target as Node)) event.preventDefault();
    };
    window.addEventListener("dragover", keepInApp);
    window.addEventListener("drop", keepInApp);
    return () => {
      window.removeEventListener("dragover", keepInApp);
      window.removeEventListener("drop", keepInApp);
      for (const handle of open.values()) handle.abort();
      open.clear();
    };
  }, []);

  function update(key: number, change: Partial<UploadRow>) {
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...change } : row)));
  }

  function add(files: FileList | File[]) {
    const added: UploadRow[] = [];
    for (const file of Array.from(files)) {
      const key = nextKey.current++;
      const refusal = refusalBeforeUpload(file, config);
      added.push({
        key,
        name: file.name,
        size: file.size,
        loaded: 0,
        total: file.size,
        state: refusal ? "refused" : "sending",
        message: refusal,
        documentId: null,
      });
      if (!refusal) send(key, file);
    }
    setRows((current) => [...added, ...current]);
  }

  function send(key: number, file: File) {
    const handle = uploadDocument(workspaceId, file, (loaded, total) => update(key, { loaded, total }));
    handles.current.set(key, handle);
    handle.done
      .then((document) => {
        update(key, { state: "sent", loaded: file.size, documentId: document.id });
        onUploadedRef.current(document);
      })
      .catch((error: unknown) => {
        if (error instanceof DOMException && error.name === "AbortError") {
          update(key, { state: "cancelled", message: "Upload cancelled." });
        } else {
          update(key, {
            state: "failed",
            message: error instanceof ApiError ? error.detail : "The upload failed.",
          });
        }
      })
      .finally(() => handles.current.delete(key));
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) add(event.dataTransfer.files);
  }

  const extensions = acceptedExtensions(config.accepted_types);
  const finished = rows.filter((row) => row.state !== "sending");

  return (
    <section className="upload" aria-labelledby="upload-heading">
      <h2 id="upload-heading">Upload</h2>
      <div
        ref={zone}
        className={`drop-zone${dragging ? " dragging" : ""}`}
        onDragEnter={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = "copy";
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
      >
        <p className="drop-zone-text">Drop files here to upload them, or</p>
        <label htmlFor="document-files" className="file-label">
          Choose files
        </label>
        <input
          id="document-files"
          type="file"
          multiple
          accept={acceptAttribute(config.accepted_types)}
          aria-describedby="document-files-hint"
          onChange={(e) => {
            if (e.currentTarget.files && e.currentTarget.files.length > 0) add(e.currentTarget.files);
            // Cleared so that choosing the same file again (after fixing it) still counts as a change.
            e.currentTarget.value = "";
          }}
        />
        <p className="hint" id="document-files-hint">
          {extensions.length > 0 ? `Accepted: ${extensions.join(", ")}. ` : ""}
          Up to {formatBytes(config.max_upload_bytes)} per file; several files at once.
        </p>
      </div>

      {rows.length > 0 && (
        <>
          <ul className="upload-list" aria-label="Uploads">
            {rows.map((row) => (
              <UploadItem
                key={row.key}
                row={row}
                document={row.documentId ? documents.find((d) => d.id === row.documentId) : undefined}
                onCancel={() => handles.current.get(row.key)?.abort()}
              />
            ))}
          </ul>
          {finished.length > 0 && (
            <button
              type="button"
              className="link"
              onClick={() => setRows((current) => current.filter((row) => row.state === "sending"))}
            >
              Clear finished uploads
            </button>
          )}
        </>
      )}
    </section>
  );
}

function UploadItem({ row, document, onCancel }: { row: UploadRow; document: PlanckDocument | undefined; onCancel: () => void }) {
  const percent = row.total > 0 ? Math.round((row.loaded / row.total) * 100) : 0;
  return (
    <li className="upload-item">
      <div className="upload-item-head">
        <span className="upload-name">{row.name}</span>
        <span className="hint">{formatBytes(row.size)}</span>
      </div>
      {row.state === "sending" && (
        <div className="upload-progress">
          <progress max={100} value={percent} aria-label={`Uploading ${row.name}`} />
          <span className="hint">{percent < 100 ? `${percent}%` : "Sent; waiting for the server…"}</span>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
      {/* Sent: the bytes are all there, and a full upload bar beside "Processing · 10%" would read as two answers;
          the document's own bar is in the list below. */}
      {row.state === "sent" && (
        <div className="upload-progress">
          {document ? (
            <span>
              <span className={`status status-${document.status}`}>{STATUS_LABEL[document.status]}</span>{" "}
              {isInProgress(document.status) && <span className="hint">{progressText(document) ?? ""}</span>}
              {document.status === "failed" && document.error && <span className="field-error"> {document.error}</span>}
            </span>
          ) : (
            <span className="hint">Sent</span>
          )}
        </div>
      )}
      {(row.state === "refused" || row.state === "failed" || row.state === "cancelled") && row.message && (
        <span className={row.state === "cancelled" ? "hint" : "field-error"} role={row.state === "cancelled" ? undefined : "alert"}>
          {row.message}
        </span>
      )}
    </li>
  );
}
