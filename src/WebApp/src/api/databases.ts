import { api } from "./client";
import type { ConnectableType, DatabaseSchema, Page, PlanckDatabase, WorkspaceContext } from "./types";

// The database integrations and the workspace context (API.md "Database integrations", "Workspace context").
// Connecting, replacing a secret and refreshing make the server connect and read the schema before it answers.

const admin = (workspaceId: string) => `/api/v1/admin/workspaces/${encodeURIComponent(workspaceId)}`;
const member = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`;

export const databasesPath = (workspaceId: string) => `${member(workspaceId)}/databases`;
export const schemaPath = (workspaceId: string, databaseId: string) =>
  `${databasesPath(workspaceId)}/${encodeURIComponent(databaseId)}/schema`;
export const contextPath = (workspaceId: string) => `${member(workspaceId)}/context`;

/** The workspace's databases, the built-in uploaded tables first (the list is never paged). */
export async function listDatabases(path: string): Promise<PlanckDatabase[]> {
  return (await api<Page<PlanckDatabase>>(path)).data;
}

export interface NewDatabase {
  name: string;
  type: ConnectableType;
  connection_string: string;
  description?: string;
}

export function connectDatabase(workspaceId: string, database: NewDatabase): Promise<PlanckDatabase> {
  return api<PlanckDatabase>(`${admin(workspaceId)}/databases`, { method: "POST", body: database });
}

/** A field left out is kept as it is: leave out `connection_string` to keep the stored secret. */
export interface DatabaseChange {
  name?: string;
  description?: string;
  connection_string?: string;
}

export function updateDatabase(workspaceId: string, databaseId: string, change: DatabaseChange): Promise<PlanckDatabase> {
  return api<PlanckDatabase>(`${admin(workspaceId)}/databases/${encodeURIComponent(databaseId)}`, { method: "PATCH", body: change });
}

export function refreshDatabase(workspaceId: string, databaseId: string): Promise<PlanckDatabase> {
  return api<PlanckDatabase>(`${admin(workspaceId)}/databases/${encodeURIComponent(databaseId)}/refresh`, { method: "POST" });
}

export function removeDatabase(workspaceId: string, databaseId: string): Promise<void> {
  return api<void>(`${admin(workspaceId)}/databases/${encodeURIComponent(databaseId)}`, { method: "DELETE" });
}

export function getSchema(workspaceId: string, databaseId: string): Promise<DatabaseSchema> {
  return api<DatabaseSchema>(schemaPath(workspaceId, databaseId));
}

/** Replaces the whole context; every table and column it names is checked against the schemas (400 naming what is unknown). */
export function saveContext(workspaceId: string, context: WorkspaceContext): Promise<WorkspaceContext> {
  return api<WorkspaceContext>(`${admin(workspaceId)}/context`, { method: "PUT", body: context });
}

/** The built-in database of uploaded CSV and Excel tables cannot be edited, refreshed or removed. */
export function isBuiltIn(database: Pick<PlanckDatabase, "type">): boolean {
  return database.type === "documents";
}

const TYPE_NAMES: Record<string, string> = {
  postgresql: "PostgreSQL",
  mysql: "MySQL / MariaDB",
  sqlite: "SQLite",
  documents: "Built in (CSV, Excel)",
};

export function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}
