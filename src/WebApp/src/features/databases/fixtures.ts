import type { DatabaseSchema, PlanckDatabase } from "../../api/types";

// Databases and schemas as the server sends them, for the component tests.

export const uploaded: PlanckDatabase = {
  id: "db-uploaded",
  workspace_id: "w1",
  name: "Uploaded tables",
  type: "documents",
  description: "The CSV files and Excel sheets of this workspace's documents, one table each.",
  status: "ready",
  status_detail: null,
  table_count: 0,
  refreshed_at: "2026-12-01T10:00:00Z",
  created_at: "2026-12-01T10:00:00Z",
};

export const shop: PlanckDatabase = {
  ...uploaded,
  id: "db-shop",
  name: "Shop",
  type: "sqlite",
  description: "Orders of the EU shop",
  table_count: 2,
};

export const shopSchema: DatabaseSchema = {
  database_id: "db-shop",
  name: "Shop",
  type: "sqlite",
  tables: [
    {
      schema: null,
      name: "customers",
      kind: "table",
      description: null,
      approximate_rows: 3,
      columns: [
        { name: "id", type: "INTEGER", nullable: false, description: null, values: null, min: "1", max: "3" },
        { name: "name", type: "TEXT", nullable: false, description: "Legal name", values: null, min: null, max: null },
        { name: "country", type: "TEXT", nullable: true, description: null, values: ["DE", "FR"], min: null, max: null },
      ],
      primary_key: ["id"],
      foreign_keys: [],
    },
    {
      schema: null,
      name: "orders",
      kind: "table",
      description: null,
      approximate_rows: 5,
      columns: [
        { name: "id", type: "INTEGER", nullable: false, description: null, values: null, min: null, max: null },
        { name: "customer_id", type: "INTEGER", nullable: false, description: null, values: null, min: null, max: null },
        { name: "total", type: "REAL", nullable: false, description: null, values: null, min: null, max: null },
      ],
      primary_key: ["id"],
      foreign_keys: [{ columns: ["customer_id"], references_schema: null, references_table: "customers", references_columns: ["id"] }],
    },
  ],
};

export const emptySchema: DatabaseSchema = { database_id: "db-uploaded", name: "Uploaded tables", type: "documents", tables: [] };

export const emptyContext = {
  description: null,
  entities: [],
  terms: [],
  relationships: [],
  rules: [],
  chart_preferences: null,
  examples: [],
};
