import { typeName } from "../../api/databases";
import type { PlanckDatabase } from "../../api/types";
import { formatDateTime } from "../../lib/format";

/** The type, status (with the reason when unavailable), table count and refresh time cells of a database's row. */
export function DatabaseStatus({ database }: { database: PlanckDatabase }) {
  const unavailable = database.status !== "ready";
  return (
    <>
      <td>{typeName(database.type)}</td>
      <td>
        <span className={unavailable ? "database-status unavailable" : "database-status"}>{unavailable ? "Unavailable" : "Ready"}</span>
        {unavailable && database.status_detail && <div className="status-detail">{database.status_detail}</div>}
      </td>
      <td className="cell-number">{database.table_count}</td>
      <td>{formatDateTime(database.refreshed_at)}</td>
    </>
  );
}
