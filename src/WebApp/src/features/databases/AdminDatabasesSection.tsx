import { useRef, useState } from "react";
import { ApiError } from "../../api/client";
import { databasesPath, isBuiltIn, listDatabases, refreshDatabase, removeDatabase } from "../../api/databases";
import type { PlanckDatabase } from "../../api/types";
import { Dialog } from "../../lib/Dialog";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { RemovalDialog } from "../../lib/RemovalDialog";
import { TableHead } from "../../lib/TableHead";
import { useRemoval } from "../../lib/useRemoval";
import { useResource } from "../../lib/useResource";
import { TableScroll } from "../admin/TableScroll";
import { DatabaseForm } from "./DatabaseForm";
import { DatabaseStatus } from "./DatabaseStatus";
import { plural } from "../../lib/format";
import { SchemaPanel } from "./SchemaPanel";
import "./databases.css";

/** What a refresh that failed says: the server's reason (the connection is then marked unavailable). */
function refreshFailure(database: PlanckDatabase, error: unknown): string {
  const reason = error instanceof ApiError ? (error.fieldError("connection_string") ?? error.detail) : "Something went wrong.";
  return `Refreshing ${database.name} failed: ${reason}`;
}

/**
 * An Admin's view of a workspace's databases: connect one, and per connection edit, refresh, remove or open its
 * schema. The built-in uploaded tables are listed too, with only their schema to open.
 */
export function AdminDatabasesSection({ workspaceId }: { workspaceId: string }) {
  const list = useResource<PlanckDatabase[]>(databasesPath(workspaceId), listDatabases);
  const [editing, setEditing] = useState<PlanckDatabase | null>(null);
  const [refreshing, setRefreshing] = useState<string | null>(null);
  const [refreshError, setRefreshError] = useState<string | null>(null);
  const [schemaOf, setSchemaOf] = useState<{ id: string; byButton: boolean } | null>(null);
  const [status, setStatus] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);

  function replace(database: PlanckDatabase) {
    list.setData((current) => current?.map((d) => (d.id === database.id ? database : d)));
  }

  async function refresh(database: PlanckDatabase) {
    setRefreshing(database.id);
    setRefreshError(null);
    setStatus(`Reading the schema of ${database.name} again…`);
    try {
      const refreshed = await refreshDatabase(workspaceId, database.id);
      replace(refreshed);
      setStatus(`Refreshed ${refreshed.name}: ${plural(refreshed.table_count, "table", "tables")}.`);
    } catch (error) {
      setStatus("");
      setRefreshError(refreshFailure(database, error));
      // The server marked it unavailable with the reason: show that in its row.
      await list.reload();
    } finally {
      setRefreshing(null);
    }
  }

  const removing = useRemoval<PlanckDatabase>(
    (database) => removeDatabase(workspaceId, database.id),
    (database) => {
      list.setData((current) => current?.filter((d) => d.id !== database.id));
      if (schemaOf?.id === database.id) setSchemaOf(null);
      setStatus(`Removed ${database.name}.`);
    },
  );

  const shown = list.data?.find((d) => d.id === schemaOf?.id);
  return (
    <>
      <section className="card admin-form" aria-labelledby="connect-database-title">
        <h2 id="connect-database-title">Connect a database</h2>
        <DatabaseForm
          workspaceId={workspaceId}
          submitLabel="Connect database"
          onSaved={(created) => {
            list.setData((current) => [...(current ?? []), created]);
            setStatus(`Connected ${created.name}: ${plural(created.table_count, "table", "tables")}.`);
          }}
        />
      </section>

      <section aria-labelledby="databases-title" className="admin-section">
        <h2 id="databases-title" ref={heading} tabIndex={-1}>
          Databases
        </h2>
        <p role="status" className="hint">
          {status}
        </p>
        {refreshError && (
          <div className="error-notice refresh-error" role="alert">
            <span>{refreshError}</span>
          </div>
        )}
        {list.error !== null && <ErrorNotice error={list.error} onRetry={() => void list.reload()} />}
        {list.loading && !list.data && <p className="hint">Loading databases…</p>}
        {list.data && (
          <TableScroll label="Database list">
            <table className="data">
              <caption className="visually-hidden">Databases</caption>
              <TableHead columns={["Name", "Type", "Status", "Tables", "Refreshed"]} actions />
              <tbody>
                {list.data.map((d) => (
                  <tr key={d.id} className={d.id === schemaOf?.id ? "selected" : undefined}>
                    <td>
                      {d.name}
                      {d.description && <div className="hint database-description">{d.description}</div>}
                    </td>
                    <DatabaseStatus database={d} />
                    <td>
                      <div className="row-actions">
                        <button
                          type="button"
                          aria-pressed={d.id === schemaOf?.id}
                          aria-label={`Schema of ${d.name}`}
                          onClick={() => setSchemaOf(d.id === schemaOf?.id ? null : { id: d.id, byButton: true })}
                        >
                          Schema
                        </button>
                        {!isBuiltIn(d) && (
                          <>
                            <button type="button" aria-label={`Edit ${d.name}`} onClick={() => setEditing(d)}>
                              Edit
                            </button>
                            <button
                              type="button"
                              aria-label={`Refresh ${d.name}`}
                              disabled={refreshing !== null}
                              onClick={() => void refresh(d)}
                            >
                              {refreshing === d.id ? "Refreshing…" : "Refresh"}
                            </button>
                            <button type="button" aria-label={`Remove ${d.name}`} onClick={() => removing.ask(d)}>
                              Remove
                            </button>
                          </>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      {shown && schemaOf && (
        <SchemaPanel key={shown.id + shown.refreshed_at} workspaceId={workspaceId} databaseId={shown.id} name={shown.name} takeFocus={schemaOf.byButton} />
      )}

      <Dialog title="Edit database" open={editing !== null} onClose={() => setEditing(null)}>
        {editing && (
          <DatabaseForm
            key={editing.id}
            workspaceId={workspaceId}
            database={editing}
            submitLabel="Save"
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              replace(saved);
              setStatus(`Saved ${saved.name}.`);
              setEditing(null);
            }}
          />
        )}
      </Dialog>
      <RemovalDialog
        removal={removing}
        title="Remove database"
        confirmLabel="Remove"
        focusAfter={heading}
        message={
          <>
            Remove <strong>{removing.target?.name}</strong> from this workspace? Its connection secret is deleted; the database itself is not
            touched.
          </>
        }
      />
    </>
  );
}
