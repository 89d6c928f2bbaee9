import { memo, useMemo, useState } from "react";
import type { CodeBlock } from "../api/types";
import { highlightCode, languageName } from "./highlight";

export const CodeBlockView = memo(function CodeBlockView({ block }: { block: CodeBlock }) {
  const html = useMemo(() => highlightCode(block.code, block.language), [block.code, block.language]);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const label = languageName(block.language);

  async function copy() {
    try {
      await navigator.clipboard.writeText(block.code);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <figure className="block-code">
      <figcaption>
        <span className="code-language">{label}</span>
        <span role="status" className="hint">
          {copied === "yes" ? "Copied" : copied === "failed" ? "Copying failed" : ""}
        </span>
        <button type="button" onClick={() => void copy()} aria-label={`Copy ${label} code`}>
          Copy
        </button>
      </figcaption>
      <pre tabIndex={0}>
        <code className="hljs" dangerouslySetInnerHTML={{ __html: html }} />
      </pre>
    </figure>
  );
});
