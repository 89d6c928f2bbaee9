import { useMemo } from "react";
import { Link, NavLink, Outlet, useParams } from "react-router";
import { ApiError } from "../../api/client";
import type { WorkspaceDetail } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { PageTitle } from "../../lib/PageTitle";
import { useResource } from "../../lib/useResource";
import { plural } from "../../lib/format";
import { WorkspaceContext } from "./WorkspaceContext";
import "./workspaces.css";

export const NOT_A_MEMBER = "This workspace does not exist or you are not a member of it.";

export function WorkspaceLayout() {
  const { workspaceId = "" } = useParams();
  const detail = useResource<WorkspaceDetail>(`/api/v1/workspaces/${encodeURIComponent(workspaceId)}`);
  // While another workspace's detail is still shown, the new one is loading: never show one's tabs under the other's name.
  const workspace = detail.data?.id === workspaceId ? detail.data : undefined;
  const { reload } = detail;
  const state = useMemo(() => (workspace ? { workspace, reload } : null), [workspace, reload]);

  // A malformed id is a 400 from the server; to a person it is the same as a workspace that is not there.
  if (detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 400)) {
    return (
      <section className="page">
        <PageTitle>Workspace not found</PageTitle>
        <p role="alert">{NOT_A_MEMBER}</p>
        <p>
          <Link to="/workspaces">Back to your workspaces</Link>
        </p>
      </section>
    );
  }
  if (detail.error) {
    return (
      <section className="page">
        <PageTitle>Workspace</PageTitle>
        <ErrorNotice error={detail.error} onRetry={() => void detail.reload()} />
      </section>
    );
  }
  if (!state) {
    return <p aria-busy="true">Loading…</p>;
  }

  return (
    <div className="workspace">
      <header className="workspace-header">
        <p className="workspace-name">{state.workspace.name}</p>
        <p className="hint workspace-counts">
          {plural(state.workspace.document_count, "document", "documents")} ·{" "}
          {plural(state.workspace.member_count, "member", "members")}
          {state.workspace.databases.length > 0
            ? ` · ${plural(state.workspace.databases.length, "database", "databases")}`
            : ""}
        </p>
        {state.workspace.description ? <p className="workspace-description">{state.workspace.description}</p> : null}
      </header>
      <nav aria-label="Workspace" className="tabs">
        <NavLink to="documents">Documents</NavLink>
        <NavLink to="search">Search</NavLink>
        <NavLink to="chat">Chat</NavLink>
        <NavLink to="databases">Databases</NavLink>
      </nav>
      <WorkspaceContext.Provider value={state}>
        <Outlet />
      </WorkspaceContext.Provider>
    </div>
  );
}
