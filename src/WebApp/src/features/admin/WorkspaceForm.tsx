import { useState, type FormEvent } from "react";
import { api } from "../../api/client";
import type { Workspace } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { Field, FormActions, messageFor, unclaimed } from "../../lib/Fields";
import { useSubmission } from "../../lib/useSubmission";

/** Name and description of a workspace: creates one (no `workspace`) or edits it (PATCH). */
export function WorkspaceForm({
  workspace,
  submitLabel,
  onSaved,
  onCancel,
}: {
  workspace?: Workspace;
  submitLabel: string;
  onSaved: (workspace: Workspace) => void;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(workspace?.name ?? "");
  const [description, setDescription] = useState(workspace?.description ?? "");
  const { busy, error, run } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const saved = await api<Workspace>(workspace ? `/api/v1/admin/workspaces/${workspace.id}` : "/api/v1/admin/workspaces", {
        method: workspace ? "PATCH" : "POST",
        // An empty description clears it: the server reads a null one as "leave it as it is".
        body: { name, description: description.trim() },
      });
      if (!workspace) {
        setName("");
        setDescription("");
      }
      onSaved(saved);
    });
  }

  const messages = {
    name: messageFor(error, "name"),
    description: messageFor(error, "description"),
  };
  return (
    <form onSubmit={submit} noValidate>
      <div className={workspace ? undefined : "admin-form-grid"}>
        <Field label="Name" message={messages.name}>
          {(props) => <input {...props} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Description" message={messages.description}>
          {(props) => <textarea {...props} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
      </div>
      {unclaimed(error, Object.values(messages)) !== null && <ErrorNotice error={error} />}
      <FormActions submitLabel={submitLabel} busy={busy} onCancel={onCancel} />
    </form>
  );
}
