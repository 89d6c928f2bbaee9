import { api } from "../../api/client";
import { listDatabases } from "../../api/databases";
import type { DatabaseSchema, PlanckDatabase } from "../../api/types";
import { qualifiedName } from "./SchemaView";

/** One table of one of the workspace's databases, as the context editor offers it. */
export interface CatalogTable {
  databaseId: string;
  databaseName: string;
  /** As the context names it: `schema.name` where the engine has schemas. */
  name: string;
  columns: string[];
}

export interface Catalog {
  databases: PlanckDatabase[];
  tables: CatalogTable[];
}

/** The databases at `path` (…/databases) and every one's schema, read at once. */
export async function loadCatalog(path: string): Promise<Catalog> {
  const databases = await listDatabases(path);
  const schemas = await Promise.all(
    databases.map((d) => api<DatabaseSchema>(`${path}/${encodeURIComponent(d.id)}/schema`)),
  );
  const tables = schemas.flatMap((schema, index) =>
    schema.tables.map((table) => ({
      databaseId: databases[index]!.id,
      databaseName: databases[index]!.name,
      name: qualifiedName(table),
      columns: table.columns.map((c) => c.name),
    })),
  );
  return { databases, tables };
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The table an entity maps to: in its database when it names one, else the first of that name anywhere. */
export function findTable(catalog: Catalog, databaseId: string, table: string): CatalogTable | undefined {
  return catalog.tables.find((t) => (databaseId === "" || t.databaseId === databaseId) && same(t.name, table));
}

/** Every `table.column` of the workspace, for the relationship and rule pickers. */
export function columnReferences(catalog: Catalog): string[] {
  return [...new Set(catalog.tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c}`)))];
}
