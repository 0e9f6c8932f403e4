// How a person appears to others in a live document. Shared by the web app (its own caret and
// cursor) and the server (which stamps every relayed presence with it), so both always agree.

const PALETTE = ["#1d4ed8", "#b91c1c", "#047857", "#7c3aed", "#b45309", "#0e7490", "#be185d", "#4d7c0f"];

/** A stable, high-contrast color per user id for carets and cursors. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length]!;
}
