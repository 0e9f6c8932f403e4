import type { StoredAnchor } from "@taller/db";
import type { NotificationRecord } from "../queries/notifications";

/** Where a notification leads in the web app: the document, with its thread opened. */
export function notificationPath(documentId: string, threadId: string): string {
  return `/documents/${documentId}?thread=${threadId}`;
}

/** Where a review notification leads: the round's page in its project. */
export function reviewPath(projectId: string, reviewId: string): string {
  return `/projects/${projectId}/reviews/${reviewId}`;
}

/** Where a meeting notification leads: the meeting's page. */
export function meetingPath(meetingId: string): string {
  return `/meetings/${meetingId}`;
}

/** The link of a notification: its thread, its review round, or its meeting. */
export function linkOf(n: {
  project: { id: string } | null;
  document: { id: string } | null;
  thread: { id: string } | null;
  review: { id: string } | null;
  meeting?: { id: string } | null;
}): string {
  if (n.meeting) return meetingPath(n.meeting.id);
  if (n.review && n.project) return reviewPath(n.project.id, n.review.id);
  if (n.thread && n.document) return notificationPath(n.document.id, n.thread.id);
  throw new Error("a notification is about a thread, a review round or a meeting");
}

/**
 * What an inbox item says of its review round, by kind: the decision taken (`review_decided`),
 * the result (`review_closed`), the due date (`review_requested`, `review_due`).
 */
function presentReviewRef(n: NotificationRecord) {
  if (!n.review) return null;
  if (!n.version) throw new Error(`notification ${n.id}: its review's version was not loaded`);
  const base = { id: n.review.id, versionNumber: n.version.number, versionName: n.version.name };
  switch (n.kind) {
    case "review_decided":
      return n.decision ? { ...base, decision: n.decision.decision } : base;
    case "review_closed":
      return { ...base, result: n.review.result };
    default:
      return { ...base, dueAt: n.review.dueAt };
  }
}

/** The quoted text of a text anchor (what the thread is about), if any. */
export function anchorQuote(anchor: StoredAnchor): string | undefined {
  return anchor.type === "text" && anchor.quote ? anchor.quote : undefined;
}

/**
 * The one API shape of an inbox item: about a thread (`thread`, `review: null`), about a review
 * round (`thread: null`, `review`), or about a meeting (`meeting`; `project` and `document` null:
 * a meeting may span several projects).
 */
export function presentNotification(n: NotificationRecord) {
  const quote = n.thread ? anchorQuote(n.thread.anchor) : undefined;
  return {
    id: n.id,
    kind: n.kind,
    createdAt: n.createdAt,
    readAt: n.readAt,
    project: n.project,
    document: n.document,
    thread: n.thread ? { id: n.thread.id, ...(quote !== undefined ? { quote } : {}) } : null,
    review: presentReviewRef(n),
    meeting: n.meeting,
    actor:
      n.actor && n.actorOrg
        ? { id: n.actor.id, name: n.actor.name, org: { id: n.actorOrg.id, name: n.actorOrg.name, shortName: n.actorOrg.shortName } }
        : null,
    link: linkOf(n),
  };
}
