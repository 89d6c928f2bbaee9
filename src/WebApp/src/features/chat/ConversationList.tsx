import { useState, type FormEvent } from "react";
import { NavLink } from "react-router";
import { api, ApiError } from "../../api/client";
import type { Conversation } from "../../api/types";
import { ConfirmDialog } from "../../lib/Dialog";
import { ErrorNotice, FieldError } from "../../lib/ErrorNotice";

function RenameForm({
  workspaceId,
  conversation,
  onDone,
  onCancel,
}: {
  workspaceId: string;
  conversation: Conversation;
  onDone: (renamed: Conversation) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(conversation.name);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const inputId = `rename-${conversation.id}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(
        await api<Conversation>(`/api/v1/workspaces/${workspaceId}/conversations/${conversation.id}`, {
          method: "PATCH",
          body: { name: name.trim() },
        }),
      );
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const hasFieldError = error instanceof ApiError && error.fieldError("name") !== undefined;
  return (
    <form className="rename-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={inputId} className="visually-hidden">
        Conversation name
      </label>
      <input
        id={inputId}
        value={name}
        autoFocus
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
        }}
        aria-describedby={hasFieldError ? `${inputId}-error` : undefined}
        aria-invalid={hasFieldError || undefined}
      />
      <FieldError error={error} field="name" id={`${inputId}-error`} />
      {error !== null && !hasFieldError && <ErrorNotice error={error} />}
      <div className="rename-actions">
        <button type="submit" className="primary" disabled={busy || name.trim().length === 0}>
          Save
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The person's conversations, newest first, each with rename and delete (after a confirmation). */
export function ConversationList({
  workspaceId,
  conversations,
  onRenamed,
  onDeleted,
}: {
  workspaceId: string;
  conversations: Conversation[];
  onRenamed: (conversation: Conversation) => void;
  onDeleted: (conversation: Conversation) => void;
}) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Conversation | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function remove() {
    if (!deleting) return;
    setBusy(true);
    setDeleteError(null);
    try {
      await api(`/api/v1/workspaces/${workspaceId}/conversations/${deleting.id}`, { method: "DELETE" });
      onDeleted(deleting);
      setDeleting(null);
    } catch (caught) {
      setDeleteError(caught);
    } finally {
      setBusy(false);
    }
  }

  if (conversations.length === 0) return <p className="hint">No conversations yet.</p>;
  return (
    <>
      <ul className="conversation-list">
        {conversations.map((conversation) => (
          <li key={conversation.id}>
            {renaming === conversation.id ? (
              <RenameForm
                workspaceId={workspaceId}
                conversation={conversation}
                onCancel={() => setRenaming(null)}
                onDone={(renamed) => {
                  setRenaming(null);
                  onRenamed(renamed);
                }}
              />
            ) : (
              <>
                <NavLink to={`/workspaces/${workspaceId}/chat/${conversation.id}`} className="conversation-link">
                  {conversation.name || "Untitled conversation"}
                </NavLink>
                {conversation.is_owner && (
                  <span className="conversation-actions">
                    <button type="button" className="link" onClick={() => setRenaming(conversation.id)} aria-label={`Rename ${conversation.name}`}>
                      Rename
                    </button>
                    <button
                      type="button"
                      className="link danger-link"
                      onClick={() => {
                        setDeleteError(null);
                        setDeleting(conversation);
                      }}
                      aria-label={`Delete ${conversation.name}`}
                    >
                      Delete
                    </button>
                  </span>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        title="Delete conversation"
        message={
          <>
            Delete <strong>{deleting?.name}</strong> and all its messages? This cannot be undone.
          </>
        }
        confirmLabel="Delete"
        open={deleting !== null}
        busy={busy}
        error={deleteError ? <ErrorNotice error={deleteError} /> : null}
        onConfirm={() => void remove()}
        onCancel={() => setDeleting(null)}
      />
    </>
  );
}
