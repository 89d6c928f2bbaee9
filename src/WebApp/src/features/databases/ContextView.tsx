import type { PlanckDatabase, WorkspaceContext } from "../../api/types";

function Synonyms({ values }: { values: string[] | null }) {
  return values && values.length > 0 ? <span className="hint"> (also: {values.join(", ")})</span> : null;
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
        <section aria-labelledby="context-view-entities">
          <h3 id="context-view-entities">Entities</h3>
          <ul>
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
          </ul>
        </section>
      )}
      {terms.length > 0 && (
        <section aria-labelledby="context-view-terms">
          <h3 id="context-view-terms">Terms</h3>
          <ul>
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
          </ul>
        </section>
      )}
      {relationships.length > 0 && (
        <section aria-labelledby="context-view-relationships">
          <h3 id="context-view-relationships">Relationships</h3>
          <ul>
            {relationships.map((relationship, i) => (
              <li key={i}>
                <code>{relationship.from}</code> → <code>{relationship.to}</code>
                {relationship.cardinality && <span className="hint"> ({relationship.cardinality.replace(/_/g, " ")})</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {rules.length > 0 && (
        <section aria-labelledby="context-view-rules">
          <h3 id="context-view-rules">Rules</h3>
          <ul>
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
          </ul>
        </section>
      )}
      {timeUnit && <p>Charts over time group by {timeUnit}.</p>}
      {examples.length > 0 && (
        <section aria-labelledby="context-view-examples">
          <h3 id="context-view-examples">Examples</h3>
          <ul>
            {examples.map((example, i) => (
              <li key={i}>
                {example.question}
                {databaseName(example.database_id) && <span className="hint"> ({databaseName(example.database_id)})</span>}
                {example.sql && <pre className="context-view-sql">{example.sql}</pre>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
