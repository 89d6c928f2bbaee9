import { useRef, useState, type FormEvent } from "react";
import { api, ApiError } from "../../api/client";
import type { ApiKey, CreatedApiKey, Page } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { formatDateTime } from "../../lib/format";
import { KeyShownOnceDialog } from "../../lib/KeyShownOnceDialog";
import { useResource } from "../../lib/useResource";
import { Field, messageFor, unclaimed } from "../../lib/Fields";
import { useRemoval } from "../../lib/useRemoval";
import { expiryFromDate, todayForDateInput } from "./expiry";
import { TableHead } from "../../lib/TableHead";
import { RemovalDialog } from "../../lib/RemovalDialog";

const KEYS = "/api/v1/users/me/api-keys?limit=200";

export function ApiKeysSection() {
  const keys = useResource<Page<ApiKey>>(KEYS);
  const [name, setName] = useState("");
  const [expires, setExpires] = useState("");
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  // The full secret lives here only while the dialog shows it; closing sets it back to null.
  const [shown, setShown] = useState<{ key: string; name: string } | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const listHeading = useRef<HTMLHeadingElement>(null);
  const revoking = useRemoval<ApiKey>(
    (key) => api(`/api/v1/users/me/api-keys/${key.id}`, { method: "DELETE" }),
    (key) => {
      keys.setData((current) =>
        current ? { data: current.data.filter((k) => k.id !== key.id), count: Math.max(0, current.count - 1) } : current,
      );
      setAnnouncement(`The API key “${key.name}” was revoked.`);
    },
  );

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (creating) return;
    setCreating(true);
    setCreateError(null);
    setAnnouncement("");
    try {
      const created = await api<CreatedApiKey>("/api/v1/users/me/api-keys", {
        method: "POST",
        body: { name: name.trim(), expires_at: expiryFromDate(expires) },
      });
      setShown({ key: created.key, name: created.name });
      setName("");
      setExpires("");
      await keys.reload();
    } catch (error) {
      setCreateError(
        error instanceof RangeError
          ? new ApiError(400, "Choose a valid date.", { expires_at: ["Choose a valid date, or leave it empty."] })
          : error,
      );
    } finally {
      setCreating(false);
    }
  }

  const nameMessage = messageFor(createError, "name");
  const expiresMessage = messageFor(createError, "expires_at");
  const formError = unclaimed(createError, [nameMessage, expiresMessage]);

  return (
    <section className="card settings-section" aria-labelledby="api-keys-heading" id="api-keys">
      <h2 id="api-keys-heading">API Keys</h2>
      <p className="hint">
        An API key lets a script or integration call the Planck API as you, with your rights, in the{" "}
        <code>X-API-Key</code> header.
      </p>
      <form className="api-key-form" onSubmit={(e) => void create(e)} noValidate>
        <Field label="Name" message={nameMessage}>
          {(props) => (
            <input
              {...props}
              name="name"
              placeholder="My Integration"
              value={name}
              maxLength={100}
              autoComplete="off"
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Expires"
          message={expiresMessage}
          hint="Optional. The key stops working at the end of that day (23:59:59 UTC). Leave it empty for a key that does not expire."
        >
          {(props) => (
            <input
              {...props}
              type="date"
              name="expires"
              value={expires}
              min={todayForDateInput()}
              onChange={(e) => setExpires(e.target.value)}
            />
          )}
        </Field>
        <div className="settings-actions">
          <button type="submit" className="primary" aria-disabled={creating || undefined}>
            Create
          </button>
        </div>
        {formError ? <ErrorNotice error={formError} /> : null}
      </form>

      <p role="status" className="hint">
        {announcement}
      </p>

      <h3 ref={listHeading} tabIndex={-1}>
        Your keys
      </h3>
      {keys.error ? (
        <ErrorNotice error={keys.error} onRetry={() => void keys.reload()} />
      ) : keys.data === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : keys.data.data.length === 0 ? (
        <p>You have no API keys yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data stacked">
            <TableHead columns={["Name", "Prefix", "Created", "Last used", "Expires"]} actions />
            <tbody>
              {keys.data.data.map((key) => (
                <tr key={key.id}>
                  <td id={`api-key-${key.id}`} data-label="Name">
                    {key.name}
                  </td>
                  <td data-label="Prefix">
                    <code>{key.prefix}</code>
                  </td>
                  <td data-label="Created">{formatDateTime(key.created_at)}</td>
                  <td data-label="Last used">{formatDateTime(key.last_used_at, "Never")}</td>
                  <td data-label="Expires">{formatDateTime(key.expires_at, "Never")}</td>
                  <td>
                    <button
                      type="button"
                      className="danger"
                      aria-describedby={`api-key-${key.id}`}
                      onClick={() => revoking.ask(key)}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <KeyShownOnceDialog apiKey={shown?.key ?? null} name={shown?.name ?? ""} onClose={() => setShown(null)} />
      <RemovalDialog
        removal={revoking}
        title="Revoke API key"
        confirmLabel="Revoke"
        focusAfter={listHeading}
        message={
          <>
            Revoke the key <strong>{revoking.target?.name}</strong> (<code>{revoking.target?.prefix}</code>)? Anything
            that uses it gets “Invalid or missing API key” from then on. This cannot be undone.
          </>
        }
      />
    </section>
  );
}
