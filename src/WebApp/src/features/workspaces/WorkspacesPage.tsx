import { Link } from "react-router";
import type { Workspace } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { formatDate } from "../../lib/format";
import { PageTitle } from "../../lib/PageTitle";
import { useResource } from "../../lib/useResource";
import { loadAll } from "../../lib/paging";
import "./workspaces.css";

export function WorkspacesPage() {
  const list = useResource<Workspace[]>("/api/v1/workspaces", loadAll);

  return (
    <section className="page">
      <PageTitle>Workspaces</PageTitle>
      {list.error ? (
        <ErrorNotice error={list.error} onRetry={() => void list.reload()} />
      ) : list.data === undefined ? (
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
