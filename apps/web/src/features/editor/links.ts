/** Protocols a link in a study may use (the same list the schema's Link extension allows). */
const ALLOWED_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/**
 * Turns what someone typed into a safe link target, or null when it is not acceptable.
 * "www.inegi.org.mx" becomes "https://www.inegi.org.mx" (the schema's default protocol); anything
 * with another scheme (javascript:, data:, file:…) or without a host is refused.
 */
export function normalizeLinkUrl(input: string): string | null {
  const text = input.trim();
  if (!text || /\s/.test(text)) return null;
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(text);
  const candidate = hasScheme ? text : `https://${text.replace(/^\/\//, "")}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol === "mailto:") {
    return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(decodeURIComponent(url.pathname)) ? url.href : null;
  }
  // A host needs a dot (or is localhost) so that "hola" does not become https://hola/.
  if (!url.hostname || (!url.hostname.includes(".") && url.hostname !== "localhost")) return null;
  return url.href;
}
