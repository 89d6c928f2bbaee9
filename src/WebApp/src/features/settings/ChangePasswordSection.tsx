import { useState, type FormEvent } from "react";
import { api, ApiError } from "../../api/client";
import { ErrorNotice, FieldError } from "../../lib/ErrorNotice";
import { hasFieldError } from "../workspaces/forms";

export const PASSWORDS_DIFFER = "The two new passwords are not the same.";

export function ChangePasswordSection({ email }: { email: string }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setDone(false);
    if (next !== confirm) {
      // Checked here: the server never sees the confirmation, only the new password.
      setError(new ApiError(400, PASSWORDS_DIFFER, { confirm_password: [PASSWORDS_DIFFER] }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api("/api/v1/users/me/password", {
        method: "POST",
        body: { current_password: current, new_password: next },
      });
      setCurrent("");
      setNext("");
      setConfirm("");
      setDone(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const invalid = (field: string) => hasFieldError(error, [field]);
  const formError =
    error && !hasFieldError(error, ["current_password", "new_password", "confirm_password"]) ? error : null;

  return (
    <section className="card settings-section" aria-labelledby="password-heading" id="password">
      <h2 id="password-heading">Change password</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {/* Lets a password manager know whose password this is; never shown. */}
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        <div className="field">
          <label htmlFor="settings-current-password">Current password</label>
          <input
            id="settings-current-password"
            type="password"
            name="current_password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            aria-invalid={invalid("current_password")}
            aria-describedby={invalid("current_password") ? "current-password-error" : undefined}
          />
          <FieldError error={error} field="current_password" id="current-password-error" />
        </div>
        <div className="field">
          <label htmlFor="settings-new-password">New password</label>
          <input
            id="settings-new-password"
            type="password"
            name="new_password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
            aria-invalid={invalid("new_password")}
            aria-describedby={invalid("new_password") ? "new-password-hint new-password-error" : "new-password-hint"}
          />
          <span className="hint" id="new-password-hint">
            At least 12 characters.
          </span>
          <FieldError error={error} field="new_password" id="new-password-error" />
        </div>
        <div className="field">
          <label htmlFor="settings-confirm-password">Confirm new password</label>
          <input
            id="settings-confirm-password"
            type="password"
            name="confirm_password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            aria-invalid={invalid("confirm_password")}
            aria-describedby={invalid("confirm_password") ? "confirm-password-error" : undefined}
          />
          <FieldError error={error} field="confirm_password" id="confirm-password-error" />
        </div>
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
