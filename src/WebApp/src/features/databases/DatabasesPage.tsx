import { Link, useParams } from "react-router";
import { contextPath, databasesPath, listDatabases } from "../../api/databases";
import type { PlanckDatabase, WorkspaceContext } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { PageTitle } from "../../lib/PageTitle";
import { TableHead } from "../../lib/TableHead";
import { useResource } from "../../lib/useResource";
import { TableScroll } from "../admin/TableScroll";
import { useWorkspace } from "../workspaces/WorkspaceContext";
import { ContextView } from "./ContextView";
import { DatabaseStatus } from "./DatabaseStatus";
import { SchemaPanel } from "./SchemaPanel";
import "./databases.css";

/** A member's view of the workspace's databases, one database's schema (databases/:databaseId), and the context. */
export function DatabasesPage() {
  const { workspace } = useWorkspace();
  const { databaseId } = useParams();
  const list = useResource<PlanckDatabase[]>(databasesPath(workspace.id), listDatabases);
  const context = useResource<WorkspaceContext>(contextPath(workspace.id));
  const shown = list.data?.find((d) => d.id === databaseId);

  return (
    <section className="page databases-page">
      <PageTitle>Databases</PageTitle>
      {list.error !== null && <ErrorNotice error={list.error} onRetry={() => void list.reload()} />}
      {list.loading && !list.data && <p className="hint">Loading databases…</p>}
      {list.data && (
        <TableScroll label="Database list">
          <table className="data">
            <caption className="visually-hidden">Databases of {workspace.name}</caption>
            <TableHead columns={["Name", "Type", "Status", "Tables", "Refreshed"]} />
            <tbody>
              {list.data.map((d) => (
                <tr key={d.id} className={d.id === databaseId ? "selected" : undefined}>
                  <td>
                    <Link to={`/workspaces/${workspace.id}/databases/${d.id}`} aria-current={d.id === databaseId ? "page" : undefined}>
                      {d.name}
                    </Link>
                    {d.description && <div className="hint database-description">{d.description}</div>}
                  </td>
                  <DatabaseStatus database={d} />
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {databaseId && list.data && !shown && <p role="alert">This workspace has no such database.</p>}
      {shown && <SchemaPanel key={shown.id} workspaceId={workspace.id} databaseId={shown.id} name={shown.name} takeFocus={false} />}

      <section className="card context-card" aria-labelledby="context-view-title">
        <h2 id="context-view-title">Workspace context</h2>
        {context.error !== null && <ErrorNotice error={context.error} onRetry={() => void context.reload()} />}
        {context.data && list.data && <ContextView context={context.data} databases={list.data} />}
        {context.loading && !context.data && <p className="hint">Loading the context…</p>}
      </section>
    </section>
  );
}
