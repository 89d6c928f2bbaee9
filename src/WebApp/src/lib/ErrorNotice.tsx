import { ApiError } from "../api/client";

/**
 * A refusal or failure shown to a person: the server's readable detail, never a body or a stack. A connection
 * that never reached the server offers Retry when the caller can repeat what failed.
 */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const detail =
    error instanceof ApiError ? error.detail : "Something went wrong in the app. Reload the page and try again.";
  return (
    <div className="error-notice" role="alert">
      <span>{detail}</span>
      {onRetry && (error instanceof ApiError ? error.isNetwork || error.status >= 500 : true) && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** A field's own message from a 400's `errors`, tied to its input by id for screen readers. */
export function FieldError({ error, field, id }: { error: unknown; field: string; id: string }) {
  const message = error instanceof ApiError ? error.fieldError(field) : undefined;
  if (!message) return null;
  return (
    <span className="field-error" id={id}>
      {message}
    </span>
  );
}
