import { useState, type FormEvent } from "react";
import { api, ApiError } from "../../api/client";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { Field, messageFor, unclaimed } from "../../lib/Fields";

export const PASSWORDS_DIFFER = "The two new passwords are not the same.";

const FIELDS = [
  { name: "current_password", label: "Current password", autoComplete: "current-password", hint: undefined },
  { name: "new_password", label: "New password", autoComplete: "new-password", hint: "At least 12 characters." },
  { name: "confirm_password", label: "Confirm new password", autoComplete: "new-password", hint: undefined },
] as const;

type FieldName = (typeof FIELDS)[number]["name"];
const EMPTY: Record<FieldName, string> = { current_password: "", new_password: "", confirm_password: "" };

export function ChangePasswordSection({ email }: { email: string }) {
  const [values, setValues] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setDone(false);
    if (values.new_password !== values.confirm_password) {
      // Checked here: the server never sees the confirmation, only the new password.
      setError(new ApiError(400, PASSWORDS_DIFFER, { confirm_password: [PASSWORDS_DIFFER] }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api("/api/v1/users/me/password", {
        method: "POST",
        body: { current_password: values.current_password, new_password: values.new_password },
      });
      setValues(EMPTY);
      setDone(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const messages = FIELDS.map((field) => messageFor(error, field.name));
  const formError = unclaimed(error, messages);

  return (
    <section className="card settings-section" aria-labelledby="password-heading" id="password">
      <h2 id="password-heading">Change password</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {/* Lets a password manager know whose password this is; never shown. */}
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        {FIELDS.map((field, index) => (
          <Field key={field.name} label={field.label} message={messages[index]} hint={field.hint}>
            {(props) => (
              <input
                {...props}
                type="password"
                name={field.name}
                autoComplete={field.autoComplete}
                value={values[field.name]}
                onChange={(e) => {
                  const value = e.target.value;
                  setValues((current) => ({ ...current, [field.name]: value }));
                }}
              />
            )}
          </Field>
        ))}
        <div className="settings-actions">
          <button type="submit" className="primary" aria-disabled={busy || undefined}>
            Change password
          </button>
        </div>
        {formError ? <ErrorNotice error={formError} /> : null}
        <p role="status" className="success-notice-slot">
          {done ? (
            <span className="notice">Your password was changed. Your other sessions were signed out.</span>
          ) : null}
        </p>
      </form>
    </section>
  );
}
