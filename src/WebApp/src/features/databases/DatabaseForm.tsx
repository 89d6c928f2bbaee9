import { useState, type FormEvent, type ReactNode } from "react";
import { connectDatabase, updateDatabase, type DatabaseChange } from "../../api/databases";
import { CONNECTABLE_TYPES, type ConnectableType, type PlanckDatabase } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { Field, FormActions, messageFor, unclaimed } from "../../lib/Fields";
import { useSubmission } from "../../lib/useSubmission";

const TYPE_LABELS: Record<ConnectableType, string> = { postgresql: "PostgreSQL", mysql: "MySQL or MariaDB", sqlite: "SQLite" };

const CONNECTION_EXAMPLES: Record<ConnectableType, ReactNode> = {
  postgresql: <>For example <code>Host=db.example.com;Database=shop;Username=planck_reader;Password=…</code>.</>,
  mysql: <>For example <code>Server=db.example.com;Database=shop;User=planck_reader;Password=…</code>.</>,
  sqlite: <>The path of a file in the server's SQLite directory.</>,
};

/**
 * Connects a database (no `database`) or edits one: rename, describe, replace the secret. The connection string is
 * typed like a password and never shown again; left blank on an edit, the stored one stays. Whenever a connection
 * string is sent, the server connects and reads the schema before it answers, which may take a while.
 */
export function DatabaseForm({
  workspaceId,
  database,
  submitLabel,
  onSaved,
  onCancel,
}: {
  workspaceId: string;
  database?: PlanckDatabase;
  submitLabel: string;
  onSaved: (database: PlanckDatabase) => void;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(database?.name ?? "");
  const [type, setType] = useState<ConnectableType>("postgresql");
  const [connectionString, setConnectionString] = useState("");
  const [description, setDescription] = useState(database?.description ?? "");
  const [connecting, setConnecting] = useState(false);
  const { busy, error, run } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setConnecting(!database || connectionString.length > 0);
    await run(async () => {
      let saved: PlanckDatabase;
      if (database) {
        const change: DatabaseChange = { name, description: description.trim() };
        if (connectionString.length > 0) change.connection_string = connectionString;
        saved = await updateDatabase(workspaceId, database.id, change);
      } else {
        saved = await connectDatabase(workspaceId, { name, type, connection_string: connectionString, description: description.trim() });
        setName("");
        setDescription("");
      }
      // The secret leaves the page once the server has it.
      setConnectionString("");
      onSaved(saved);
    });
  }

  const messages = {
    name: messageFor(error, "name"),
    type: messageFor(error, "type"),
    connection_string: messageFor(error, "connection_string"),
    description: messageFor(error, "description"),
  };
  return (
    <form onSubmit={submit} noValidate aria-busy={busy}>
      <div className={database ? undefined : "admin-form-grid"}>
        <Field label="Name" message={messages.name}>
          {(props) => <input {...props} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        {!database && (
          <Field label="Type" message={messages.type}>
            {(props) => (
              <select {...props} value={type} onChange={(e) => setType(e.target.value as ConnectableType)}>
                {CONNECTABLE_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {TYPE_LABELS[t]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <Field
        label={database ? "New connection string" : "Connection string"}
        message={messages.connection_string}
        preformatted
        hint={
          database
            ? "Leave it blank to keep the current one. It is stored encrypted and never shown again."
            : (
                <>
                  {CONNECTION_EXAMPLES[type]} Use a read-only role. Stored encrypted and never shown again.
                </>
              )
        }
      >
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="off"
            spellCheck={false}
            required={!database}
            value={connectionString}
            onChange={(e) => setConnectionString(e.target.value)}
          />
        )}
      </Field>
      <Field label="Description" message={messages.description} hint="What the data is about, for the people and the AI who use it.">
        {(props) => <textarea {...props} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      {unclaimed(error, Object.values(messages)) !== null && <ErrorNotice error={error} />}
      <FormActions submitLabel={submitLabel} busy={busy} onCancel={onCancel}>
        <span role="status" className="hint busy-note">
          {busy && connecting ? "Connecting and reading the schema…" : ""}
        </span>
      </FormActions>
    </form>
  );
}
