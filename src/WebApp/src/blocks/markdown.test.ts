import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";

function dom(html: string): HTMLElement {
  const element = document.createElement("div");
  element.innerHTML = html;
  return element;
}

const env = (sourceCount: number) => ({ sourceCount, sourcePrefix: "source-m1" });

describe("renderMarkdown", () => {
  it("renders Markdown", () => {
    const html = dom(renderMarkdown("**bold** and *em*\n\n- one\n- two"));
    expect(html.querySelector("strong")?.textContent).toBe("bold");
    expect(html.querySelectorAll("li")).toHaveLength(2);
  });

  it("leaves no script, raw HTML or event handler in the result", () => {
    const html = renderMarkdown(
      'Hi <script>alert(1)</script> <img src=x onerror="alert(2)"> <b onclick="x()">raw</b> <iframe src="https://e.example"></iframe>',
    );
    const element = dom(html);
    expect(element.querySelector("script, img, iframe, b")).toBeNull();
    expect(html).not.toMatch(/<(script|img|iframe|b)\b/i);
    const handlers = [...element.querySelectorAll("*")].flatMap((node) => [...node.attributes].filter((a) => a.name.startsWith("on")));
    expect(handlers).toEqual([]);
    // Raw HTML is shown as the text it is, not run.
    expect(element.textContent).toContain("<script>alert(1)</script>");
  });

  it("keeps http, https and mailto links, opening in a new tab without an opener", () => {
    const element = dom(renderMarkdown("[site](https://example.com/a) [plain](http://example.org) [mail](mailto:a@b.c)"));
    const links = [...element.querySelectorAll("a")];
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["https://example.com/a", "http://example.org", "mailto:a@b.c"]);
    for (const link of links) {
      expect(link.getAttribute("target")).toBe("_blank");
      expect(link.getAttribute("rel")).toBe("noopener noreferrer");
    }
  });

  it("turns javascript:, data:, vbscript: and relative links into plain text", () => {
    const element = dom(
      renderMarkdown("[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html,x) [d](vbscript:x) [e](/admin) <javascript:alert(1)>"),
    );
    expect(element.querySelectorAll("a")).toHaveLength(0);
    expect(element.innerHTML).not.toMatch(/href/i);
    expect(element.textContent).toContain("[a]");
  });

  it("links bare web addresses", () => {
    const link = dom(renderMarkdown("See https://example.com/x now")).querySelector("a");
    expect(link?.getAttribute("href")).toBe("https://example.com/x");
    expect(link?.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("shows an image as its alt text and never as an <img>", () => {
    const element = dom(renderMarkdown("![A cat](https://tracker.example/cat.png) ![](https://tracker.example/p.gif) ![x](javascript:1)"));
    expect(element.querySelector("img")).toBeNull();
    expect(element.textContent).toContain("A cat");
    // An image without alt text becomes a link to it, a person's choice to follow.
    expect(element.querySelector("a")?.getAttribute("href")).toBe("https://tracker.example/p.gif");
  });

  it("turns [n] into a link to source n of the same message when the message has that source", () => {
    const element = dom(renderMarkdown("Revenue grew [1] and costs fell [2].", env(2)));
    const citations = [...element.querySelectorAll("a.citation")];
    expect(citations.map((a) => a.getAttribute("href"))).toEqual(["#source-m1-1", "#source-m1-2"]);
    expect(citations.map((a) => a.textContent)).toEqual(["[1]", "[2]"]);
    expect(citations[0]?.getAttribute("aria-label")).toBe("Source 1");
    expect(citations[0]?.getAttribute("target")).toBeNull();
    expect(element.textContent?.trim()).toBe("Revenue grew [1] and costs fell [2].");
  });

  it("leaves [n] as text without sources, out of range, and inside code", () => {
    expect(dom(renderMarkdown("Claim [1].", env(0))).querySelector("a")).toBeNull();
    const element = dom(renderMarkdown("One [1], none [3] or [0]; `x[1]`\n\n```\ny[1]\n```", env(2)));
    const citations = [...element.querySelectorAll("a.citation")];
    expect(citations).toHaveLength(1);
    expect(element.querySelector("code")?.textContent).toBe("x[1]");
    expect(element.querySelector("pre")?.textContent).toContain("y[1]");
    expect(element.querySelector("code a, pre a")).toBeNull();
  });

  it("shifts headings below the page's own", () => {
    const element = dom(renderMarkdown("# Title\n\n## Part"));
    expect(element.querySelector("h1, h2")).toBeNull();
    expect(element.querySelector("h3")?.textContent).toBe("Title");
    expect(element.querySelector("h4")?.textContent).toBe("Part");
  });
});
