import { useCallback, useEffect, useId, useState } from "react";
import type { PlanckDocument } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { loadAll } from "../../lib/paging";
import type { ChosenDocuments } from "./useChatThread";

async function readyDocuments(workspaceId: string): Promise<PlanckDocument[]> {
  const data = await loadAll<PlanckDocument>(`/api/v1/documents/?workspace_id=${encodeURIComponent(workspaceId)}`);
  return data.filter((document) => document.status === "ready");
}

/**
 * Narrows questions to chosen documents (sent as chat_metadata.documents, keyed by name). The list loads when
 * the panel first opens; what is chosen stays shown beside the control.
 */
export function DocumentPicker({
  workspaceId,
  chosen,
  onChange,
}: {
  workspaceId: string;
  chosen: ChosenDocuments;
  onChange: (chosen: ChosenDocuments) => void;
}) {
  const [open, setOpen] = useState(false);
  const [documents, setDocuments] = useState<PlanckDocument[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const panelId = useId();
  const names = Object.keys(chosen);

  const load = useCallback(() => {
    setError(null);
    readyDocuments(workspaceId).then(setDocuments, setError);
  }, [workspaceId]);

  useEffect(() => {
    setDocuments(null);
  }, [workspaceId]);

  useEffect(() => {
    if (open && documents === null && !error) load();
  }, [open, documents, error, load]);

  function toggle(document: PlanckDocument, on: boolean) {
    const next = { ...chosen };
    if (on) next[document.name] = { id: document.id };
    else delete next[document.name];
    onChange(next);
  }

  return (
    <div className="document-picker">
      <div className="document-picker-bar">
        <button type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((shown) => !shown)}>
          Documents{names.length > 0 ? ` (${names.length})` : ""}
        </button>
        <span className="hint" aria-live="polite">
          {names.length === 0 ? "Asking about all documents" : "Asking about:"}
        </span>
        {names.length > 0 && (
          <ul className="chosen-documents" aria-label="Chosen documents">
            {names.map((name) => (
              <li key={name}>
                {name}
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Remove ${name}`}
                  onClick={() => {
                    const next = { ...chosen };
                    delete next[name];
                    onChange(next);
                  }}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div id={panelId} hidden={!open} className="document-picker-panel">
        {error ? (
          <ErrorNotice error={error} onRetry={load} />
        ) : documents === null ? (
          <p className="hint">Loading documents…</p>
        ) : documents.length === 0 ? (
          <p className="hint">No document of this workspace is ready yet.</p>
        ) : (
          <fieldset>
            <legend>Ask only about these documents</legend>
            <ul>
              {documents.map((document) => (
                <li key={document.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={chosen[document.name]?.id === document.id}
                      onChange={(event) => toggle(document, event.target.checked)}
                    />{" "}
                    {document.name}
                  </label>
                </li>
              ))}
            </ul>
            {names.length > 0 && (
              <button type="button" className="link" onClick={() => onChange({})}>
                Ask about all documents
              </button>
            )}
          </fieldset>
        )}
      </div>
    </div>
  );
}
