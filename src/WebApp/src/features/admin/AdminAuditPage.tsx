import { useState } from "react";
import type { AdminServerInfo, AuditEntry, Page, User, Workspace } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { Field, messageFor } from "../../lib/Fields";
import { PageTitle } from "../../lib/PageTitle";
import { TableHead } from "../../lib/TableHead";
import { loadAll } from "../../lib/paging";
import { useResource } from "../../lib/useResource";
import { AdminNav } from "./AdminNav";
import { Pager } from "./Pager";
import { TableScroll } from "./TableScroll";
import { UserOptions } from "./UserOptions";
import { WorkspaceOptions } from "./WorkspaceOptions";
import { ACTION_GROUPS, ACTIONS, AUDIT_PAGE_SIZE, NO_FILTERS, auditPath, detailLines, type AuditFilters } from "./audit";

// Seconds matter in an audit trail (which came first), so times show them, in the reader's own zone.
const auditTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

export function AdminAuditPage() {
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const users = useResource<User[]>("/api/v1/admin/users", loadAll);
  const workspaces = useResource<Workspace[]>("/api/v1/workspaces", loadAll);
  const entries = useResource<Page<AuditEntry>>(auditPath(filters, offset));

  // A new filter shows its first page: the old offset may lie past the end of the narrower list.
  const change = (field: keyof AuditFilters) => (value: string) => {
    setFilters((current) => ({ ...current, [field]: value }));
    setOffset(0);
  };

  const error = entries.error;
  const messages = {
    actor_id: messageFor(error, "actor_id"),
    action: messageFor(error, "action"),
    workspace_id: messageFor(error, "workspace_id"),
    from: messageFor(error, "from"),
    to: messageFor(error, "to"),
  };
  const refusedFilter = Object.values(messages).some((m) => m !== undefined);
  const page = error === null ? entries.data : undefined;
  const workspaceName = (id: string) => workspaces.data?.find((w) => w.id === id)?.name ?? id;
  const userEmail = (id: string) => users.data?.find((u) => u.id === id)?.email;
  const filtered = Object.values(filters).some((v) => v !== "");

  return (
    <section className="page admin-page">
      <AdminNav />
      <PageTitle>Audit</PageTitle>
      <MetricsNotice />

      <form className="card admin-form" onSubmit={(e) => e.preventDefault()} aria-label="Audit filters">
        <div className="usage-filters">
          <Field label="Actor" message={messages.actor_id}>
            {(props) => (
              <select {...props} value={filters.actorId} onChange={(e) => change("actorId")(e.target.value)}>
                <option value="">Anyone</option>
                <UserOptions users={users.data} />
              </select>
            )}
          </Field>
          <Field label="Action" message={messages.action}>
            {(props) => (
              <select {...props} value={filters.action} onChange={(e) => change("action")(e.target.value)}>
                <option value="">All actions</option>
                <optgroup label="Kinds">
                  {ACTION_GROUPS.map((group) => (
                    <option key={group.value} value={group.value}>
                      {group.label}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="Actions">
                  {ACTIONS.map((action) => (
                    <option key={action} value={action}>
                      {action}
                    </option>
                  ))}
                </optgroup>
              </select>
            )}
          </Field>
          <Field label="Workspace" message={messages.workspace_id}>
            {(props) => (
              <select {...props} value={filters.workspaceId} onChange={(e) => change("workspaceId")(e.target.value)}>
                <option value="">All workspaces</option>
                <WorkspaceOptions workspaces={workspaces.data} />
              </select>
            )}
          </Field>
          <Field label="From" message={messages.from} hint="Your local time.">
            {(props) => (
              <input {...props} type="datetime-local" value={filters.from} max={filters.to || undefined} onChange={(e) => change("from")(e.target.value)} />
            )}
          </Field>
          <Field label="Before" message={messages.to}>
            {(props) => (
              <input {...props} type="datetime-local" value={filters.to} min={filters.from || undefined} onChange={(e) => change("to")(e.target.value)} />
            )}
          </Field>
        </div>
        <div className="admin-form-actions">
          <button
            type="button"
            disabled={!filtered}
            onClick={() => {
              setFilters(NO_FILTERS);
              setOffset(0);
            }}
          >
            Clear filters
          </button>
        </div>
        {users.error !== null && <ErrorNotice error={users.error} onRetry={() => void users.reload()} />}
        {workspaces.error !== null && <ErrorNotice error={workspaces.error} onRetry={() => void workspaces.reload()} />}
      </form>

      <section aria-labelledby="audit-result-title" className="admin-section" aria-busy={entries.loading}>
        <h2 id="audit-result-title">Entries, newest first</h2>
        {error !== null &&
          (refusedFilter ? (
            <p className="hint">Correct the filters above to see the audit trail.</p>
          ) : (
            <ErrorNotice error={error} onRetry={() => void entries.reload()} />
          ))}
        {entries.loading && !page && error === null && <p className="hint">Loading the audit trail…</p>}
        {page && page.data.length > 0 && (
          <TableScroll label="Audit entries">
            <table className="data audit-table">
              <caption className="visually-hidden">Audit entries, newest first</caption>
              <TableHead columns={["Time", "Actor", "Action", "Workspace", "Target", "Details"]} />
              <tbody>
                {page.data.map((entry) => (
                  <tr key={entry.id}>
                    <th scope="row">
                      <time dateTime={entry.at}>{auditTime.format(new Date(entry.at))}</time>
                    </th>
                    <td>
                      {entry.actor.display ?? (entry.actor.user_id === null ? "Server" : entry.actor.user_id)}
                      {entry.actor.address && <span className="audit-muted">{entry.actor.address}</span>}
                    </td>
                    <td>
                      <code>{entry.action}</code>
                    </td>
                    <td>{entry.workspace_id ? workspaceName(entry.workspace_id) : "—"}</td>
                    <td>
                      {entry.target ? (
                        <>
                          {entry.target.type}
                          {entry.target.id && <span className="audit-muted audit-id">{entry.target.id}</span>}
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>
                      <Details details={entry.details} userEmail={userEmail} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {page && (
          <Pager
            offset={offset}
            shown={page.data.length}
            total={page.count}
            pageSize={AUDIT_PAGE_SIZE}
            empty={filtered ? "No entries match these filters." : "The audit trail is empty."}
            onMove={setOffset}
          />
        )}
      </section>
    </section>
  );
}

/** Text only: every value is a React text node, so an entry that holds markup shows it as written. */
function Details({ details, userEmail }: { details: AuditEntry["details"]; userEmail: (id: string) => string | undefined }) {
  const lines = detailLines(details);
  if (lines.length === 0) return <>—</>;
  return (
    <dl className="audit-details">
      {lines.map((line) => (
        <div key={line.name}>
          <dt>{line.name}</dt>
          <dd>
            {line.value}
            {/* The user a key or change was for, by the email people know them by; the id stays for the record. */}
            {line.name === "user_id" && userEmail(line.value) && <span className="audit-muted">{userEmail(line.value)}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Where the Prometheus metrics are, when this server serves them. The endpoint answers only the configured
 * addresses, so the link says so: from anywhere else it looks like a page that does not exist.
 */
function MetricsNotice() {
  const server = useResource<AdminServerInfo>("/api/v1/admin/server");
  if (server.error !== null) return <ErrorNotice error={server.error} onRetry={() => void server.reload()} />;
  const metrics = server.data?.metrics;
  if (!metrics) return null;
  return (
    <aside className="card audit-metrics" aria-label="Metrics">
      {metrics.enabled && metrics.path ? (
        <p>
          <a href={metrics.path}>Metrics</a> (Prometheus, <code>{metrics.path}</code>) are served only to the addresses in{" "}
          <code>Planck:Telemetry:MetricsAllowedFrom</code> (loopback unless configured); from anywhere else the link finds
          nothing.
        </p>
      ) : (
        <p>
          Prometheus metrics are off on this server; <code>Planck:Telemetry:PrometheusEnabled</code> turns them on.
        </p>
      )}
    </aside>
  );
}
