// The canvas's threads as the pins and the panel number them (pure: unit-tested without tldraw).
import type { CommentThread } from "../../../api/comments";
import type { CanvasAnchor } from "./geometry";

/** A canvas thread with its number (1, 2, 3… in the order they were opened, as the panel lists them). */
export interface NumberedThread {
  thread: CommentThread;
  number: number;
  anchor: CanvasAnchor;
}

/** The server's anchor (nullable fields) in the geometry's terms; null for a text anchor. */
export function canvasAnchorOf(thread: CommentThread): CanvasAnchor | null {
  const { anchor } = thread;
  if (anchor.type !== "canvas") return null;
  return {
    type: "canvas",
    ...(anchor.shapeId ? { shapeId: anchor.shapeId } : {}),
    ...(anchor.point ? { point: anchor.point } : {}),
    ...(anchor.region ? { region: anchor.region } : {}),
    ...(anchor.pageId ? { pageId: anchor.pageId } : {}),
  };
}

/** The document's canvas threads, numbered in the order they were opened (stable for everyone). */
export function numberThreads(threads: readonly CommentThread[]): NumberedThread[] {
  const sorted = [...threads].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const numbered: NumberedThread[] = [];
  for (const thread of sorted) {
    const anchor = canvasAnchorOf(thread);
    if (anchor) numbered.push({ thread, number: numbered.length + 1, anchor });
  }
  return numbered;
}
