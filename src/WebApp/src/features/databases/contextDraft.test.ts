import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import type { WorkspaceContext } from "../../api/types";
import { describePath, errorSummary, fromDraft, inputId, inputPathOf, messagesAt, splitSynonyms, toDraft } from "./contextDraft";

const context: WorkspaceContext = {
  description: "Sales and invoicing for the EU shop",
  entities: [
    {
      name: "Customer",
      database_id: "db-shop",
      table: "customers",
      description: null,
      synonyms: ["client"],
      fields: [{ name: "Country", column: "country", description: "ISO 3166 alpha-2", unit: null, synonyms: ["nation", "market"] }],
    },
  ],
  terms: [{ name: "Revenue", description: "Net invoiced amount", sql: "sum(orders.total)", filter: null }],
  relationships: [{ from: "orders.customer_id", to: "customers.id", cardinality: "many_to_one" }],
  rules: [{ text: "Never show personal emails", forbidden_columns: ["customers.email"], required_filter: null }],
  chart_preferences: { time_unit: "month" },
  examples: [{ question: "Revenue by month", database_id: "db-shop", sql: "SELECT 1" }],
};

describe("the context editor's draft", () => {
  it("gives back the context it was made from", () => {
    expect(fromDraft(toDraft(context))).toEqual(context);
  });

  it("sends blank text as null and synonyms typed with commas as a list", () => {
    const draft = toDraft(context);
    draft.description = "  ";
    draft.entities[0]!.fields[0]!.synonyms = " nation, , market ,";
    draft.timeUnit = "";
    const sent = fromDraft(draft);
    expect(sent.description).toBeNull();
    expect(sent.entities?.[0]?.fields?.[0]?.synonyms).toEqual(["nation", "market"]);
    expect(sent.chart_preferences).toEqual({ time_unit: null });
  });

  it("reads a context whose lists were left out as empty", () => {
    const draft = toDraft({ description: null, entities: null, terms: null, relationships: null, rules: null, chart_preferences: null, examples: null });
    expect(draft).toMatchObject({ description: "", entities: [], terms: [], rules: [], timeUnit: "" });
  });

  it("splits synonyms", () => {
    expect(splitSynonyms("")).toEqual([]);
    expect(splitSynonyms("a,b , c")).toEqual(["a", "b", "c"]);
  });
});

describe("the server's errors on the context", () => {
  it("belong to the input they name, or the one that shows them", () => {
    expect(inputPathOf("entities[0].fields[1].column")).toBe("entities[0].fields[1].column");
    expect(inputPathOf("entities[2].database_id")).toBe("entities[2].table");
    expect(inputPathOf("rules[0].forbidden_columns[3]")).toBe("rules[0].forbidden_columns");
    expect(inputPathOf("rules[1]")).toBe("rules[1].text");
    expect(inputPathOf("Description")).toBe("description");
  });

  it("are joined per input", () => {
    const error = new ApiError(400, "Invalid.", {
      "rules[0].forbidden_columns[0]": ['Unknown table "people".'],
      "rules[0].forbidden_columns[1]": ['Unknown column "mail" in table customers.'],
      "entities[0].name": ["Every entity needs a name."],
    });
    expect(messagesAt(error, "rules[0].forbidden_columns")).toBe('Unknown table "people". Unknown column "mail" in table customers.');
    expect(messagesAt(error, "entities[0].table")).toBeUndefined();
    expect(messagesAt(new Error("no"), "entities[0].name")).toBeUndefined();
  });

  it("are summarised with where they are, linked by the input's id", () => {
    const error = new ApiError(400, "Invalid.", {
      "entities[0].fields[1].column": ['Unknown column "mail" in table customers. Did you mean email?'],
      body: ["The context may hold at most 500 items."],
    });
    expect(errorSummary(error)).toEqual([
      { inputPath: "entities[0].fields[1].column", label: "Entity 1, field 2: column", message: 'Unknown column "mail" in table customers. Did you mean email?' },
      { inputPath: "body", label: "The context", message: "The context may hold at most 500 items." },
    ]);
    expect(inputId("entities[0].fields[1].column")).toBe("context-entities-0-fields-1-column");
    expect(describePath("examples[2].database_id")).toBe("Example 3: database");
    expect(describePath("chart_preferences.time_unit")).toBe("Time unit");
  });
});
