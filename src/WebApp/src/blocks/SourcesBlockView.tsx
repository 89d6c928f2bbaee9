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

/** "p. 3", or "pp. 3–4" for a passage that spans pages; null when the source has no page (a CSV, a Markdown file). */
export function pageLabel(source: DocumentSource): string | null {
  if (!source.page) return null;
  return source.page_end && source.page_end !== source.page ? `pp. ${source.page}–${source.page_end}` : `p. ${source.page}`;
}

/** The link's text, so its accessible name says where it opens: "manual.pdf, p. 3". */
function citedAs(source: DocumentSource): string {
  const page = pageLabel(source);
  return page ? `${source.name}, ${page}` : source.name;
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
                  {citedAs(source)}
                </a>
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
