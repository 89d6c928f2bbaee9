import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import type { Member, Page, User, Workspace } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { formatDate } from "../../lib/format";
import { useRemoval } from "../../lib/useRemoval";
import { useResource } from "../../lib/useResource";
import { Field, messageFor } from "../../lib/Fields";
import { loadAll } from "../../lib/paging";
import { TableScroll } from "./TableScroll";
import { UserOptions } from "./UserOptions";
import { TableHead } from "../../lib/TableHead";
import { RemovalDialog } from "../../lib/RemovalDialog";

/** Members of one workspace: add active users not yet in it, remove one after confirming. */
export function MembersPanel({
  workspace,
  users,
  usersError,
  takeFocus,
}: {
  workspace: Workspace;
  users: User[] | undefined;
  usersError: unknown;
  /** Opened from its "Members" button: the keyboard user lands on the panel rather than stays in the table. */
  takeFocus: boolean;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeFocus) heading.current?.focus();
  }, [takeFocus]);
  const path = `/api/v1/admin/workspaces/${workspace.id}/members`;
  const list = useResource<Member[]>(path, loadAll);
  const members = list.data;
  const [chosen, setChosen] = useState("");
  const [addError, setAddError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState("");

  const candidates = useMemo(() => {
    const inside = new Set(members?.map((m) => m.user_id));
    return (users ?? []).filter((u) => u.is_active && !inside.has(u.id));
  }, [users, members]);

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    setAdding(true);
    setAddError(null);
    try {
      const added = users?.find((u) => u.id === chosen);
      // The answer is only the first page of members: read them all again so a large workspace stays complete.
      await api<Page<Member>>(path, { method: "POST", body: { user_ids: [chosen] } });
      setChosen("");
      setStatus(`Added ${added?.email ?? "the user"}.`);
      await list.reload();
    } catch (caught) {
      setAddError(caught);
    } finally {
      setAdding(false);
    }
  }

  const removing = useRemoval<Member>(
    (member) => api<void>(`${path}/${member.user_id}`, { method: "DELETE" }),
    (member) => {
      list.setData((current) => current?.filter((m) => m.user_id !== member.user_id));
      setStatus(`Removed ${member.email}.`);
    },
  );

  const addMessage = messageFor(addError, "user_ids", (e) => !e.isNetwork && e.status < 500);
  return (
    <section className="card members-panel" aria-labelledby="members-title">
      <h2 id="members-title" ref={heading} tabIndex={-1}>Members of {workspace.name}</h2>
      <form onSubmit={add} noValidate>
        <Field
          label="Add a user"
          message={addMessage}
          hint={users && candidates.length === 0 ? "Every active user is already a member." : undefined}
        >
          {(props) => (
            <div className="input-row">
              <select {...props} value={chosen} onChange={(e) => setChosen(e.target.value)} disabled={!users}>
                <option value="">{users ? "Choose a user…" : "Loading users…"}</option>
                <UserOptions users={candidates} />
              </select>
              <button type="submit" className="primary" disabled={adding || !chosen}>
                Add member
              </button>
            </div>
          )}
        </Field>
      </form>
      {usersError !== null && <ErrorNotice error={usersError} />}
      {addError !== null && addMessage === undefined && <ErrorNotice error={addError} />}
      <p role="status" className="hint">
        {status}
      </p>
      {list.error !== null && <ErrorNotice error={list.error} onRetry={() => void list.reload()} />}
      {members === undefined && list.loading && <p className="hint">Loading members…</p>}
      {members && members.length === 0 && <p className="hint">No members yet.</p>}
      {members && members.length > 0 && (
        <TableScroll label="Member list">
          <table className="data">
            <caption className="visually-hidden">Members of {workspace.name}</caption>
            <TableHead columns={["Email", "Name", "Role", "Added"]} actions />
            <tbody>
              {members.map((m) => (
                <tr key={m.user_id}>
                  <td>
                    {m.email}
                    {!m.is_active && <span className="hint"> (inactive)</span>}
                  </td>
                  <td>{m.full_name || "—"}</td>
                  <td>{m.role}</td>
                  <td>{formatDate(m.added_at)}</td>
                  <td>
                    <div className="row-actions">
                      <button type="button" onClick={() => removing.ask(m)} aria-label={`Remove ${m.email}`}>
                        Remove
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <RemovalDialog
        removal={removing}
        title="Remove member"
        confirmLabel="Remove"
        message={
          <>
            Remove <strong>{removing.target?.email}</strong> from <strong>{workspace.name}</strong>? They can no longer open it.
          </>
        }
      />
    </section>
  );
}
