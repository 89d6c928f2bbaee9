import { useEffect, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { api, ApiError, query } from "../../api/client";
import type { Page, SearchHit } from "../../api/types";
import { ErrorNotice, FieldError } from "../../lib/ErrorNotice";
import { PageTitle } from "../../lib/PageTitle";
import { useWorkspace } from "../workspaces/WorkspaceContext";
import { hitHref, hitLocation } from "./searchHits";
import "./documents.css";

const LIMIT = 20;

export function SearchPage() {
  const { workspace } = useWorkspace();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const [text, setText] = useState(q);
  const [hits, setHits] = useState<SearchHit[] | undefined>(undefined);
  const [searched, setSearched] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  // The query lives in the URL (?q=), so reload, back and a shared link all show the same results.
  useEffect(() => setText(q), [q]);

  useEffect(() => {
    if (!q.trim()) {
      setHits(undefined);
      setError(null);
      return;
    }
    const abort = new AbortController();
    setBusy(true);
    setError(null);
    api<Page<SearchHit>>(`/api/v1/workspaces/${workspace.id}/search${query({ q, limit: LIMIT })}`, { signal: abort.signal })
      .then((page) => {
        setHits(page.data);
        setSearched(q);
      })
      .catch((caught: unknown) => {
        if (!abort.signal.aborted) setError(caught);
      })
      .finally(() => {
        if (!abort.signal.aborted) setBusy(false);
      });
    return () => abort.abort();
  }, [q, workspace.id, attempt]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const wanted = text.trim();
    if (wanted === q) setAttempt((n) => n + 1);
    else setParams(wanted ? { q: wanted } : {});
  }

  const fieldMessage = error instanceof ApiError ? error.fieldError("q") : undefined;

  return (
    <section className="page search">
      <PageTitle>Search</PageTitle>
      <form role="search" className="search-form" onSubmit={submit}>
        <div className="field search-field">
          <label htmlFor="search-documents">Search documents</label>
          <div className="search-row">
            <input
              id="search-documents"
              type="search"
              name="q"
              value={text}
              maxLength={2000}
              onChange={(e) => setText(e.target.value)}
              aria-invalid={fieldMessage ? true : undefined}
              aria-describedby={fieldMessage ? "search-error" : undefined}
            />
            <button type="submit" className="primary">
              Search
            </button>
          </div>
          <FieldError error={error} field="q" id="search-error" />
        </div>
      </form>
      {error && !fieldMessage ? <ErrorNotice error={error} onRetry={() => setAttempt((n) => n + 1)} /> : null}

      <div aria-live="polite" aria-busy={busy}>
        {busy ? (
          <p className="hint">Searching…</p>
        ) : hits === undefined || error ? null : hits.length === 0 ? (
          <p>
            No passages match “{searched}”. Try other words; documents still being processed are not searched yet.
          </p>
        ) : (
          <p className="hint">
            {hits.length === 1 ? "1 passage" : `${hits.length} passages`}, best first.
          </p>
        )}
      </div>

      {!busy && hits && hits.length > 0 && !error && (
        <ol className="search-results">
          {hits.map((hit, index) => {
            const location = hitLocation(hit);
            return (
              <li key={`${hit.document_id}-${index}`} className="card search-hit">
                <p className="search-hit-source">
                  <a href={hitHref(hit)} target="_blank" rel="noopener noreferrer">
                    {hit.document_name}
                    <span className="visually-hidden"> (opens in a new tab)</span>
                  </a>
                  {location ? <span className="hint"> · {location}</span> : null}
                  <span className="hint search-score"> · Score {hit.score.toFixed(3)}</span>
                </p>
                <p className="search-hit-text">{hit.text}</p>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
