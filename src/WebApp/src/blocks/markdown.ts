import DOMPurify from "dompurify";
import MarkdownIt from "markdown-it";
import type StateCore from "markdown-it/lib/rules_core/state_core.mjs";
import type Token from "markdown-it/lib/token.mjs";

// An answer's Markdown comes from a model that may repeat anything a document said, so it is treated as hostile:
// no raw HTML (html: false), links only to http, https and mailto, no images at all (an <img> to a remote host
// would leak that the answer was read, and the CSP refuses it anyway), and DOMPurify over the result as a second
// wall should the first have a gap.

const SAFE_LINK = /^(?:https?:|mailto:)/i;

export interface MarkdownEnv {
  /** How many sources the message has: `[n]` becomes a citation only for 1..sourceCount. */
  sourceCount: number;
  /** Prefix of the ids of the message's source items (`${sourcePrefix}-${n}`). */
  sourcePrefix: string;
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const alt = self.renderInlineAsText(token.children ?? [], options, env);
  if (alt.trim()) return md.utils.escapeHtml(alt);
  const src = token.attrGet("src") ?? "";
  return SAFE_LINK.test(src) ? `<a href="${md.utils.escapeHtml(src)}">${md.utils.escapeHtml(src)}</a>` : "";
};

// The page has its h1 and the message sits under it: answer headings start at h3 so the outline stays sound.
const headingShift: Record<string, string> = { h1: "h3", h2: "h4", h3: "h5", h4: "h6", h5: "h6", h6: "h6" };
md.renderer.rules.heading_open = (tokens, idx) => `<${headingShift[tokens[idx]!.tag] ?? "h6"}>`;
md.renderer.rules.heading_close = (tokens, idx) => `</${headingShift[tokens[idx]!.tag] ?? "h6"}>\n`;

md.renderer.rules.citation = (tokens, idx, _options, env: MarkdownEnv) => {
  const n = tokens[idx]!.meta as number;
  return `<a href="#${md.utils.escapeHtml(env.sourcePrefix)}-${n}" class="citation" data-citation="${n}" aria-label="Source ${n}">[${n}]</a>`;
};

const CITATION = /\[(\d{1,4})\]/g;

/** Splits `[n]` out of plain text into citation tokens; code spans, fences and link texts are left alone. */
function citations(state: StateCore) {
  const env = state.env as Partial<MarkdownEnv>;
  const count = env.sourceCount ?? 0;
  if (count <= 0) return;
  for (const block of state.tokens) {
    if (block.type !== "inline" || !block.children) continue;
    const children: Token[] = [];
    let insideLink = 0;
    for (const child of block.children) {
      if (child.type === "link_open") insideLink++;
      if (child.type === "link_close") insideLink--;
      if (child.type !== "text" || insideLink > 0 || !child.content.includes("[")) {
        children.push(child);
        continue;
      }
      let last = 0;
      for (const match of child.content.matchAll(CITATION)) {
        const n = Number(match[1]);
        if (n < 1 || n > count) continue;
        if (match.index > last) children.push(textToken(state, child.content.slice(last, match.index), child.level));
        const citation = new state.Token("citation", "", 0);
        citation.meta = n;
        citation.level = child.level;
        children.push(citation);
        last = match.index + match[0].length;
      }
      if (last === 0) children.push(child);
      else if (last < child.content.length) children.push(textToken(state, child.content.slice(last), child.level));
    }
    block.children = children;
  }
}

function textToken(state: StateCore, content: string, level: number): Token {
  const token = new state.Token("text", "", 0);
  token.content = content;
  token.level = level;
  return token;
}

md.core.ruler.after("text_join", "citations", citations);

const ALLOWED_TAGS = [
  "p", "br", "strong", "em", "s", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
  "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "span",
];

let sanitizing = false;
DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (!sanitizing || node.nodeName !== "A") return;
  const element = node as Element;
  const href = element.getAttribute("href") ?? "";
  if (href.startsWith("#")) return;
  if (!SAFE_LINK.test(href)) {
    element.removeAttribute("href");
    return;
  }
  element.setAttribute("target", "_blank");
  element.setAttribute("rel", "noopener noreferrer");
});

/** Markdown to HTML that is safe to put in the page. */
export function renderMarkdown(text: string, env: MarkdownEnv = { sourceCount: 0, sourcePrefix: "source" }): string {
  const html = md.render(text, { ...env });
  sanitizing = true;
  try {
    return DOMPurify.sanitize(html, {
      ALLOWED_TAGS,
      ALLOWED_ATTR: ["href", "target", "rel", "class", "start", "data-citation", "aria-label"],
      ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
    });
  } finally {
    sanitizing = false;
  }
}
