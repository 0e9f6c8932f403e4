// «Nuevo» markers: per person and browser, the time of the latest comment they have seen in each
// thread (localStorage, keyed by user id, so people sharing a browser keep their own). A thread
// shows «nuevo» when someone else wrote or edited in it after that.
import type { CommentThread } from "../../api/comments";

/** thread id → ISO time of the latest activity the person saw. */
export type SeenMap = Record<string, string>;

/** Most threads remembered per person (the oldest seen ones are forgotten first). */
export const SEEN_LIMIT = 2000;

function activityOf(comment: CommentThread["comments"][number]): string {
  return comment.editedAt && comment.editedAt > comment.createdAt ? comment.editedAt : comment.createdAt;
}

/** The latest comment or edit in the thread by anyone (what "seen" records). */
export function latestActivity(thread: CommentThread): string {
  let latest = thread.createdAt;
  for (const comment of thread.comments) {
    const at = activityOf(comment);
    if (at > latest) latest = at;
  }
  return latest;
}

/** Whether someone other than `me` wrote or edited a comment (not deleted) after what `seen` records. */
export function isUnread(thread: CommentThread, seen: SeenMap, me: string): boolean {
  const last = seen[thread.id] ?? "";
  return thread.comments.some((comment) => !comment.deleted && comment.author.id !== me && activityOf(comment) > last);
}

/** The comments of others the person has not seen yet (for the panel's announcement). */
export function unseenComments(thread: CommentThread, seen: SeenMap, me: string): CommentThread["comments"] {
  const last = seen[thread.id] ?? "";
  return thread.comments.filter((comment) => !comment.deleted && comment.author.id !== me && activityOf(comment) > last);
}

/** `seen` with the thread marked as seen up to its latest activity (same object when nothing changes). */
export function markSeen(seen: SeenMap, thread: CommentThread): SeenMap {
  const latest = latestActivity(thread);
  if ((seen[thread.id] ?? "") >= latest) return seen;
  const next = { ...seen, [thread.id]: latest };
  const ids = Object.keys(next);
  if (ids.length <= SEEN_LIMIT) return next;
  const keep = ids.sort((a, b) => next[b]!.localeCompare(next[a]!)).slice(0, SEEN_LIMIT);
  return Object.fromEntries(keep.map((id) => [id, next[id]!]));
}

export function seenStorageKey(userId: string): string {
  return `taller.comments.seen.${userId}`;
}

/** The stored map, or an empty one (missing, unreadable or malformed storage). */
export function readSeen(storage: Pick<Storage, "getItem"> | undefined, userId: string): SeenMap {
  try {
    const raw = storage?.getItem(seenStorageKey(userId));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}

export function writeSeen(storage: Pick<Storage, "setItem"> | undefined, userId: string, seen: SeenMap): void {
  try {
    storage?.setItem(seenStorageKey(userId), JSON.stringify(seen));
  } catch {
    // Storage full or disabled: the markers last for this page only.
  }
}
