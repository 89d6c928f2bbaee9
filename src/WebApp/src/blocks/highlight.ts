import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import csharp from "highlight.js/lib/languages/csharp";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import plaintext from "highlight.js/lib/languages/plaintext";
import python from "highlight.js/lib/languages/python";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";

// Only the core and the languages answers mostly carry: the full highlight.js would add hundreds of kilobytes
// to the first load. Anything else shows as plain, escaped text.
const languages = { bash, csharp, javascript, json, plaintext, python, sql, typescript, xml, yaml };
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language);

/** What a language is called on the label; the registered languages bring their aliases (py, js, ts, sh, cs, yml, html). */
export function languageName(language: string | null | undefined): string {
  if (!language) return "Text";
  const found = hljs.getLanguage(language.toLowerCase());
  return found?.name ?? language;
}

/** HTML for the code: highlight.js escapes the text itself and only adds its own spans. */
export function highlightCode(code: string, language: string | null | undefined): string {
  const name = language?.toLowerCase();
  if (name && hljs.getLanguage(name)) return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
  return escapeHtml(code);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
