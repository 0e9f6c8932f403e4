import { z } from "zod";
import { COMMENT_BODY_MAX_LENGTH, RESOLUTION_NOTE_MAX_LENGTH } from "./comment-text";
import { can, type Actor, type ProjectSubject } from "./permissions";

/**
 * Coordination comments: threads anchored to a study's text or a canvas, with replies. The data
 * lives in PostgreSQL, not in the Yjs documents (commenters are read-only there). This module holds
 * the request shapes (the server validates with them, the web composer too) and the rules, as pure
 * functions the server applies to every request.
 */

// The body's limit and mentions live in comment-text.ts (no zod: the web renders bodies without
// loading the schemas) and are re-exported here unchanged.
export {
  COMMENT_BODY_MAX_LENGTH,
  RESOLUTION_NOTE_MAX_LENGTH,
  MENTION_PATTERN,
  mentionedUserIds,
  bodyParts,
  bodyAsPlainText,
  type BodyPart,
} from "./comment-text";

/** A Yjs item id inside a relative position (`{client, clock}`). */
const yId = z.strictObject({ client: z.number().int().nonnegative(), clock: z.number().int().nonnegative() });

/**
 * A Yjs relative position as `Y.relativePositionToJSON` writes it (what y-prosemirror's
 * `absolutePositionToRelativePosition` makes from a selection). Its shape is checked here; whether
 * it resolves in the document is the server's question (400 `invalid_anchor` when it does not).
 */
export const relativePositionSchema = z.strictObject({
  type: yId.optional(),
  tname: z.string().max(200).optional(),
  item: yId.optional(),
  assoc: z.number().int().min(-1).max(1).optional(),
});
export type RelativePositionJson = z.infer<typeof relativePositionSchema>;

const coordinate = z.number().finite().min(-1e7).max(1e7);
const point = z.strictObject({ x: coordinate, y: coordinate });
const region = z.strictObject({ x: coordinate, y: coordinate, w: z.number().finite().positive().max(1e7), h: z.number().finite().positive().max(1e7) });

export const textAnchorSchema = z.strictObject({
  type: z.literal("text"),
  start: relativePositionSchema,
  end: relativePositionSchema,
});

/**
 * A canvas anchor is one of: a shape (its id and a point relative to the shape's top-left corner),
 * a point, or a region (rectangle), both in page coordinates. The web stores a shape's point as a
 * FRACTION of the shape's own bounds (0,0 its top-left corner, 1,1 its bottom-right, in the shape's
 * local space before rotation), so the pin keeps its place when the shape moves, rotates or is
 * resized (apps/web/src/features/canvas/comments/geometry.ts). A point or region may name its
 * tldraw page (`pageId`, which must exist on the canvas); without it (older threads) it shows on
 * every page. A shape anchor has no `pageId`: its page is the shape's own.
 */
export const canvasAnchorSchema = z
  .strictObject({
    type: z.literal("canvas"),
    shapeId: z.string().regex(/^shape:[A-Za-z0-9_-]{1,100}$/, { error: "invalid_format" }).optional(),
    point: point.optional(),
    region: region.optional(),
    pageId: z.string().regex(/^page:[A-Za-z0-9_-]{1,100}$/, { error: "invalid_format" }).optional(),
  })
  .refine(
    (a) =>
      a.shapeId ? a.point !== undefined && a.region === undefined && a.pageId === undefined : (a.point === undefined) !== (a.region === undefined),
    {
      error: "invalid",
      path: [],
    },
  );

export const anchorSchema = z.discriminatedUnion("type", [textAnchorSchema, canvasAnchorSchema]);
export type TextAnchorInput = z.infer<typeof textAnchorSchema>;
export type CanvasAnchorInput = z.infer<typeof canvasAnchorSchema>;
export type AnchorInput = z.infer<typeof anchorSchema>;

/** A comment body: plain text with @mentions (`@[Nombre](user-uuid)`), never HTML. */
export const commentBody = z.string().trim().min(1).max(COMMENT_BODY_MAX_LENGTH);

/** `POST /api/documents/:id/threads`. */
export const threadCreateSchema = z.strictObject({ anchor: anchorSchema, body: commentBody });
export type ThreadCreateInput = z.infer<typeof threadCreateSchema>;

/** `POST /api/threads/:id/comments` and `PATCH /api/comments/:id`. */
export const commentBodySchema = z.strictObject({ body: commentBody });
export type CommentBodyInput = z.infer<typeof commentBodySchema>;

/** `POST /api/threads/:id/resolve`. */
export const threadResolveSchema = z.strictObject({ note: z.string().trim().max(RESOLUTION_NOTE_MAX_LENGTH).optional() });
export type ThreadResolveInput = z.infer<typeof threadResolveSchema>;

export const THREAD_STATUSES = ["open", "resolved"] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

/** `GET /api/documents/:id/threads?status=`. */
export const threadListQuerySchema = z.object({ status: z.enum(THREAD_STATUSES).optional() });
export type ThreadListQuery = z.infer<typeof threadListQuerySchema>;

/** `GET /api/documents/:id/threads/export?format=`. */
export const threadExportQuerySchema = z.object({ format: z.enum(["csv", "json", "md"]) });
export type ThreadExportQuery = z.infer<typeof threadExportQuerySchema>;

/** `POST /api/notifications/read`: the given notifications, or all of the reader's. */
export const notificationsReadSchema = z.union([
  z.strictObject({ ids: z.array(z.uuid()).min(1).max(500) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type NotificationsReadInput = z.infer<typeof notificationsReadSchema>;

/** `PATCH /api/me/preferences`. */
export const preferencesSchema = z.strictObject({ emailNotifications: z.boolean() });
export type PreferencesInput = z.infer<typeof preferencesSchema>;

// ---------------------------------------------------------------------------------------------
// Rules

/** What the rules need to know of a thread. */
export interface ThreadSubject {
  openedBy: string;
  status: ThreadStatus;
}

/** What the rules need to know of a comment. */
export interface CommentSubject {
  authorId: string;
  deleted: boolean;
}

/** Owner, editor, commenter and reviewer open threads and reply; viewers and admins-without-role read. */
export function canComment(actor: Actor, subject: ProjectSubject): boolean {
  return can(actor, "comment.create", subject);
}

/**
 * A thread is resolved by its opener (while they may still comment), a project owner or a
 * reviewer. An editor cannot close an agency's thread: the agency said it, the agency (or the
 * people who decide) says it was dealt with.
 */
export function canResolveThread(actor: Actor, subject: ProjectSubject, thread: ThreadSubject): boolean {
  if (thread.status !== "open" || !canComment(actor, subject)) return false;
  return thread.openedBy === actor.userId || can(actor, "thread.resolveAny", subject);
}

/** Anyone who may comment may reopen a resolved thread. */
export function canReopenThread(actor: Actor, subject: ProjectSubject, thread: ThreadSubject): boolean {
  return thread.status === "resolved" && canComment(actor, subject);
}

/** Replies go to open and resolved threads alike (a reply does not reopen). */
export function canReply(actor: Actor, subject: ProjectSubject): boolean {
  return canComment(actor, subject);
}

/** Only the author edits or deletes their own comment, while they may still comment, and not once deleted. */
export function canChangeComment(actor: Actor, subject: ProjectSubject, comment: CommentSubject): boolean {
  return !comment.deleted && comment.authorId === actor.userId && canComment(actor, subject);
}

/** Per-thread abilities the server sends with each thread (the web shows controls from them). */
export interface ThreadAbilities {
  reply: boolean;
  resolve: boolean;
  reopen: boolean;
}

export function threadAbilities(actor: Actor, subject: ProjectSubject, thread: ThreadSubject): ThreadAbilities {
  return {
    reply: canReply(actor, subject),
    resolve: canResolveThread(actor, subject, thread),
    reopen: canReopenThread(actor, subject, thread),
  };
}

/** Per-comment abilities. */
export interface CommentAbilities {
  edit: boolean;
  delete: boolean;
}

export function commentAbilities(actor: Actor, subject: ProjectSubject, comment: CommentSubject): CommentAbilities {
  const mine = canChangeComment(actor, subject, comment);
  return { edit: mine, delete: mine };
}

// ---------------------------------------------------------------------------------------------
// Notifications

/**
 * Comment kinds (about a thread) and review kinds (about a review round): `review_requested` (a
 * round asks them, as a named person or a member of a participating agency), `review_decided` (a
 * decision in a round they submitted, or of a project they own), `review_closed` (a round they
 * submitted or take part in closed), `review_due` (a round still pending for them is due within a
 * day or overdue; once per round). Meeting kinds (about a meeting): `meeting_invited` (added as an
 * attendee), `meeting_sealed` (a meeting they attend was closed and sealed).
 */
export const NOTIFICATION_KINDS = [
  "mention",
  "reply",
  "resolved",
  "review_requested",
  "review_decided",
  "review_closed",
  "review_due",
  "meeting_invited",
  "meeting_sealed",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** The kinds about a review round (the others are about a thread). */
export const REVIEW_NOTIFICATION_KINDS = ["review_requested", "review_decided", "review_closed", "review_due"] as const satisfies readonly NotificationKind[];
export type ReviewNotificationKind = (typeof REVIEW_NOTIFICATION_KINDS)[number];
export const MEETING_NOTIFICATION_KINDS = ["meeting_invited", "meeting_sealed"] as const satisfies readonly NotificationKind[];
export type MeetingNotificationKind = (typeof MEETING_NOTIFICATION_KINDS)[number];
export type CommentNotificationKind = Exclude<NotificationKind, ReviewNotificationKind | MeetingNotificationKind>;

/**
 * Who is notified of a new comment, and why: people mentioned (who are members), then the other
 * participants of the thread (its opener and earlier authors) for a reply. Never the author.
 * A person is notified once per comment, for the strongest reason (a mention beats a reply).
 */
export function commentRecipients(input: {
  authorId: string;
  mentioned: readonly string[];
  members: ReadonlySet<string>;
  participants: readonly string[];
  isReply: boolean;
}): { userId: string; kind: NotificationKind }[] {
  const out = new Map<string, NotificationKind>();
  for (const id of input.mentioned) if (id !== input.authorId && input.members.has(id)) out.set(id, "mention");
  if (input.isReply) {
    for (const id of input.participants) if (id !== input.authorId && input.members.has(id) && !out.has(id)) out.set(id, "reply");
  }
  return [...out].map(([userId, kind]) => ({ userId, kind }));
}

/** A thread's resolution notifies its opener, unless the opener resolved it. */
export function resolutionRecipients(input: { resolverId: string; openedBy: string; members: ReadonlySet<string> }): { userId: string; kind: NotificationKind }[] {
  return input.openedBy !== input.resolverId && input.members.has(input.openedBy) ? [{ userId: input.openedBy, kind: "resolved" }] : [];
}
