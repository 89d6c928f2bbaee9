import { useState, type FormEvent, type ReactNode } from "react";
import { api, ApiError, query } from "../../api/client";
import type { Page, User } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { PageTitle } from "../../lib/PageTitle";
import { formatDate } from "../../lib/format";
import { useResource } from "../../lib/useResource";
import { AdminNav } from "./AdminNav";
import { TableScroll } from "./TableScroll";
import { Pager } from "./Pager";
import { CreateUserForm } from "./CreateUserForm";
import { Field, messageFor } from "../../lib/Fields";
import { EditUserDialog, IssueKeyDialog } from "./UserDialogs";
import { TableHead } from "../../lib/TableHead";
import { useSubmission } from "../../lib/useSubmission";

export const USERS_PER_PAGE = 50;

export function AdminUsersPage() {
  const [offset, setOffset] = useState(0);
  const users = useResource<Page<User>>(`/api/v1/admin/users${query({ limit: USERS_PER_PAGE, offset })}`);
  const [found, setFound] = useState<User | null>(null);
  const [editing, setEditing] = useState<User | null>(null);
  const [issuingFor, setIssuingFor] = useState<User | null>(null);

  function saved(user: User) {
    users.setData((page) => page && { ...page, data: page.data.map((u) => (u.id === user.id ? user : u)) });
    setFound((current) => (current?.id === user.id ? user : current));
  }

  const total = users.data?.count ?? 0;
  const shown = users.data?.data ?? [];
  const actions = (user: User) => (
    <div className="row-actions">
      <button type="button" onClick={() => setEditing(user)} aria-label={`Edit ${user.email}`}>
        Edit
      </button>
      <button type="button" onClick={() => setIssuingFor(user)} aria-label={`Issue API key for ${user.email}`}>
        Issue API key
      </button>
    </div>
  );

  return (
    <section className="page admin-page">
      <AdminNav />
      <PageTitle>Users</PageTitle>

      <FindByEmail onFound={setFound} found={found} actions={actions} />

      <CreateUserForm
        onCreated={(user) => {
          setFound(user);
          void users.reload();
        }}
      />

      <section aria-labelledby="all-users-title" className="admin-section">
        <h2 id="all-users-title">All users</h2>
        {users.error !== null && <ErrorNotice error={users.error} onRetry={() => void users.reload()} />}
        {users.data && (
          <>
            <TableScroll label="User list">
              <table className="data">
                <caption className="visually-hidden">Users</caption>
                <TableHead columns={["Email", "Name", "Role", "Active", "Created"]} actions />
                <tbody>
                  {shown.map((user) => (
                    <tr key={user.id} className={user.id === found?.id ? "highlight" : undefined}>
                      <td>{user.email}</td>
                      <td>{user.full_name || "—"}</td>
                      <td>{user.role}</td>
                      <td>{user.is_active ? "Yes" : "No"}</td>
                      <td>{formatDate(user.created_at)}</td>
                      <td>{actions(user)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Pager offset={offset} shown={shown.length} total={total} pageSize={USERS_PER_PAGE} empty="No users yet." onMove={setOffset} />
          </>
        )}
        {users.loading && !users.data && <p className="hint">Loading users…</p>}
      </section>

      <EditUserDialog user={editing} onClose={() => setEditing(null)} onSaved={saved} />
      <IssueKeyDialog user={issuingFor} onClose={() => setIssuingFor(null)} />
    </section>
  );
}

function FindByEmail({
  found,
  onFound,
  actions,
}: {
  found: User | null;
  onFound: (user: User | null) => void;
  actions: (user: User) => ReactNode;
}) {
  const [email, setEmail] = useState("");
  const { busy, error, run } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    onFound(null);
    await run(
      async () => onFound(await api<User>(`/api/v1/admin/users/by-email${query({ email: email.trim() })}`)),
      (caught) => (caught instanceof ApiError && caught.status === 404 ? new ApiError(404, "No user has that email.") : caught),
    );
  }

  // The lookup's one field owns every refusal (404, a 400 for an empty or malformed address).
  const message = messageFor(error, "email", (e) => !e.isNetwork && e.status < 500);
  return (
    <form className="card admin-form" onSubmit={submit} noValidate aria-labelledby="find-user-title">
      <h2 id="find-user-title">Find by email</h2>
      <Field label="Email" message={message}>
        {(props) => (
          <div className="input-row">
            <input {...props} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
            <button type="submit" disabled={busy}>
              Find
            </button>
          </div>
        )}
      </Field>
      {error !== null && message === undefined && <ErrorNotice error={error} />}
      {found && (
        <div className="found-user" role="status">
          <p>
            <strong>{found.email}</strong> · {found.full_name || "no name"} · {found.role} · {found.is_active ? "active" : "inactive"} ·
            created {formatDate(found.created_at)}
          </p>
          {actions(found)}
        </div>
      )}
    </form>
  );
}
