import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import type { Page, Workspace } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { formatDate } from "../../lib/format";
import { PageTitle } from "../../lib/PageTitle";
import { fetchAll } from "./pages";
import "./workspaces.css";

export function WorkspacesPage() {
  const [list, setList] = useState<Page<Workspace> | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async (signal?: AbortSignal) => {
    setError(null);
    try {
      setList(await fetchAll<Workspace>("/api/v1/workspaces", signal));
    } catch (caught) {
      if (!signal?.aborted) setError(caught);
    }
  }, []);

  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal);
    return () => abort.abort();
  }, [load]);

  return (
    <section className="page">
      <PageTitle>Workspaces</PageTitle>
      {error ? (
        <ErrorNotice error={error} onRetry={() => void load()} />
      ) : list === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : list.data.length === 0 ? (
        <div className="notice">
          <p>You are not a member of any workspace yet.</p>
          <p>An administrator adds people to workspaces: ask yours to add you, then come back here.</p>
        </div>
      ) : (
        <ul className="workspace-list">
          {list.data.map((workspace) => (
            <li key={workspace.id} className="card workspace-card">
              <h2>
                <Link to={`/workspaces/${workspace.id}/documents`}>{workspace.name}</Link>
              </h2>
              {workspace.description ? <p>{workspace.description}</p> : <p className="hint">No description.</p>}
              <p className="hint">Created {formatDate(workspace.created_at)}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
