import type { DatabaseSchema, SchemaColumn, SchemaTable } from "../../api/types";
import { TableHead } from "../../lib/TableHead";
import { TableScroll } from "../admin/TableScroll";

/** `schema.name` where the engine has schemas (PostgreSQL), else the bare name: how the context names a table. */
export function qualifiedName(table: Pick<SchemaTable, "schema" | "name">): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}

function samples(column: SchemaColumn): string {
  if (column.values && column.values.length > 0) return column.values.join(", ");
  if (column.min !== null && column.max !== null) return `${column.min} – ${column.max}`;
  return "";
}

function keyOf(table: SchemaTable, column: string): string {
  const parts: string[] = [];
  if (table.primary_key.includes(column)) parts.push("Primary key");
  for (const key of table.foreign_keys) {
    const at = key.columns.indexOf(column);
    if (at < 0) continue;
    const target = qualifiedName({ schema: key.references_schema, name: key.references_table });
    parts.push(`→ ${target}.${key.references_columns[at] ?? key.references_columns[0] ?? ""}`);
  }
  return parts.join(", ");
}

function TableSchema({ table }: { table: SchemaTable }) {
  const name = qualifiedName(table);
  const headingId = `schema-table-${name.replace(/\W+/g, "-")}`;
  const withSamples = table.columns.some((c) => samples(c) !== "");
  return (
    <section className="schema-table" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {name}
        {table.kind === "view" && <span className="hint"> (view)</span>}
        {table.approximate_rows !== null && <span className="hint"> · about {table.approximate_rows.toLocaleString()} rows</span>}
      </h3>
      {table.description && <p className="schema-description">{table.description}</p>}
      <TableScroll label={`Columns of ${name}`}>
        <table className="data">
          <caption className="visually-hidden">Columns of {name}</caption>
          <TableHead columns={["Column", "Type", "Nullable", "Key", "Description", ...(withSamples ? ["Sample values"] : [])]} />
          <tbody>
            {table.columns.map((column) => (
              <tr key={column.name}>
                <td className="schema-column-name">{column.name}</td>
                <td>
                  <code>{column.type}</code>
                </td>
                <td>{column.nullable ? "Yes" : "No"}</td>
                <td>{keyOf(table, column.name)}</td>
                <td>{column.description ?? ""}</td>
                {withSamples && <td className="schema-samples">{samples(column)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {table.foreign_keys.length > 0 && (
        <ul className="schema-keys" aria-label={`Foreign keys of ${name}`}>
          {table.foreign_keys.map((key, index) => (
            <li key={index}>
              Foreign key ({key.columns.join(", ")}) references{" "}
              {qualifiedName({ schema: key.references_schema, name: key.references_table })} ({key.references_columns.join(", ")})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A database's tables with their columns, keys and sample values, as the server read them. */
export function SchemaView({ schema }: { schema: DatabaseSchema }) {
  if (schema.tables.length === 0) return <p className="hint">{schema.name} has no tables yet.</p>;
  return (
    <div className="schema">
      {schema.tables.map((table) => (
        <TableSchema key={qualifiedName(table)} table={table} />
      ))}
    </div>
  );
}
