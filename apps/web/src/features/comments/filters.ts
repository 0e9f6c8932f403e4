// The threads panel's filters and order, as pure functions (unit-tested): status, agency, author,
// «me mencionan», and the document order the editor or canvas supplies.
import { mentionedUserIds } from "@taller/domain/comment-text";
import type { CommentPerson, CommentThread } from "../../api/comments";

export type StatusFilter = "open" | "resolved" | "all";

export type ThreadFilters = {
  status: StatusFilter;
  /** An agency id: threads in which someone of that agency wrote (opened or replied). */
  orgId: string;
  /** A person id: threads in which that person wrote. */
  authorId: string;
  /** Only threads with a comment that mentions the reader. */
  mentionsMe: boolean;
};

export const defaultFilters: ThreadFilters = { status: "open", orgId: "", authorId: "", mentionsMe: false };

/** The people who wrote in a thread (its opener and the authors of comments still shown). */
export function participants(thread: CommentThread): CommentPerson[] {
  const people = new Map<string, CommentPerson>([[thread.openedBy.id, thread.openedBy]]);
  for (const comment of thread.comments) if (!comment.deleted) people.set(comment.author.id, comment.author);
  return [...people.values()];
}

/** Whether a comment still shown in the thread mentions `userId`. */
export function mentions(thread: CommentThread, userId: string): boolean {
  const id = userId.toLowerCase();
  return thread.comments.some((comment) => !comment.deleted && mentionedUserIds(comment.body).includes(id));
}

export function matchesFilters(thread: CommentThread, filters: ThreadFilters, me: string): boolean {
  if (filters.status !== "all" && thread.status !== filters.status) return false;
  const people = participants(thread);
  if (filters.orgId && !people.some((p) => p.org.id === filters.orgId)) return false;
  if (filters.authorId && !people.some((p) => p.id === filters.authorId)) return false;
  if (filters.mentionsMe && !mentions(thread, me)) return false;
  return true;
}

export function hasActiveFilters(filters: ThreadFilters): boolean {
  return filters.orgId !== "" || filters.authorId !== "" || filters.mentionsMe || filters.status !== defaultFilters.status;
}

/** The agencies and people who wrote in any of the threads, by name (the filters' options). */
export function filterOptions(threads: readonly CommentThread[]): { orgs: CommentPerson["org"][]; authors: CommentPerson[] } {
  const orgs = new Map<string, CommentPerson["org"]>();
  const authors = new Map<string, CommentPerson>();
  for (const thread of threads) {
    for (const person of participants(thread)) {
      orgs.set(person.org.id, person.org);
      authors.set(person.id, person);
    }
  }
  return {
    orgs: [...orgs.values()].sort((a, b) => a.shortName.localeCompare(b.shortName, "es")),
    authors: [...authors.values()].sort((a, b) => a.name.localeCompare(b.name, "es")),
  };
}

/**
 * The panel's two groups: threads with a place in the document, in document order (`position`
 * gives each its place; equal places keep creation order), and orphaned ones (their text or shape
 * is gone, or `position` has none), oldest first.
 */
export function groupThreads(
  threads: readonly CommentThread[],
  position: (thread: CommentThread) => number | null,
  orphaned: (thread: CommentThread) => boolean,
): { anchored: CommentThread[]; orphaned: CommentThread[] } {
  const anchored: { thread: CommentThread; at: number }[] = [];
  const lost: CommentThread[] = [];
  for (const thread of threads) {
    const at = orphaned(thread) ? null : position(thread);
    if (at === null) lost.push(thread);
    else anchored.push({ thread, at });
  }
  const byCreation = (a: CommentThread, b: CommentThread) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
  anchored.sort((a, b) => a.at - b.at || byCreation(a.thread, b.thread));
  return { anchored: anchored.map((a) => a.thread), orphaned: lost.sort(byCreation) };
}
