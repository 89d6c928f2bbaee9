import { memo } from "react";
import type { DatabaseSource, DocumentSource, SourcesBlock } from "../api/types";

function isDocument(source: DocumentSource | DatabaseSource): source is DocumentSource {
  return "document_id" in source;
}

/** Where the original file opens; a PDF opens at the cited page (the browser's viewer reads `#page=`). */
export function documentLink(source: DocumentSource): string {
  const base = `/api/v1/documents/${encodeURIComponent(source.document_id)}/content`;
  return source.page && /\.pdf$/i.test(source.name) ? `${base}#page=${source.page}` : base;
}

function pages(source: DocumentSource): string | null {
  if (!source.page) return null;
  return source.page_end && source.page_end !== source.page ? `pages ${source.page}–${source.page_end}` : `page ${source.page}`;
}

export const SourcesBlockView = memo(function SourcesBlockView({ block, idPrefix }: { block: SourcesBlock; idPrefix: string }) {
  return (
    <section className="block-sources" aria-label="Sources">
      <h3 className="sources-title">Sources</h3>
      <ol>
        {block.sources.map((source, index) => (
          <li key={index} id={`${idPrefix}-${index + 1}`} tabIndex={-1}>
            {isDocument(source) ? (
              <>
                <a href={documentLink(source)} target="_blank" rel="noopener noreferrer">
                  {source.name}
                </a>
                {pages(source) && <span className="hint">, {pages(source)}</span>}
                {source.snippet && <p className="source-snippet">{source.snippet}</p>}
              </>
            ) : (
              <span className="source-database">
                Database <span className="source-name">{source.name}</span>
                {source.tables.length > 0 && (
                  <>
                    : {source.tables.length === 1 ? "table" : "tables"} {source.tables.join(", ")}
                  </>
                )}
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
});
