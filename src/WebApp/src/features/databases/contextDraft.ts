import { ApiError } from "../../api/client";
import type { Cardinality, WorkspaceContext } from "../../api/types";

// The workspace context as the editor holds it: every list item has a key of its own (so React keeps each input
// with its item when one above is removed), synonyms are the comma-separated text typed, and nothing is null.

export interface FieldDraft { key: string; name: string; column: string; description: string; unit: string; synonyms: string }
export interface EntityDraft {
  key: string;
  name: string;
  /** Empty when the saved context named the table alone (allowed when its name is unique in the workspace). */
  databaseId: string;
  table: string;
  description: string;
  synonyms: string;
  fields: FieldDraft[];
}
export interface TermDraft { key: string; name: string; description: string; sql: string; filter: string }
export interface RelationshipDraft { key: string; from: string; to: string; cardinality: string }
export interface RuleDraft { key: string; text: string; forbiddenColumns: string[]; requiredFilter: string }
export interface ExampleDraft { key: string; question: string; databaseId: string; sql: string }

export interface ContextDraft {
  description: string;
  entities: EntityDraft[];
  terms: TermDraft[];
  relationships: RelationshipDraft[];
  rules: RuleDraft[];
  timeUnit: string;
  examples: ExampleDraft[];
}

export const CARDINALITIES: Cardinality[] = ["many_to_one", "one_to_many", "one_to_one", "many_to_many"];
export const TIME_UNITS = ["year", "quarter", "month", "week", "day", "hour"];

let nextKey = 0;
export const newKey = () => `k${++nextKey}`;

const text = (value: string | null | undefined) => value ?? "";
const joined = (values: string[] | null | undefined) => (values ?? []).join(", ");

export const emptyField = (): FieldDraft => ({ key: newKey(), name: "", column: "", description: "", unit: "", synonyms: "" });
export const emptyEntity = (): EntityDraft => ({
  key: newKey(), name: "", databaseId: "", table: "", description: "", synonyms: "", fields: [],
});
export const emptyTerm = (): TermDraft => ({ key: newKey(), name: "", description: "", sql: "", filter: "" });
export const emptyRelationship = (): RelationshipDraft => ({ key: newKey(), from: "", to: "", cardinality: "many_to_one" });
export const emptyRule = (): RuleDraft => ({ key: newKey(), text: "", forbiddenColumns: [], requiredFilter: "" });
export const emptyExample = (): ExampleDraft => ({ key: newKey(), question: "", databaseId: "", sql: "" });

export function toDraft(context: WorkspaceContext): ContextDraft {
  return {
    description: text(context.description),
    entities: (context.entities ?? []).map((e) => ({
      key: newKey(),
      name: text(e.name),
      databaseId: text(e.database_id),
      table: text(e.table),
      description: text(e.description),
      synonyms: joined(e.synonyms),
      fields: (e.fields ?? []).map((f) => ({
        key: newKey(),
        name: text(f.name),
        column: text(f.column),
        description: text(f.description),
        unit: text(f.unit),
        synonyms: joined(f.synonyms),
      })),
    })),
    terms: (context.terms ?? []).map((t) => ({ key: newKey(), name: text(t.name), description: text(t.description), sql: text(t.sql), filter: text(t.filter) })),
    relationships: (context.relationships ?? []).map((r) => ({ key: newKey(), from: text(r.from), to: text(r.to), cardinality: text(r.cardinality) })),
    rules: (context.rules ?? []).map((r) => ({
      key: newKey(),
      text: text(r.text),
      forbiddenColumns: [...(r.forbidden_columns ?? [])],
      requiredFilter: text(r.required_filter),
    })),
    timeUnit: text(context.chart_preferences?.time_unit),
    examples: (context.examples ?? []).map((e) => ({ key: newKey(), question: text(e.question), databaseId: text(e.database_id), sql: text(e.sql) })),
  };
}

/** Blank text is sent as null (left out), so an untouched optional field never fails the server's checks. */
const optional = (value: string) => (value.trim() === "" ? null : value.trim());

/** "nation, market ," → ["nation", "market"]. */
export function splitSynonyms(value: string): string[] {
  return value.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
}

/** The whole context as PUT takes it: list positions are kept, because the server's errors name them. */
export function fromDraft(draft: ContextDraft): WorkspaceContext {
  return {
    description: optional(draft.description),
    entities: draft.entities.map((e) => ({
      name: optional(e.name),
      database_id: optional(e.databaseId),
      table: optional(e.table),
      description: optional(e.description),
      synonyms: splitSynonyms(e.synonyms),
      fields: e.fields.map((f) => ({
        name: optional(f.name),
        column: optional(f.column),
        description: optional(f.description),
        unit: optional(f.unit),
        synonyms: splitSynonyms(f.synonyms),
      })),
    })),
    terms: draft.terms.map((t) => ({ name: optional(t.name), description: optional(t.description), sql: optional(t.sql), filter: optional(t.filter) })),
    relationships: draft.relationships.map((r) => ({
      from: optional(r.from),
      to: optional(r.to),
      cardinality: (optional(r.cardinality) as Cardinality | null) ?? null,
    })),
    rules: draft.rules.map((r) => ({ text: optional(r.text), forbidden_columns: r.forbiddenColumns, required_filter: optional(r.requiredFilter) })),
    chart_preferences: { time_unit: optional(draft.timeUnit) },
    examples: draft.examples.map((e) => ({ question: optional(e.question), database_id: optional(e.databaseId), sql: optional(e.sql) })),
  };
}

/**
 * The input a server error key belongs to. Most keys name one input ("entities[0].fields[1].column"); a few name
 * something the editor shows as part of another: an entity's database is chosen with its table, one of a rule's
 * forbidden columns is an option of its one picker, and a rule-wide message goes beside its text.
 */
export function inputPathOf(key: string): string {
  const path = key.trim().toLowerCase();
  const entityDatabase = /^(entities\[\d+\])\.database_id$/.exec(path);
  if (entityDatabase) return `${entityDatabase[1]}.table`;
  const forbidden = /^(rules\[\d+\]\.forbidden_columns)\[\d+\]$/.exec(path);
  if (forbidden) return forbidden[1]!;
  if (/^rules\[\d+\]$/.test(path)) return `${path}.text`;
  if (path === "chart_preferences") return "chart_preferences.time_unit";
  return path;
}

/** The server's messages for one input of the editor, joined; undefined when it has none. */
export function messagesAt(error: unknown, inputPath: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const messages = Object.entries(error.errors)
    .filter(([key]) => inputPathOf(key) === inputPath)
    .flatMap(([, list]) => list);
  return messages.length > 0 ? messages.join(" ") : undefined;
}

/** The id of the input at a path, the same for the input and for the summary's link to it. */
export function inputId(inputPath: string): string {
  return `context-${inputPath.replace(/[^a-z0-9]+/gi, "-").replace(/-+$/, "")}`;
}

const LIST_NAMES: Record<string, string> = {
  entities: "Entity",
  fields: "field",
  terms: "Term",
  relationships: "Relationship",
  rules: "Rule",
  examples: "Example",
};

const PROPERTY_NAMES: Record<string, string> = {
  database_id: "database",
  sql: "SQL",
  required_filter: "required filter",
  forbidden_columns: "forbidden columns",
  time_unit: "time unit",
  chart_preferences: "chart preferences",
};

/** "entities[0].fields[1].column" → "Entity 1, field 2: column", for the summary. */
export function describePath(inputPath: string): string {
  const places: string[] = [];
  let property = "";
  for (const segment of inputPath.split(".")) {
    const item = /^([a-z_]+)\[(\d+)\]$/.exec(segment);
    if (item && LIST_NAMES[item[1]!]) places.push(`${LIST_NAMES[item[1]!]} ${Number(item[2]) + 1}`);
    else property = PROPERTY_NAMES[segment] ?? segment.replace(/_/g, " ");
  }
  if (places.length === 0) return property === "body" ? "The context" : property.charAt(0).toUpperCase() + property.slice(1);
  return property ? `${places.join(", ")}: ${property}` : places.join(", ");
}

export interface SummaryItem {
  inputPath: string;
  label: string;
  message: string;
}

/** Every message of a 400, each with where it belongs, in the server's order. */
export function errorSummary(error: unknown): SummaryItem[] {
  if (!(error instanceof ApiError)) return [];
  return Object.entries(error.errors).flatMap(([key, messages]) => {
    const inputPath = inputPathOf(key);
    return messages.map((message) => ({ inputPath, label: describePath(inputPath), message }));
  });
}
