import type { FeatureCollection } from "geojson";

// The shapes of the public API (../shared/spec/API.md), as the server sends them: snake_case, ISO-8601 UTC times.

export type Role = "Admin" | "User";

export interface User {
  id: string;
  email: string;
  full_name: string;
  role: Role;
  is_active: boolean;
  created_at: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  user_id: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

export interface CreatedApiKey extends ApiKey {
  key: string;
}

export interface Page<T> {
  data: T[];
  count: number;
}

export interface ServerConfig {
  version: string;
  max_upload_bytes: number;
  accepted_types: string[];
  language_model: boolean;
  session_hours: number;
}

export interface Workspace {
  id: string;
  name: string;
  description: string | null;
  created_at: string;
}

export interface WorkspaceDetail extends Workspace {
  document_count: number;
  member_count: number;
  databases: { id: string; name: string; type: string }[];
}

export type DocumentStatus = "pending" | "processing" | "ready" | "failed" | "cancelled";

export interface DocumentProgress {
  stage: "queued" | "extracting" | "embedding" | "indexing";
  percent: number;
  passages_done: number;
}

export interface PlanckDocument {
  id: string;
  workspace_id: string;
  name: string;
  status: DocumentStatus;
  content_type: string;
  size_bytes: number;
  sha256: string;
  error: string | null;
  page_count: number | null;
  chunk_count: number | null;
  progress: DocumentProgress | null;
  created_at: string;
  updated_at: string;
}

export interface SearchHit {
  document_id: string;
  document_name: string;
  text: string;
  page: number | null;
  page_end?: number | null;
  sheet: string | null;
  score: number;
}

export interface Conversation {
  id: string;
  name: string;
  workspace_id: string;
  is_owner: boolean;
  created_at: string;
  updated_at: string;
}

// Content blocks of an answer.
export interface TextBlock { type: "text"; text: string }
export interface CodeBlock { type: "code"; language: string | null; code: string }
export type ColumnType = "number" | "boolean" | "date" | "string";
export interface TableBlock {
  type: "table";
  columns: { name: string; type: ColumnType | string }[];
  rows: unknown[][];
  title?: string | null;
  truncated?: boolean;
}
export interface ChartBlock { type: "chart"; spec: Record<string, unknown>; title?: string | null }
export interface MapBlock { type: "map"; geojson: FeatureCollection; title?: string | null }
export interface DocumentSource {
  document_id: string;
  name: string;
  snippet: string;
  page?: number | null;
  page_end?: number | null;
}
export interface DatabaseSource { database_id: string; name: string; tables: string[] }
export type Source = DocumentSource | DatabaseSource;
export interface SourcesBlock { type: "sources"; sources: Source[] }

export type Block = TextBlock | CodeBlock | TableBlock | ChartBlock | MapBlock | SourcesBlock;

export interface ChatMessage {
  id: string;
  role: "user" | "assistant";
  content: Block[];
  created_at: string;
  credits_consumed: number;
  complete: boolean;
}

export interface ChatRequest {
  message: string;
  settings?: { chat_metadata?: { documents?: Record<string, { id: string }>; database?: { id: string } } };
  stream?: boolean;
}

export interface Member {
  user_id: string;
  email: string;
  full_name: string;
  role: Role;
  is_active: boolean;
  added_at: string;
}

export interface UsageDay {
  day: string;
  answers: number;
  credits: number;
  input_tokens: number;
  output_tokens: number;
}

export interface UsageReport extends Page<UsageDay> {
  total_credits: number;
}

// Database integrations and the workspace context.
export type DatabaseType = "postgresql" | "mysql" | "sqlite" | "documents";
/** The types an Admin may connect; `documents` (the uploaded tables) is built into every workspace. */
export const CONNECTABLE_TYPES = ["postgresql", "mysql", "sqlite"] as const;
export type ConnectableType = (typeof CONNECTABLE_TYPES)[number];

export interface PlanckDatabase {
  id: string;
  workspace_id: string;
  name: string;
  type: DatabaseType | string;
  description: string;
  status: "ready" | "unavailable" | string;
  status_detail: string | null;
  table_count: number;
  refreshed_at: string;
  created_at: string;
}

export interface SchemaColumn {
  name: string;
  type: string;
  nullable: boolean;
  description: string | null;
  /** Sample values (a text column's few distinct values), when the schema reading profiled them. */
  values: string[] | null;
  min: string | null;
  max: string | null;
}

export interface SchemaForeignKey {
  columns: string[];
  references_schema: string | null;
  references_table: string;
  references_columns: string[];
}

export interface SchemaTable {
  schema: string | null;
  name: string;
  kind: "table" | "view" | string;
  description: string | null;
  approximate_rows: number | null;
  columns: SchemaColumn[];
  primary_key: string[];
  foreign_keys: SchemaForeignKey[];
}

export interface DatabaseSchema {
  database_id: string;
  name: string;
  type: string;
  tables: SchemaTable[];
}

export interface ContextField {
  name: string | null;
  column: string | null;
  description: string | null;
  unit: string | null;
  synonyms: string[] | null;
}

export interface ContextEntity {
  name: string | null;
  database_id: string | null;
  table: string | null;
  description: string | null;
  synonyms: string[] | null;
  fields: ContextField[] | null;
}

export interface ContextTerm {
  name: string | null;
  description: string | null;
  sql: string | null;
  filter: string | null;
}

export type Cardinality = "many_to_one" | "one_to_many" | "one_to_one" | "many_to_many";

export interface ContextRelationship {
  from: string | null;
  to: string | null;
  cardinality: Cardinality | null;
}

export interface ContextRule {
  text: string | null;
  forbidden_columns: string[] | null;
  required_filter: string | null;
}

export interface ContextExample {
  question: string | null;
  database_id: string | null;
  sql: string | null;
}

export interface WorkspaceContext {
  description: string | null;
  entities: ContextEntity[] | null;
  terms: ContextTerm[] | null;
  relationships: ContextRelationship[] | null;
  rules: ContextRule[] | null;
  chart_preferences: { time_unit: string | null } | null;
  examples: ContextExample[] | null;
}

/** One line of the audit trail (GET /api/v1/admin/audit). `details` is a small JSON object the server never puts a secret in. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: { user_id: string | null; display: string | null; address: string | null };
  action: string;
  workspace_id: string | null;
  target: { type: string; id: string | null } | null;
  details: Record<string, unknown> | null;
}

/** What an Admin's screens may know of the server's operation (GET /api/v1/admin/server). */
export interface AdminServerInfo {
  metrics: { enabled: boolean; path: string | null };
}
