import { useState, type FormEvent } from "react";
import { api, ApiError } from "../../api/client";
import type { Role, User } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { Field, messageFor, unclaimed } from "../../lib/Fields";
import { useSubmission } from "../../lib/useSubmission";

/** "Create user": a 409 (that email is taken) and each 400 field error show beside their own field. */
export function CreateUserForm({ onCreated }: { onCreated: (user: User) => void }) {
  const [email, setEmail] = useState("");
  const [fullName, setFullName] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("User");
  const { busy, error, run } = useSubmission();
  const [created, setCreated] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    await run(async () => {
      const user = await api<User>("/api/v1/admin/users", {
        method: "POST",
        body: { email, full_name: fullName, password, role },
      });
      setCreated(`Created ${user.email}.`);
      setEmail("");
      setFullName("");
      setPassword("");
      setRole("User");
      onCreated(user);
    });
  }

  const messages = {
    email: messageFor(error, "email", (e: ApiError) => e.status === 409),
    full_name: messageFor(error, "full_name"),
    password: messageFor(error, "password"),
    role: messageFor(error, "role"),
  };

  return (
    <form className="card admin-form" onSubmit={submit} noValidate aria-labelledby="create-user-title">
      <h2 id="create-user-title">Create user</h2>
      <div className="admin-form-grid">
        <Field label="Email" message={messages.email}>
          {(props) => (
            <input {...props} type="email" autoComplete="off" required value={email} onChange={(e) => setEmail(e.target.value)} />
          )}
        </Field>
        <Field label="Full name" message={messages.full_name}>
          {(props) => <input {...props} autoComplete="off" value={fullName} onChange={(e) => setFullName(e.target.value)} />}
        </Field>
        <Field label="Password" message={messages.password} hint="They can change it in User Settings after signing in.">
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <Field label="Role" message={messages.role}>
          {(props) => (
            <select {...props} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              <option value="User">User</option>
              <option value="Admin">Admin</option>
            </select>
          )}
        </Field>
      </div>
      {unclaimed(error, Object.values(messages)) !== null && <ErrorNotice error={error} />}
      <div className="admin-form-actions">
        <button type="submit" className="primary" disabled={busy}>
          Create user
        </button>
        <span role="status" className="hint">
          {created}
        </span>
      </div>
    </form>
  );
}
