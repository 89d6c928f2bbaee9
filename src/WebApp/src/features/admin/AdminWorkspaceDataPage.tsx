import { Link, NavLink, useParams } from "react-router";
import type { WorkspaceDetail } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { PageTitle } from "../../lib/PageTitle";
import { useResource } from "../../lib/useResource";
import { AdminDatabasesSection } from "../databases/AdminDatabasesSection";
import { ContextEditor } from "../databases/ContextEditor";
import { AdminNav } from "./AdminNav";

/** One workspace's data, for an Admin: its databases (`…/databases`) and its context (`…/context`). */
export function AdminWorkspaceDataPage({ view }: { view: "databases" | "context" }) {
  const { workspaceId = "" } = useParams();
  const workspace = useResource<WorkspaceDetail>(`/api/v1/workspaces/${encodeURIComponent(workspaceId)}`);
  const name = workspace.data?.id === workspaceId ? workspace.data.name : null;
  const base = `/admin/workspaces/${encodeURIComponent(workspaceId)}`;
  return (
    <section className="page admin-page">
      <AdminNav />
      <p className="breadcrumb">
        <Link to="/admin/workspaces">All workspaces</Link>
      </p>
      <PageTitle>{name ? `${view === "databases" ? "Databases" : "Context"} of ${name}` : view === "databases" ? "Databases" : "Context"}</PageTitle>
      {workspace.error !== null ? (
        <ErrorNotice error={workspace.error} onRetry={() => void workspace.reload()} />
      ) : (
        <>
          <nav aria-label="Workspace data" className="tabs">
            <NavLink to={`${base}/databases`}>Databases</NavLink>
            <NavLink to={`${base}/context`}>Context</NavLink>
          </nav>
          {view === "databases" ? <AdminDatabasesSection workspaceId={workspaceId} /> : <ContextEditor key={workspaceId} workspaceId={workspaceId} />}
        </>
      )}
    </section>
  );
}
