import type { ReactNode } from "react";
import type { PlanckDatabase, WorkspaceContext } from "../../api/types";

function Synonyms({ values }: { values: string[] | null }) {
  return values && values.length > 0 ? <span className="hint"> (also: {values.join(", ")})</span> : null;
}

/** One list of the context under its heading. */
function Part({ title, children }: { title: string; children: ReactNode }) {
  const id = `context-view-${title.toLowerCase()}`;
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <ul>{children}</ul>
    </section>
  );
}

/** The workspace context, read-only, for members: what the AI is told the data means. */
export function ContextView({ context, databases }: { context: WorkspaceContext; databases: PlanckDatabase[] }) {
  const databaseName = (id: string | null) => (id ? databases.find((d) => d.id === id)?.name : undefined);
  const entities = context.entities ?? [];
  const terms = context.terms ?? [];
  const relationships = context.relationships ?? [];
  const rules = context.rules ?? [];
  const examples = context.examples ?? [];
  const timeUnit = context.chart_preferences?.time_unit;
  const empty = !context.description && entities.length + terms.length + relationships.length + rules.length + examples.length === 0 && !timeUnit;
  if (empty) return <p className="hint">No context has been written for this workspace yet.</p>;
  return (
    <div className="context-view">
      {context.description && <p>{context.description}</p>}
      {entities.length > 0 && (
        <Part title="Entities">
          {entities.map((entity, i) => (
            <li key={i}>
              <strong>{entity.name}</strong>: table <code>{entity.table}</code>
              {databaseName(entity.database_id) && <> in {databaseName(entity.database_id)}</>}
              <Synonyms values={entity.synonyms} />
              {entity.description && <p className="context-view-description">{entity.description}</p>}
              {(entity.fields ?? []).length > 0 && (
                <ul>
                  {(entity.fields ?? []).map((field, j) => (
                    <li key={j}>
                      {field.name}: <code>{field.column}</code>
                      {field.unit && <> ({field.unit})</>}
                      {field.description && <> — {field.description}</>}
                      <Synonyms values={field.synonyms} />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
          </Part>
      )}
      {terms.length > 0 && (
        <Part title="Terms">
          {terms.map((term, i) => (
            <li key={i}>
              <strong>{term.name}</strong>
              {term.description && <>: {term.description}</>}
              {term.sql && (
                <>
                  {" "}
                  — <code>{term.sql}</code>
                </>
              )}
              {term.filter && (
                <>
                  {" "}
                  where <code>{term.filter}</code>
                </>
              )}
            </li>
          ))}
          </Part>
      )}
      {relationships.length > 0 && (
        <Part title="Relationships">
          {relationships.map((relationship, i) => (
            <li key={i}>
              <code>{relationship.from}</code> → <code>{relationship.to}</code>
              {relationship.cardinality && <span className="hint"> ({relationship.cardinality.replace(/_/g, " ")})</span>}
            </li>
          ))}
          </Part>
      )}
      {rules.length > 0 && (
        <Part title="Rules">
          {rules.map((rule, i) => (
            <li key={i}>
              {rule.text}
              {(rule.forbidden_columns ?? []).length > 0 && (
                <div className="hint">Never shown: {(rule.forbidden_columns ?? []).join(", ")}</div>
              )}
              {rule.required_filter && (
                <div className="hint">
                  Always filtered by <code>{rule.required_filter}</code>
                </div>
              )}
            </li>
          ))}
          </Part>
      )}
      {timeUnit && <p>Charts over time group by {timeUnit}.</p>}
      {examples.length > 0 && (
        <Part title="Examples">
          {examples.map((example, i) => (
            <li key={i}>
              {example.question}
              {databaseName(example.database_id) && <span className="hint"> ({databaseName(example.database_id)})</span>}
              {example.sql && <pre className="context-view-sql">{example.sql}</pre>}
            </li>
          ))}
          </Part>
      )}
    </div>
  );
}
