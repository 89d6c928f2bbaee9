import { useEffect, useId, useState } from "react";
import { databasesPath, listDatabases } from "../../api/databases";
import type { PlanckDatabase } from "../../api/types";

/**
 * Points questions at one of the workspace's databases (sent as chat_metadata.database), or leaves the choice to the
 * server ("Automatic", the default: nothing is sent). A list that cannot be read leaves only Automatic: questions
 * still work, the server then chooses.
 */
export function DatabasePicker({
  workspaceId,
  chosen,
  onChange,
}: {
  workspaceId: string;
  chosen: string | null;
  onChange: (databaseId: string | null) => void;
}) {
  const [databases, setDatabases] = useState<PlanckDatabase[]>([]);
  const id = useId();

  useEffect(() => {
    let current = true;
    setDatabases([]);
    listDatabases(databasesPath(workspaceId)).then(
      (list) => current && setDatabases(list),
      () => current && setDatabases([]),
    );
    return () => {
      current = false;
    };
  }, [workspaceId]);

  // A database removed meanwhile is no longer offered: questions go back to Automatic rather than to a 404.
  useEffect(() => {
    if (chosen && databases.length > 0 && !databases.some((d) => d.id === chosen)) onChange(null);
  }, [chosen, databases, onChange]);

  return (
    <div className="database-picker">
      <label htmlFor={id}>Database</label>
      <select id={id} value={chosen ?? ""} onChange={(event) => onChange(event.target.value || null)}>
        <option value="">Automatic</option>
        {databases.map((database) => (
          <option key={database.id} value={database.id}>
            {database.name}
          </option>
        ))}
      </select>
    </div>
  );
}
