import { useState } from "react";
import { api, query } from "../../api/client";
import type { UsageDay, UsageReport, User, Workspace } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { PageTitle } from "../../lib/PageTitle";
import { useResource } from "../../lib/useResource";
import { AdminNav } from "./AdminNav";
import { TableScroll } from "./TableScroll";
import { CreditsChart } from "./CreditsChart";
import { Field, messageFor } from "../../lib/Fields";
import { loadAll } from "../../lib/paging";
import { UserOptions } from "./UserOptions";
import { WorkspaceOptions } from "./WorkspaceOptions";
import { defaultRange, effectiveRange, fillDays } from "./usage";
import { TableHead } from "../../lib/TableHead";

const number = new Intl.NumberFormat();
const dayName = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });

/**
 * The report with the days it answers for, read from the request that fetched it: while a newer range loads, the
 * chart keeps drawing the older report over its own days, not over the days just typed.
 */
async function loadUsage(path: string): Promise<{ report: UsageReport; days: UsageDay[] | null }> {
  const params = new URLSearchParams(path.split("?")[1] ?? "");
  const report = await api<UsageReport>(path);
  const range = effectiveRange(params.get("from") ?? "", params.get("to") ?? "", new Date());
  return { report, days: fillDays(report.data, range.from, range.to) };
}

export function AdminUsagePage() {
  const [initial] = useState(() => defaultRange(new Date()));
  const [userId, setUserId] = useState("");
  const [workspaceId, setWorkspaceId] = useState("");
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const users = useResource<User[]>("/api/v1/admin/users", loadAll);
  const workspaces = useResource<Workspace[]>("/api/v1/workspaces", loadAll);
  const usage = useResource(`/api/v1/admin/usage${query({ user_id: userId, workspace_id: workspaceId, from, to })}`, loadUsage);

  const error = usage.error;
  const messages = {
    user_id: messageFor(error, "user_id"),
    workspace_id: messageFor(error, "workspace_id"),
    from: messageFor(error, "from"),
    to: messageFor(error, "to"),
  };
  const refusedFilter = Object.values(messages).some((m) => m !== undefined);
  const data = error === null ? usage.data?.report : undefined;
  const days = usage.data?.days;

  return (
    <section className="page admin-page">
      <AdminNav />
      <PageTitle>Usage</PageTitle>

      <form className="card admin-form" onSubmit={(e) => e.preventDefault()} aria-label="Usage filters">
        <div className="usage-filters">
          <Field label="User" message={messages.user_id}>
            {(props) => (
              <select {...props} value={userId} onChange={(e) => setUserId(e.target.value)}>
                <option value="">All users</option>
                <UserOptions users={users.data} />
              </select>
            )}
          </Field>
          <Field label="Workspace" message={messages.workspace_id}>
            {(props) => (
              <select {...props} value={workspaceId} onChange={(e) => setWorkspaceId(e.target.value)}>
                <option value="">All workspaces</option>
                <WorkspaceOptions workspaces={workspaces.data} />
              </select>
            )}
          </Field>
          <Field label="From" message={messages.from} hint="Days are UTC days.">
            {(props) => <input {...props} type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />}
          </Field>
          <Field label="To" message={messages.to}>
            {(props) => <input {...props} type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />}
          </Field>
        </div>
        <div className="admin-form-actions">
          <button
            type="button"
            onClick={() => {
              const range = defaultRange(new Date());
              setFrom(range.from);
              setTo(range.to);
            }}
          >
            Last 30 days
          </button>
        </div>
        {users.error !== null && <ErrorNotice error={users.error} onRetry={() => void users.reload()} />}
        {workspaces.error !== null && <ErrorNotice error={workspaces.error} onRetry={() => void workspaces.reload()} />}
      </form>

      <section aria-labelledby="usage-result-title" className="admin-section" aria-busy={usage.loading}>
        <h2 id="usage-result-title">Credits by day</h2>
        {error !== null &&
          (refusedFilter ? (
            <p className="hint">Correct the filters above to see usage.</p>
          ) : (
            <ErrorNotice error={error} onRetry={() => void usage.reload()} />
          ))}
        {usage.loading && !data && error === null && <p className="hint">Loading usage…</p>}
        {data && (
          <>
            <p className="usage-total" role="status">
              Total credits: <strong>{number.format(data.total_credits)}</strong>
            </p>
            {days && <CreditsChart days={days} total={data.total_credits} />}
            {data.data.length === 0 ? (
              <p className="hint">No usage in this range.</p>
            ) : (
              <TableScroll label="Usage by day">
                <table className="data usage-table">
                  <caption className="visually-hidden">Usage by day</caption>
                  <TableHead columns={["Day", "Answers", "Credits", "Input tokens", "Output tokens"]} />
                  <tbody>
                    {data.data.map((d) => (
                      <tr key={d.day}>
                        <th scope="row">
                          <time dateTime={d.day}>{dayName.format(new Date(`${d.day}T00:00:00Z`))}</time>
                        </th>
                        <td>{number.format(d.answers)}</td>
                        <td>{number.format(d.credits)}</td>
                        <td>{number.format(d.input_tokens)}</td>
                        <td>{number.format(d.output_tokens)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">Total</th>
                      <td>{number.format(data.data.reduce((n, d) => n + d.answers, 0))}</td>
                      <td>{number.format(data.total_credits)}</td>
                      <td>{number.format(data.data.reduce((n, d) => n + d.input_tokens, 0))}</td>
                      <td>{number.format(data.data.reduce((n, d) => n + d.output_tokens, 0))}</td>
                    </tr>
                  </tfoot>
                </table>
              </TableScroll>
            )}
          </>
        )}
      </section>
    </section>
  );
}
