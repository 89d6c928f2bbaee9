import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import type { User, Workspace } from "../../api/types";
import { Dialog } from "../../lib/Dialog";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { PageTitle } from "../../lib/PageTitle";
import { formatDate } from "../../lib/format";
import { useRemoval } from "../../lib/useRemoval";
import { useResource } from "../../lib/useResource";
import { AdminNav } from "./AdminNav";
import { TableScroll } from "./TableScroll";
import { MembersPanel } from "./MembersPanel";
import { loadAll } from "../../lib/paging";
import { WorkspaceForm } from "./WorkspaceForm";
import { TableHead } from "../../lib/TableHead";
import { RemovalDialog } from "../../lib/RemovalDialog";
import { ReindexButton } from "../documents/ReindexButton";
import "../documents/documents.css";

export function AdminWorkspacesPage() {
  // An Admin's workspace list is every workspace on the server.
  const workspaces = useResource<Workspace[]>("/api/v1/workspaces", loadAll);
  const users = useResource<User[]>("/api/v1/admin/users", loadAll);
  const [editing, setEditing] = useState<Workspace | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [selectedByButton, setSelectedByButton] = useState(false);
  const [status, setStatus] = useState("");

  const selected = workspaces.data?.find((w) => w.id === selectedId) ?? null;

  function replace(workspace: Workspace) {
    workspaces.setData((list) => list?.map((w) => (w.id === workspace.id ? workspace : w)));
  }

  const deleting = useRemoval<Workspace>(
    (workspace) => api<void>(`/api/v1/admin/workspaces/${workspace.id}`, { method: "DELETE" }),
    (workspace) => {
      workspaces.setData((list) => list?.filter((w) => w.id !== workspace.id));
      if (selectedId === workspace.id) setSelectedId(null);
      setStatus(`Deleted ${workspace.name}.`);
    },
  );

  return (
    <section className="page admin-page">
      <AdminNav />
      <PageTitle>Manage workspaces</PageTitle>

      <section className="card admin-form" aria-labelledby="create-workspace-title">
        <h2 id="create-workspace-title">Create workspace</h2>
        <WorkspaceForm
          submitLabel="Create workspace"
          onSaved={(created) => {
            workspaces.setData((list) => [...(list ?? []), created]);
            setStatus(`Created ${created.name}.`);
            setSelectedId(created.id);
            setSelectedByButton(false);
          }}
        />
      </section>

      <section aria-labelledby="all-workspaces-title" className="admin-section">
        <div className="documents-heading">
          <h2 id="all-workspaces-title">All workspaces</h2>
          {/* After a change of embedding model or chunking every workspace needs it; one workspace's is on its documents view. */}
          <ReindexButton scopeName="all workspaces" label="Re-index all documents" />
        </div>
        <p role="status" className="hint">
          {status}
        </p>
        {workspaces.error !== null && <ErrorNotice error={workspaces.error} onRetry={() => void workspaces.reload()} />}
        {workspaces.loading && !workspaces.data && <p className="hint">Loading workspaces…</p>}
        {workspaces.data && workspaces.data.length === 0 && <p className="hint">No workspaces yet.</p>}
        {workspaces.data && workspaces.data.length > 0 && (
          <TableScroll label="Workspace list">
            <table className="data">
              <caption className="visually-hidden">Workspaces</caption>
              <TableHead columns={["Name", "Description", "Created"]} actions />
              <tbody>
                {workspaces.data.map((w) => (
                  <tr key={w.id} className={w.id === selectedId ? "selected" : undefined}>
                    <td>{w.name}</td>
                    <td>{w.description || "—"}</td>
                    <td>{formatDate(w.created_at)}</td>
                    <td>
                      <div className="row-actions">
                        <button
                          type="button"
                          aria-pressed={w.id === selectedId}
                          aria-label={`Members of ${w.name}`}
                          onClick={() => {
                            setSelectedId(w.id === selectedId ? null : w.id);
                            setSelectedByButton(true);
                          }}
                        >
                          Members
                        </button>
                        <Link className="button-link" to={`/admin/workspaces/${w.id}/databases`} aria-label={`Databases of ${w.name}`}>
                          Databases
                        </Link>
                        <button type="button" aria-label={`Edit ${w.name}`} onClick={() => setEditing(w)}>
                          Edit
                        </button>
                        <button type="button" aria-label={`Delete ${w.name}`} onClick={() => deleting.ask(w)}>
                          Delete
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      {selected && (
        <MembersPanel
          key={selected.id}
          workspace={selected}
          users={users.data}
          usersError={users.error}
          takeFocus={selectedByButton}
        />
      )}

      <Dialog title="Edit workspace" open={editing !== null} onClose={() => setEditing(null)}>
        {editing && (
          <WorkspaceForm
            key={editing.id}
            workspace={editing}
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
        removal={deleting}
        title="Delete workspace"
        confirmLabel="Delete"
        message={
          <>
            Delete <strong>{deleting.target?.name}</strong> with all its documents, conversations and connected databases? This cannot
            be undone.
          </>
        }
      />
    </section>
  );
}
