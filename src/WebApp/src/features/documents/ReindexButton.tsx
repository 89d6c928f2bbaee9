import { useState } from "react";
import { api } from "../../api/client";
import { ConfirmDialog } from "../../lib/Dialog";
import { ErrorNotice } from "../../lib/ErrorNotice";

interface ReindexResult {
  queued: number;
}

export function queuedText(queued: number): string {
  return `${queued} ${queued === 1 ? "document" : "documents"} queued`;
}

/**
 * An Admin's "Re-index": every document of one workspace (or of all, without `workspaceId`) is processed again,
 * after a change of embedding model or chunking. Asked first, because it is a lot of work for the server; search
 * keeps answering from the current passages meanwhile, which the confirmation says so nobody waits for it.
 */
export function ReindexButton({
  workspaceId,
  scopeName,
  label = "Re-index",
}: {
  workspaceId?: string;
  scopeName: string;
  label?: string;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState("");

  async function reindex() {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<ReindexResult>("/api/v1/admin/reindex", {
        method: "POST",
        body: workspaceId ? { workspace_id: workspaceId } : {},
      });
      setResult(queuedText(answer?.queued ?? 0));
      setAsking(false);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="reindex">
      <button
        type="button"
        onClick={() => {
          setError(null);
          setResult("");
          setAsking(true);
        }}
      >
        {label}
      </button>
      <span role="status" className="hint reindex-result">
        {result}
      </span>
      <ConfirmDialog
        title="Re-index documents"
        confirmLabel="Re-index"
        open={asking}
        busy={busy}
        error={error ? <ErrorNotice error={error} /> : undefined}
        message={
          <>
            Process every document of <strong>{scopeName}</strong> again? Search and chat keep answering from the current
            passages until the new ones are ready.
          </>
        }
        onConfirm={() => void reindex()}
        onCancel={() => {
          if (!busy) setAsking(false);
        }}
      />
    </div>
  );
}
