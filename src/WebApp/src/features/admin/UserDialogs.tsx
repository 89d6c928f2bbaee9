import { useState, type FormEvent } from "react";
import { api, ApiError } from "../../api/client";
import type { CreatedApiKey, Role, User } from "../../api/types";
import { Dialog } from "../../lib/Dialog";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { KeyShownOnceDialog } from "../../lib/KeyShownOnceDialog";
import { expiryFromDate, todayForDateInput } from "../settings/expiry";
import { Field, messageFor, unclaimed } from "../../lib/Fields";
import { useSubmission } from "../../lib/useSubmission";

/** Edit a user's name, role and whether they may sign in; 409 (the last active Admin) shows in the dialog. */
export function EditUserDialog({ user, onClose, onSaved }: { user: User | null; onClose: () => void; onSaved: (user: User) => void }) {
  return (
    <Dialog title="Edit user" open={user !== null} onClose={onClose}>
      {user && <EditUserForm key={user.id} user={user} onClose={onClose} onSaved={onSaved} />}
    </Dialog>
  );
}

function EditUserForm({ user, onClose, onSaved }: { user: User; onClose: () => void; onSaved: (user: User) => void }) {
  const [fullName, setFullName] = useState(user.full_name);
  const [role, setRole] = useState<Role>(user.role);
  const [active, setActive] = useState(user.is_active);
  const { busy, error, run } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const saved = await api<User>(`/api/v1/admin/users/${user.id}`, {
        method: "PATCH",
        body: { full_name: fullName, role, is_active: active },
      });
      onSaved(saved);
      onClose();
    });
  }

  const messages = {
    full_name: messageFor(error, "full_name"),
    role: messageFor(error, "role"),
    is_active: messageFor(error, "is_active"),
  };
  return (
    <form onSubmit={submit} noValidate>
      <p className="hint">{user.email}</p>
      <Field label="Full name" message={messages.full_name}>
        {(props) => <input {...props} value={fullName} onChange={(e) => setFullName(e.target.value)} />}
      </Field>
      <Field label="Role" message={messages.role}>
        {(props) => (
          <select {...props} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="User">User</option>
            <option value="Admin">Admin</option>
          </select>
        )}
      </Field>
      <label className="checkbox-field">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
        <span>Active</span>
      </label>
      <p className="hint">An inactive user cannot sign in and their API keys stop working.</p>
      {messages.is_active && <span className="field-error">{messages.is_active}</span>}
      {unclaimed(error, Object.values(messages)) !== null && <ErrorNotice error={error} />}
      <div className="dialog-actions">
        <button type="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Save
        </button>
      </div>
    </form>
  );
}

/**
 * "Issue API key" for a user. The new key goes straight to KeyShownOnceDialog and is dropped from state when that
 * closes: nothing else ever holds it.
 */
export function IssueKeyDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const [issued, setIssued] = useState<{ key: string; name: string } | null>(null);
  return (
    <>
      <Dialog title="Issue API key" open={user !== null && issued === null} onClose={() => issued === null && onClose()}>
        {user && (
          <IssueKeyForm key={user.id} user={user} onCancel={onClose} onIssued={(created) => setIssued({ key: created.key, name: created.name })} />
        )}
      </Dialog>
      <KeyShownOnceDialog
        apiKey={issued?.key ?? null}
        name={issued?.name ?? ""}
        onClose={() => {
          setIssued(null);
          onClose();
        }}
      />
    </>
  );
}

function IssueKeyForm({ user, onCancel, onIssued }: { user: User; onCancel: () => void; onIssued: (key: CreatedApiKey) => void }) {
  const [name, setName] = useState("");
  const [expires, setExpires] = useState("");
  const { busy, error, run } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(
      async () => {
        const created = await api<CreatedApiKey>(`/api/v1/admin/users/${user.id}/api-keys`, {
          method: "POST",
          body: { name: name.trim(), expires_at: expiryFromDate(expires) },
        });
        onIssued(created);
      },
      // Expiry means the same here as in User Settings, so both share its reading of the date.
      (caught) =>
        caught instanceof RangeError ? new ApiError(400, "Choose a valid date.", { expires_at: ["Choose a valid date, or leave it empty."] }) : caught,
    );
  }

  const messages = { name: messageFor(error, "name"), expires_at: messageFor(error, "expires_at") };
  return (
    <form onSubmit={submit} noValidate>
      <p>
        A key that acts as <strong>{user.email}</strong>, with their role and workspaces.
      </p>
      <Field label="Name" message={messages.name} hint="What the key is for, such as the script that uses it.">
        {(props) => <input {...props} required value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field
        label="Expires"
        message={messages.expires_at}
        hint="Optional. The key stops working at the end of that day (23:59:59 UTC). Leave it empty for a key that does not expire."
      >
        {(props) => (
          <input {...props} type="date" min={todayForDateInput()} value={expires} onChange={(e) => setExpires(e.target.value)} />
        )}
      </Field>
      {unclaimed(error, Object.values(messages)) !== null && <ErrorNotice error={error} />}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Issue API key
        </button>
      </div>
    </form>
  );
}
