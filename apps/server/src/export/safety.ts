/**
 * What makes a study export safe to open: exports leave Taller (attached to mails, rendered by
 * Markdown viewers and browsers), so link and image URLs are restricted to harmless protocols
 * and may not break out of Markdown's `[text](url)` syntax, and the title cannot become
 * Markdown markup. The editor already refuses such links; stored content can still hold them
 * (older clients, direct Yjs updates), so the export checks again.
 */

/** ProseMirror JSON, as loosely as it arrives from storage. */
interface JsonNode {
  type?: string;
  attrs?: Record<string, unknown>;
  marks?: { type?: string; attrs?: Record<string, unknown> }[];
  content?: JsonNode[];
  text?: string;
  [key: string]: unknown;
}

const SAFE_SCHEMES = new Set(["http", "https", "mailto", "tel"]);

/**
 * The URL as a browser would read it, or null when it must not be exported: a scheme other than
 * http(s), mailto and tel (`javascript:`, `data:`, `vbscript:`, …). Relative URLs and #anchors
 * are kept. Browsers drop tabs and newlines anywhere in a URL and leading control characters,
 * so `java\tscript:` is a scheme too; and CommonMark decodes character references in link
 * destinations, so `javascript&colon;` would become one in a Markdown viewer.
 */
export function safeUrl(value: unknown): string | null {
  if (typeof value !== "string") return null;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const url = value.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  if (url === "") return null;
  const head = /^[^/?#]*/.exec(url)![0];
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(head);
  if (scheme) {
    if (!SAFE_SCHEMES.has(scheme[1]!.toLowerCase())) return null;
  } else if (head.includes(":") || head.includes("&")) {
    return null; // not a scheme a browser accepts, but close enough to be read as one somewhere
  }
  // Characters that would end a Markdown link destination (or an HTML attribute value, were the
  // renderer ever to forget escaping) are percent-encoded; URLs mean the same with them encoded.
  // eslint-disable-next-line no-control-regex -- control characters are encoded too
  return url.replace(/[\u0000-\u0020()<>[\]\\"'`\u007f]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** Backslash-escapes what would end Markdown link text, an image's alt or a link title. */
function escapeMarkdownInline(text: string): string {
  return text.replace(/[\\[\]()"`<>*_]/g, (ch) => `\\${ch}`);
}

/**
 * A copy of the study's ProseMirror JSON that is safe to render: link marks with an unsafe URL
 * are removed (their text stays), images with one are dropped; kept URLs are normalized by
 * {@link safeUrl}. For Markdown, images' alt text and links' and images' titles are escaped too.
 */
export function sanitizeStudyJson<T>(json: T, target: "html" | "md"): T {
  const visit = (node: JsonNode): JsonNode | null => {
    const out: JsonNode = { ...node };
    if (node.type === "image") {
      const src = safeUrl(node.attrs?.src);
      if (src === null) return null;
      out.attrs = { ...node.attrs, src };
      if (target === "md") {
        for (const key of ["alt", "title"]) {
          const v = out.attrs[key];
          if (typeof v === "string") out.attrs[key] = escapeMarkdownInline(v);
        }
      }
    }
    if (Array.isArray(node.marks)) {
      out.marks = node.marks.flatMap((mark) => {
        if (mark?.type !== "link") return [mark];
        const href = safeUrl(mark.attrs?.href);
        if (href === null) return [];
        const attrs: Record<string, unknown> = { ...mark.attrs, href };
        if (target === "md" && typeof attrs.title === "string") attrs.title = escapeMarkdownInline(attrs.title);
        return [{ ...mark, attrs }];
      });
    }
    if (Array.isArray(node.content)) {
      out.content = node.content.flatMap((child) => {
        if (child === null || typeof child !== "object") return [];
        const kept = visit(child);
        return kept ? [kept] : [];
      });
    }
    return out;
  };
  if (json === null || typeof json !== "object") return json;
  return (visit(json as JsonNode) ?? { type: "doc", content: [] }) as T;
}

/**
 * A title as literal Markdown text on a `# ` heading line: every character Markdown could read
 * as markup is backslash-escaped, HTML is escaped, and line breaks become spaces (a newline
 * would end the heading and start arbitrary Markdown).
 */
export function markdownTitle(title: string): string {
  return title
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .replace(/[\\`*_{}[\]()#+\-.!|~>"']/g, (ch) => `\\${ch}`)
    .replace(/[&<]/g, (ch) => (ch === "&" ? "&amp;" : "&lt;"));
}
