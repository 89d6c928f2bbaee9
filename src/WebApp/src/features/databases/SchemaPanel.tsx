import { useEffect, useRef } from "react";
import { schemaPath } from "../../api/databases";
import type { DatabaseSchema } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { useResource } from "../../lib/useResource";
import { SchemaView } from "./SchemaView";

/** One database's schema, loaded when shown; its heading takes focus when opened from a button. */
export function SchemaPanel({ workspaceId, databaseId, name, takeFocus }: { workspaceId: string; databaseId: string; name: string; takeFocus: boolean }) {
  const schema = useResource<DatabaseSchema>(schemaPath(workspaceId, databaseId));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeFocus) heading.current?.focus();
  }, [takeFocus]);
  return (
    <section className="card schema-panel" aria-labelledby="schema-title">
      <h2 id="schema-title" ref={heading} tabIndex={-1}>
        Schema of {name}
      </h2>
      {schema.error !== null && <ErrorNotice error={schema.error} onRetry={() => void schema.reload()} />}
      {schema.loading && !schema.data && <p className="hint">Loading the schema…</p>}
      {schema.data && <SchemaView schema={schema.data} />}
    </section>
  );
}
