import type { DocumentVersion } from "@taller/db";
import type { CanvasDiff, TextDiff } from "@taller/editor-schema/diff";

/** One end of a diff: a version, or the live document (`versionId: null`). */
export interface DiffEnd {
  versionId: string | null;
  number: number | null;
  name: string | null;
  createdAt: Date | null;
}

export const liveEnd: DiffEnd = { versionId: null, number: null, name: null, createdAt: null };

export function versionEnd(v: Pick<DocumentVersion, "id" | "number" | "name" | "createdAt">): DiffEnd {
  return { versionId: v.id, number: v.number, name: v.name, createdAt: v.createdAt };
}

/**
 * The answer of `GET /api/versions/:id/diff`: both ends (earlier `from`, later `to`), a summary of
 * counts, and what the web needs to render it — for a study every block of the later reading with
 * its inline insertions and deletions, and the sections; for a canvas the changed shapes, the later
 * record map (to draw it) and the earlier records of the shapes that moved, changed or went away
 * (to draw their earlier place).
 */
export function presentTextDiff(documentId: string, from: DiffEnd, to: DiffEnd, diff: TextDiff) {
  return { kind: "text" as const, documentId, from, to, summary: diff.summary, sections: diff.sections, blocks: diff.blocks };
}

export function presentCanvasDiff(
  documentId: string,
  from: DiffEnd,
  to: DiffEnd,
  diff: CanvasDiff,
  earlier: Record<string, unknown>,
  later: Record<string, unknown>,
) {
  const earlierShapes: Record<string, unknown> = {};
  for (const shape of diff.shapes) if (shape.status !== "added" && earlier[shape.id] !== undefined) earlierShapes[shape.id] = earlier[shape.id];
  return { kind: "canvas" as const, documentId, from, to, summary: diff.summary, shapes: diff.shapes, later, earlierShapes };
}
