import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { contextPath, databasesPath, saveContext } from "../../api/databases";
import type { WorkspaceContext } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { Field } from "../../lib/Fields";
import { useResource } from "../../lib/useResource";
import { useSubmission } from "../../lib/useSubmission";
import { columnReferences, findTable, loadCatalog, type Catalog } from "./catalog";
import {
  CARDINALITIES,
  TIME_UNITS,
  emptyEntity,
  emptyExample,
  emptyField,
  emptyRelationship,
  emptyRule,
  emptyTerm,
  errorSummary,
  fromDraft,
  inputId,
  messagesAt,
  toDraft,
  type ContextDraft,
  type EntityDraft,
  type RuleDraft,
} from "./contextDraft";
import "./databases.css";

/** A text input (or textarea) at a path of the context, with the server's messages for that path beside it. */
function TextAt({
  path,
  label,
  value,
  onChange,
  error,
  multiline,
  code,
  list,
  hint,
}: {
  path: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: unknown;
  multiline?: boolean;
  /** SQL: fixed-width, no spell check. */
  code?: boolean;
  /** The id of a datalist of suggestions (columns); anything may still be typed. */
  list?: string;
  hint?: string;
}) {
  return (
    <Field label={label} id={inputId(path)} message={messagesAt(error, path)} hint={hint}>
      {(props) =>
        multiline ? (
          <textarea {...props} rows={2} className={code ? "code-input" : undefined} spellCheck={!code} value={value} onChange={(e) => onChange(e.target.value)} />
        ) : (
          <input {...props} list={list} autoComplete="off" className={code ? "code-input" : undefined} spellCheck={!code} value={value} onChange={(e) => onChange(e.target.value)} />
        )
      }
    </Field>
  );
}

/** One item of a list, with its own Remove. */
function Item({ legend, onRemove, children }: { legend: string; onRemove: () => void; children: ReactNode }) {
  return (
    <fieldset className="context-item">
      <legend>{legend}</legend>
      {children}
      <div className="context-item-actions">
        <button type="button" onClick={onRemove} aria-label={`Remove ${legend.toLowerCase()}`}>
          Remove
        </button>
      </div>
    </fieldset>
  );
}

function ListSection({ title, hint, addLabel, onAdd, children }: { title: string; hint: string; addLabel: string; onAdd: () => void; children: ReactNode }) {
  const id = `context-section-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section className="context-section" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <p className="hint">{hint}</p>
      {children}
      <button type="button" onClick={onAdd}>
        {addLabel}
      </button>
    </section>
  );
}

const tableValue = (databaseId: string, table: string) => `${databaseId}/${table}`;

function EntityEditor({
  entity,
  index,
  catalog,
  error,
  change,
  remove,
}: {
  entity: EntityDraft;
  index: number;
  catalog: Catalog;
  error: unknown;
  change: (entity: EntityDraft) => void;
  remove: () => void;
}) {
  const path = `entities[${index}]`;
  const table = findTable(catalog, entity.databaseId, entity.table);
  const selected = table ? tableValue(table.databaseId, table.name) : entity.table ? tableValue(entity.databaseId, entity.table) : "";
  const columnsId = `context-columns-${entity.key}`;
  const tablePath = `${path}.table`;
  return (
    <Item legend={`Entity ${index + 1}`} onRemove={remove}>
      <div className="context-grid">
        <TextAt path={`${path}.name`} label="Business name" value={entity.name} error={error} onChange={(name) => change({ ...entity, name })} />
        <Field label="Table" id={inputId(tablePath)} message={messagesAt(error, tablePath)}>
          {(props) => (
            <select
              {...props}
              value={selected}
              onChange={(e) => {
                const [databaseId = "", ...rest] = e.target.value.split("/");
                change({ ...entity, databaseId, table: rest.join("/") });
              }}
            >
              <option value="">Choose a table…</option>
              {!table && entity.table && <option value={selected}>{entity.table} (not in any schema)</option>}
              {catalog.databases.map((d) => {
                const tables = catalog.tables.filter((t) => t.databaseId === d.id);
                return tables.length === 0 ? null : (
                  <optgroup key={d.id} label={d.name}>
                    {tables.map((t) => (
                      <option key={t.name} value={tableValue(d.id, t.name)}>
                        {t.name}
                      </option>
                    ))}
                  </optgroup>
                );
              })}
            </select>
          )}
        </Field>
      </div>
      <TextAt path={`${path}.description`} label="Description" multiline value={entity.description} error={error} onChange={(description) => change({ ...entity, description })} />
      <TextAt path={`${path}.synonyms`} label="Synonyms" hint="Comma-separated." value={entity.synonyms} error={error} onChange={(synonyms) => change({ ...entity, synonyms })} />
      <datalist id={columnsId}>
        {(table?.columns ?? []).map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <div className="context-fields">
        {entity.fields.map((field, j) => {
          const fieldPath = `${path}.fields[${j}]`;
          const set = (patch: Partial<typeof field>) => change({ ...entity, fields: entity.fields.map((f) => (f.key === field.key ? { ...f, ...patch } : f)) });
          return (
            <Item key={field.key} legend={`Field ${j + 1}`} onRemove={() => change({ ...entity, fields: entity.fields.filter((f) => f.key !== field.key) })}>
              <div className="context-grid">
                <TextAt path={`${fieldPath}.name`} label="Business name" value={field.name} error={error} onChange={(name) => set({ name })} />
                <TextAt
                  path={`${fieldPath}.column`}
                  label="Column"
                  list={columnsId}
                  hint={table ? `A column of ${table.name}.` : "Choose the entity's table first."}
                  value={field.column}
                  error={error}
                  onChange={(column) => set({ column })}
                />
                <TextAt path={`${fieldPath}.unit`} label="Unit" value={field.unit} error={error} onChange={(unit) => set({ unit })} />
                <TextAt path={`${fieldPath}.synonyms`} label="Synonyms" hint="Comma-separated." value={field.synonyms} error={error} onChange={(synonyms) => set({ synonyms })} />
              </div>
              <TextAt path={`${fieldPath}.description`} label="Description" value={field.description} error={error} onChange={(description) => set({ description })} />
            </Item>
          );
        })}
        <button type="button" onClick={() => change({ ...entity, fields: [...entity.fields, emptyField()] })}>
          Add field
        </button>
      </div>
    </Item>
  );
}

function ForbiddenColumns({ rule, path, references, error, change }: { rule: RuleDraft; path: string; references: string[]; error: unknown; change: (columns: string[]) => void }) {
  // Columns saved earlier that no schema has any more stay chosen (and shown) until removed.
  const options = [...references, ...rule.forbiddenColumns.filter((c) => !references.includes(c))];
  const inputPath = `${path}.forbidden_columns`;
  return (
    <Field label="Forbidden columns" id={inputId(inputPath)} message={messagesAt(error, inputPath)} hint="Never selected in an answer. Ctrl or ⌘ picks several.">
      {(props) => (
        <select
          {...props}
          multiple
          size={Math.min(6, Math.max(3, options.length))}
          value={rule.forbiddenColumns}
          onChange={(e) => change(Array.from(e.target.selectedOptions, (o) => o.value))}
        >
          {options.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * The Admin's editor of what the AI should know about the workspace's data. Tables and columns are offered from
 * the schemas of the workspace's databases; Save replaces the whole context, and the server's 400 is shown at each
 * input it names, with a summary linking to them.
 */
export function ContextEditor({ workspaceId }: { workspaceId: string }) {
  const saved = useResource<WorkspaceContext>(contextPath(workspaceId));
  const catalog = useResource<Catalog>(databasesPath(workspaceId), loadCatalog);
  const [draft, setDraft] = useState<ContextDraft | null>(null);
  const [status, setStatus] = useState("");
  const { busy, error, run } = useSubmission();
  const [shownError, setShownError] = useState<unknown>(null);

  useEffect(() => {
    if (saved.data && draft === null) setDraft(toDraft(saved.data));
  }, [saved.data, draft]);
  useEffect(() => setShownError(error), [error]);

  if (saved.error !== null || catalog.error !== null) {
    return <ErrorNotice error={saved.error ?? catalog.error} onRetry={() => void (saved.error ? saved.reload() : catalog.reload())} />;
  }
  if (!draft || !catalog.data) return <p className="hint">Loading the workspace context…</p>;
  const tables = catalog.data;
  const references = columnReferences(tables);

  /** An edit; adding or removing an item moves the positions the last refusal named, so its messages go. */
  function edit(next: ContextDraft, moves = false) {
    setDraft(next);
    setStatus("");
    if (moves) setShownError(null);
  }
  function listOf<K extends "entities" | "terms" | "relationships" | "rules" | "examples">(name: K) {
    const items = draft![name] as ContextDraft[K];
    type Entry = ContextDraft[K][number];
    return {
      set: (key: string, patch: Partial<Entry>) =>
        edit({ ...draft!, [name]: (items as Entry[]).map((item) => (item.key === key ? { ...item, ...patch } : item)) }),
      replace: (item: Entry) => edit({ ...draft!, [name]: (items as Entry[]).map((i) => (i.key === item.key ? item : i)) }, true),
      remove: (key: string) => edit({ ...draft!, [name]: (items as Entry[]).filter((item) => item.key !== key) }, true),
      add: (item: Entry) => edit({ ...draft!, [name]: [...(items as Entry[]), item] }, true),
    };
  }
  const entities = listOf("entities");
  const terms = listOf("terms");
  const relationships = listOf("relationships");
  const rules = listOf("rules");
  const examples = listOf("examples");

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const stored = await saveContext(workspaceId, fromDraft(draft!));
      setDraft(toDraft(stored));
      setStatus("Saved the workspace context.");
    });
  }

  const summary = errorSummary(shownError);
  const referencesId = "context-column-references";
  return (
    <form className="context-editor" onSubmit={submit} noValidate aria-labelledby="context-title">
      <h2 id="context-title">Workspace context</h2>
      <p className="hint">What the AI should know about this workspace's data: its business meaning. Every table and column named is checked when saved.</p>
      <datalist id={referencesId}>
        {references.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <TextAt path="description" label="Description" multiline value={draft.description} error={shownError} onChange={(description) => edit({ ...draft, description })} />

      <ListSection title="Entities" hint="Business things and the tables that hold them." addLabel="Add entity" onAdd={() => entities.add(emptyEntity())}>
        {draft.entities.map((entity, i) => (
          <EntityEditor
            key={entity.key}
            entity={entity}
            index={i}
            catalog={tables}
            error={shownError}
            change={(next) => (next.fields.length !== entity.fields.length ? entities.replace(next) : entities.set(entity.key, next))}
            remove={() => entities.remove(entity.key)}
          />
        ))}
      </ListSection>

      <ListSection title="Terms" hint="Business terms and metrics, and the SQL that computes them." addLabel="Add term" onAdd={() => terms.add(emptyTerm())}>
        {draft.terms.map((term, i) => {
          const path = `terms[${i}]`;
          return (
            <Item key={term.key} legend={`Term ${i + 1}`} onRemove={() => terms.remove(term.key)}>
              <div className="context-grid">
                <TextAt path={`${path}.name`} label="Name" value={term.name} error={shownError} onChange={(name) => terms.set(term.key, { name })} />
                <TextAt path={`${path}.description`} label="Description" value={term.description} error={shownError} onChange={(description) => terms.set(term.key, { description })} />
                <TextAt path={`${path}.sql`} label="SQL" code value={term.sql} error={shownError} onChange={(sql) => terms.set(term.key, { sql })} />
                <TextAt path={`${path}.filter`} label="Filter" code value={term.filter} error={shownError} onChange={(filter) => terms.set(term.key, { filter })} />
              </div>
            </Item>
          );
        })}
      </ListSection>

      <ListSection title="Relationships" hint="Join paths, as table.column to table.column." addLabel="Add relationship" onAdd={() => relationships.add(emptyRelationship())}>
        {draft.relationships.map((relationship, i) => {
          const path = `relationships[${i}]`;
          return (
            <Item key={relationship.key} legend={`Relationship ${i + 1}`} onRemove={() => relationships.remove(relationship.key)}>
              <div className="context-grid">
                <TextAt path={`${path}.from`} label="From" list={referencesId} value={relationship.from} error={shownError} onChange={(from) => relationships.set(relationship.key, { from })} />
                <TextAt path={`${path}.to`} label="To" list={referencesId} value={relationship.to} error={shownError} onChange={(to) => relationships.set(relationship.key, { to })} />
                <Field label="Cardinality" id={inputId(`${path}.cardinality`)} message={messagesAt(shownError, `${path}.cardinality`)}>
                  {(props) => (
                    <select {...props} value={relationship.cardinality} onChange={(e) => relationships.set(relationship.key, { cardinality: e.target.value })}>
                      <option value="">Not said</option>
                      {CARDINALITIES.map((c) => (
                        <option key={c} value={c}>
                          {c.replace(/_/g, " ")}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
            </Item>
          );
        })}
      </ListSection>

      <ListSection title="Rules" hint="What answers must respect: columns never shown, filters always applied." addLabel="Add rule" onAdd={() => rules.add(emptyRule())}>
        {draft.rules.map((rule, i) => {
          const path = `rules[${i}]`;
          return (
            <Item key={rule.key} legend={`Rule ${i + 1}`} onRemove={() => rules.remove(rule.key)}>
              <TextAt path={`${path}.text`} label="Rule" multiline value={rule.text} error={shownError} onChange={(text) => rules.set(rule.key, { text })} />
              <div className="context-grid">
                <ForbiddenColumns rule={rule} path={path} references={references} error={shownError} change={(forbiddenColumns) => rules.set(rule.key, { forbiddenColumns })} />
                <TextAt
                  path={`${path}.required_filter`}
                  label="Required filter"
                  code
                  hint="For example orders.deleted_at IS NULL"
                  value={rule.requiredFilter}
                  error={shownError}
                  onChange={(requiredFilter) => rules.set(rule.key, { requiredFilter })}
                />
              </div>
            </Item>
          );
        })}
      </ListSection>

      <section className="context-section" aria-labelledby="context-section-charts">
        <h3 id="context-section-charts">Chart preferences</h3>
        <Field label="Time unit" id={inputId("chart_preferences.time_unit")} message={messagesAt(shownError, "chart_preferences.time_unit")} hint="How charts over time group their points.">
          {(props) => (
            <select {...props} value={draft.timeUnit} onChange={(e) => edit({ ...draft, timeUnit: e.target.value })}>
              <option value="">Automatic</option>
              {TIME_UNITS.map((u) => (
                <option key={u} value={u}>
                  {u.charAt(0).toUpperCase() + u.slice(1)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </section>

      <ListSection title="Examples" hint="Verified questions with the SQL that answers them." addLabel="Add example" onAdd={() => examples.add(emptyExample())}>
        {draft.examples.map((example, i) => {
          const path = `examples[${i}]`;
          return (
            <Item key={example.key} legend={`Example ${i + 1}`} onRemove={() => examples.remove(example.key)}>
              <div className="context-grid">
                <TextAt path={`${path}.question`} label="Question" value={example.question} error={shownError} onChange={(question) => examples.set(example.key, { question })} />
                <Field label="Database" id={inputId(`${path}.database_id`)} message={messagesAt(shownError, `${path}.database_id`)}>
                  {(props) => (
                    <select {...props} value={example.databaseId} onChange={(e) => examples.set(example.key, { databaseId: e.target.value })}>
                      <option value="">Not said</option>
                      {example.databaseId && !tables.databases.some((d) => d.id === example.databaseId) && (
                        <option value={example.databaseId}>A removed database</option>
                      )}
                      {tables.databases.map((d) => (
                        <option key={d.id} value={d.id}>
                          {d.name}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
              <TextAt path={`${path}.sql`} label="SQL" multiline code value={example.sql} error={shownError} onChange={(sql) => examples.set(example.key, { sql })} />
            </Item>
          );
        })}
      </ListSection>

      {shownError !== null && summary.length === 0 && <ErrorNotice error={shownError} />}
      {summary.length > 0 && (
        <div className="error-notice context-summary" role="alert">
          <div>
            <p>The context was not saved: {summary.length === 1 ? "1 problem" : `${summary.length} problems`}.</p>
            <ul>
              {summary.map((item, index) => (
                <li key={index}>
                  {item.inputPath === "body" ? item.label : <a href={`#${inputId(item.inputPath)}`}>{item.label}</a>}: {item.message}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      <div className="admin-form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : "Save context"}
        </button>
        <span role="status" className="hint">
          {status}
        </span>
      </div>
    </form>
  );
}
