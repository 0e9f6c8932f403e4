// The `@` autocomplete of the comment composer, as pure functions over the textarea's text and
// caret: which mention is being typed, which members match, and what choosing one writes. A
// mention is stored as `@[Nombre](user-uuid)` (packages/domain/src/comments.ts), which the server
// reads to notify and the web renders with the person's current name and agency.

/** A project member the autocomplete offers (name and agency short name are shown). */
export type MentionCandidate = { userId: string; name: string; org: { shortName: string; name: string } };

/** The mention being typed: from the `@` (inclusive) to the caret, and what follows the `@`. */
export type ActiveMention = { start: number; end: number; query: string };

/** Longest run of characters after `@` still treated as a search (names with two surnames fit). */
const MAX_QUERY = 40;

/**
 * The mention under the caret, if any: an `@` at the start of the text or after a space or an
 * opening bracket, followed (up to the caret) by no line break, no `[` and at most a few words.
 * `@[` is an inserted mention, not a search.
 */
export function activeMention(text: string, caret: number): ActiveMention | null {
  if (caret < 1 || caret > text.length) return null;
  const from = Math.max(0, caret - MAX_QUERY - 1);
  for (let i = caret - 1; i >= from; i--) {
    const char = text[i]!;
    if (char === "\n" || char === "[" || char === "]" || char === "(" || char === ")") return null;
    if (char !== "@") continue;
    const before = i === 0 ? " " : text[i - 1]!;
    if (!/[\s([{"'«¿¡]/u.test(before)) return null;
    const query = text.slice(i + 1, caret);
    // Two spaces in a row, or a leading space: the person has moved on.
    if (query.startsWith(" ") || query.includes("  ")) return null;
    return { start: i, end: caret, query };
  }
  return null;
}

/** Lower case without accents, so «andres» finds «Andrés». */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * Members matching the query: a word of the name (or the whole name) starting with it, or the
 * agency's short name or name starting with it. Name-start matches first, then by name; at most
 * `limit`. An empty query lists everyone (by name).
 */
export function matchMembers<T extends MentionCandidate>(members: readonly T[], query: string, options: { limit?: number; exclude?: string } = {}): T[] {
  const limit = options.limit ?? 8;
  const q = fold(query.trim());
  const scored: { member: T; score: number }[] = [];
  for (const member of members) {
    if (member.userId === options.exclude) continue;
    const name = fold(member.name);
    let score = -1;
    if (q === "") score = 1;
    else if (name.startsWith(q)) score = 0;
    else if (name.split(/\s+/).some((word) => word.startsWith(q))) score = 1;
    else if (fold(member.org.shortName).startsWith(q) || fold(member.org.name).split(/\s+/).some((word) => word.startsWith(q))) score = 2;
    if (score >= 0) scored.push({ member, score });
  }
  scored.sort((a, b) => a.score - b.score || a.member.name.localeCompare(b.member.name, "es"));
  return scored.slice(0, limit).map((s) => s.member);
}

/** How a chosen person is written into the body (the label may not hold `]` or a line break). */
export function mentionToken(person: { userId: string; name: string }): string {
  const label = person.name.replace(/[\]\n\r]/g, " ").trim().slice(0, 200) || "?";
  return `@[${label}](${person.userId})`;
}

/** The text after choosing `person` for `mention`, and where the caret goes (after a space). */
export function insertMention(text: string, mention: ActiveMention, person: { userId: string; name: string }): { text: string; caret: number } {
  const token = mentionToken(person);
  const after = text.slice(mention.end);
  const glue = after.startsWith(" ") ? "" : " ";
  const next = text.slice(0, mention.start) + token + glue + after;
  return { text: next, caret: mention.start + token.length + 1 };
}

/** The option after `delta` steps from `index` in a list of `count`, wrapping; -1 when empty. */
export function moveActive(index: number, delta: number, count: number): number {
  if (count <= 0) return -1;
  if (index < 0) return delta > 0 ? 0 : count - 1;
  return (((index + delta) % count) + count) % count;
}
