// A comment's text: its length limit and its @mentions, as pure functions without dependencies
// (the web app renders and parses bodies with them without loading zod). comments.ts re-exports
// everything here.

/** Longest comment body; a longer one is refused (400 `validation_failed`, code `too_long`). */
export const COMMENT_BODY_MAX_LENGTH = 10_000;
/** Longest resolution note. */
export const RESOLUTION_NOTE_MAX_LENGTH = 2_000;

// ---------------------------------------------------------------------------------------------
// Mentions

/**
 * How a mention is written in a body: `@[Display name](<user uuid>)`. The composer inserts it
 * from the autocomplete; the server notifies only mentioned people who are members of the project
 * (any other id stays as text), and the web shows the person's current name and agency.
 */
export const MENTION_PATTERN = /@\[([^\]\n]{1,200})\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi;

/** The distinct user ids mentioned in a body, in order of first appearance. */
export function mentionedUserIds(body: string): string[] {
  const ids: string[] = [];
  for (const match of body.matchAll(MENTION_PATTERN)) {
    const id = match[2]!.toLowerCase();
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** One piece of a body as the web renders it: text, or a mention of a user id. */
export type BodyPart = { kind: "text"; text: string } | { kind: "mention"; userId: string; label: string };

/** Splits a body into text and mentions (rendering never interprets anything else: no HTML). */
export function bodyParts(body: string): BodyPart[] {
  const parts: BodyPart[] = [];
  let last = 0;
  for (const match of body.matchAll(MENTION_PATTERN)) {
    if (match.index > last) parts.push({ kind: "text", text: body.slice(last, match.index) });
    parts.push({ kind: "mention", userId: match[2]!.toLowerCase(), label: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < body.length) parts.push({ kind: "text", text: body.slice(last) });
  return parts;
}

/** A body with mentions written as `@Name` (for emails, exports and quotes). */
export function bodyAsPlainText(body: string): string {
  return body.replace(MENTION_PATTERN, (_m, label: string) => `@${label}`);
}
