import { useId, type ReactNode } from "react";
import { ApiError } from "../api/client";

/**
 * The message that belongs beside a field: the server's own for that field (a 400's `errors`), or the whole
 * refusal's `detail` when the caller says this field caused it (a 409 duplicate email, a 404 lookup).
 */
export function messageFor(error: unknown, field: string, ownsRefusal?: (error: ApiError) => boolean): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.fieldError(field) ?? (ownsRefusal?.(error) ? error.detail : undefined);
}

/** A refusal that no field on the form claims (so it is shown once, near the form's button, rather than lost). */
export function unclaimed(error: unknown, claimed: (string | undefined)[]): unknown {
  if (error === null || error === undefined) return null;
  return claimed.some((m) => m !== undefined) ? null : error;
}

interface FieldProps {
  label: string;
  message?: string;
  hint?: ReactNode;
  /** A fixed id for the control, for a summary that links to it; a generated one otherwise. */
  id?: string;
  /** The message keeps its line breaks in a fixed-width font (a recipe of SQL statements, say). */
  preformatted?: boolean;
  children: (props: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}

/** A labelled control with its hint and its own error message tied to it for screen readers. */
export function Field({ label, message, hint, id: fixedId, preformatted, children }: FieldProps) {
  const generatedId = useId();
  const id = fixedId ?? generatedId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, message ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": message ? true : undefined, "aria-describedby": describedBy })}
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {message && (
        <span className={preformatted ? "field-error preformatted" : "field-error"} id={errorId}>
          {message}
        </span>
      )}
    </div>
  );
}

/**
 * A form's buttons: its submit, and Cancel when it sits in a dialog (laid out as the dialog's actions then).
 * `children` come first, such as a status line saying what the submit is doing.
 */
export function FormActions({
  submitLabel,
  busy,
  onCancel,
  children,
}: {
  submitLabel: string;
  busy: boolean;
  onCancel?: () => void;
  children?: ReactNode;
}) {
  return (
    <div className={onCancel ? "dialog-actions" : "admin-form-actions"}>
      {children}
      {onCancel && (
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
    </div>
  );
}
