import { useMemo, useState } from "react";
import { ApiError, query } from "../../api/client";
import type { UsageReport, User, Workspace } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { PageTitle } from "../../lib/PageTitle";
import { useResource } from "../../lib/useResource";
import { AdminNav } from "./AdminNav";
import { TableScroll } from "./TableScroll";
import { CreditsChart } from "./CreditsChart";
import { Field, messageFor } from "./Fields";
import { loadAll } from "./paging";
import { UserOptions } from "./UserOptions";
import { defaultRange, effectiveRange, fillDays } from "./usage";

const number = new Intl.NumberFormat();
const dayName = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });

export function AdminUsagePage() {
  const [initial] = useState(() => defaultRange(new Date()));
  const [userId, setUserId] = useState("");
  const [workspaceId, setWorkspaceId] = useState("");
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const users = useResource<User[]>("/api/v1/admin/users", loadAll);
  const workspaces = useResource<Workspace[]>("/api/v1/workspaces", loadAll);
  const report = useResource<UsageReport>(
    `/api/v1/admin/usage${query({ user_id: userId, workspace_id: workspaceId, from, to })}`,
  );

  const error = report.error;
  const fromMessage = messageFor(error, "from");
  const toMessage = messageFor(error, "to");
  const filterMessages = [fromMessage, toMessage, messageFor(error, "user_id"), messageFor(error, "workspace_id")];
  const data = error === null ? report.data : undefined;
  const days = useMemo(() => {
    if (!data) return null;
    const range = effectiveRange(from, to, new Date());
    return fillDays(data.data, range.from, range.to);
  }, [data, from, to]);

  return (
    <section className="page admin-page">
      <AdminNav />
      <PageTitle>Usage</PageTitle>

      <form className="card admin-form" onSubmit={(e) => e.preventDefault()} aria-label="Usage filters">
        <div className="usage-filters">
          <Field label="User" message={filterMessages[2]}>
            {(props) => (
              <select {...props} value={userId} onChange={(e) => setUserId(e.target.value)}>
                <option value="">All users</option>
                <UserOptions users={users.data} />
              </select>
            )}
          </Field>
          <Field label="Workspace" message={filterMessages[3]}>
            {(props) => (
              <select {...props} value={workspaceId} onChange={(e) => setWorkspaceId(e.target.value)}>
                <option value="">All workspaces</option>
                {workspaces.data?.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="From" message={fromMessage} hint="Days are UTC days.">
            {(props) => <input {...props} type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />}
          </Field>
          <Field label="To" message={toMessage}>
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

      <section aria-labelledby="usage-result-title" className="admin-section" aria-busy={report.loading}>
        <h2 id="usage-result-title">Credits by day</h2>
        {error !== null &&
          (error instanceof ApiError && filterMessages.some((m) => m !== undefined) ? (
            <p className="hint">Correct the filters above to see usage.</p>
          ) : (
            <ErrorNotice error={error} onRetry={() => void report.reload()} />
          ))}
        {report.loading && !data && error === null && <p className="hint">Loading usage…</p>}
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
                  <thead>
                    <tr>
                      <th scope="col">Day</th>
                      <th scope="col">Answers</th>
                      <th scope="col">Credits</th>
                      <th scope="col">Input tokens</th>
                      <th scope="col">Output tokens</th>
                    </tr>
                  </thead>
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
