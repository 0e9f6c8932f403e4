import { describe, expect, it } from "vitest";
import {
  anchorSchema,
  bodyAsPlainText,
  bodyParts,
  canChangeComment,
  canComment,
  canReopenThread,
  canReply,
  canResolveThread,
  COMMENT_BODY_MAX_LENGTH,
  commentAbilities,
  commentBodySchema,
  commentRecipients,
  mentionedUserIds,
  resolutionRecipients,
  threadAbilities,
  threadCreateSchema,
  threadExportQuerySchema,
  threadListQuerySchema,
  threadResolveSchema,
} from "./comments";
import type { Actor } from "./permissions";
import type { ProjectRole } from "./vocabulary";

const me: Actor = { userId: "me", isAdmin: false };
const admin: Actor = { userId: "me", isAdmin: true };
const other = "someone-else";

type Who = ProjectRole | "admin without role" | "non-member";
const WHO: Who[] = ["owner", "editor", "commenter", "reviewer", "viewer", "admin without role", "non-member"];
const actorOf = (who: Who): Actor => (who === "admin without role" ? admin : me);
const subjectOf = (who: Who) => ({ role: who === "admin without role" || who === "non-member" ? null : who });

/**
 * The rules as one table: for each kind of person, what they may do. `own` = a thread they opened
 * or a comment they wrote; `other` = someone else's (an agency's).
 */
const TABLE: Record<string, Record<Who, boolean>> = {
  comment: { owner: true, editor: true, commenter: true, reviewer: true, viewer: false, "admin without role": false, "non-member": false },
  reply: { owner: true, editor: true, commenter: true, reviewer: true, viewer: false, "admin without role": false, "non-member": false },
  "resolve own open thread": { owner: true, editor: true, commenter: true, reviewer: true, viewer: false, "admin without role": false, "non-member": false },
  "resolve other's open thread": { owner: true, editor: false, commenter: false, reviewer: true, viewer: false, "admin without role": false, "non-member": false },
  "resolve a resolved thread": { owner: false, editor: false, commenter: false, reviewer: false, viewer: false, "admin without role": false, "non-member": false },
  "reopen other's resolved thread": { owner: true, editor: true, commenter: true, reviewer: true, viewer: false, "admin without role": false, "non-member": false },
  "reopen an open thread": { owner: false, editor: false, commenter: false, reviewer: false, viewer: false, "admin without role": false, "non-member": false },
  "change own comment": { owner: true, editor: true, commenter: true, reviewer: true, viewer: false, "admin without role": false, "non-member": false },
  "change own deleted comment": { owner: false, editor: false, commenter: false, reviewer: false, viewer: false, "admin without role": false, "non-member": false },
  "change other's comment": { owner: false, editor: false, commenter: false, reviewer: false, viewer: false, "admin without role": false, "non-member": false },
};

const DECIDE: Record<keyof typeof TABLE, (actor: Actor, subject: { role: ProjectRole | null }) => boolean> = {
  comment: (a, s) => canComment(a, s),
  reply: (a, s) => canReply(a, s),
  "resolve own open thread": (a, s) => canResolveThread(a, s, { openedBy: a.userId, status: "open" }),
  "resolve other's open thread": (a, s) => canResolveThread(a, s, { openedBy: other, status: "open" }),
  "resolve a resolved thread": (a, s) => canResolveThread(a, s, { openedBy: a.userId, status: "resolved" }),
  "reopen other's resolved thread": (a, s) => canReopenThread(a, s, { openedBy: other, status: "resolved" }),
  "reopen an open thread": (a, s) => canReopenThread(a, s, { openedBy: a.userId, status: "open" }),
  "change own comment": (a, s) => canChangeComment(a, s, { authorId: a.userId, deleted: false }),
  "change own deleted comment": (a, s) => canChangeComment(a, s, { authorId: a.userId, deleted: true }),
  "change other's comment": (a, s) => canChangeComment(a, s, { authorId: other, deleted: false }),
};

describe("comment rules", () => {
  for (const [action, expected] of Object.entries(TABLE)) {
    it(`${action}: ${WHO.filter((w) => expected[w]).join(", ") || "nobody"}`, () => {
      const got = Object.fromEntries(WHO.map((who) => [who, DECIDE[action]!(actorOf(who), subjectOf(who))]));
      expect(got).toEqual(expected);
    });
  }

  it("an editor cannot silently close an agency's thread, but may reopen and reply", () => {
    const editor = { role: "editor" as const };
    const agencyThread = { openedBy: other, status: "open" as const };
    expect(threadAbilities(me, editor, agencyThread)).toEqual({ reply: true, resolve: false, reopen: false });
    expect(threadAbilities(me, editor, { ...agencyThread, status: "resolved" })).toEqual({ reply: true, resolve: false, reopen: true });
  });

  it("an opener demoted to viewer can no longer resolve their own thread", () => {
    expect(canResolveThread(me, { role: "viewer" }, { openedBy: me.userId, status: "open" })).toBe(false);
  });

  it("abilities follow the rules", () => {
    expect(threadAbilities(me, { role: "reviewer" }, { openedBy: other, status: "open" })).toEqual({ reply: true, resolve: true, reopen: false });
    expect(threadAbilities(me, { role: "viewer" }, { openedBy: other, status: "resolved" })).toEqual({ reply: false, resolve: false, reopen: false });
    expect(commentAbilities(me, { role: "commenter" }, { authorId: me.userId, deleted: false })).toEqual({ edit: true, delete: true });
    expect(commentAbilities(me, { role: "owner" }, { authorId: other, deleted: false })).toEqual({ edit: false, delete: false });
    expect(commentAbilities(me, { role: "commenter" }, { authorId: me.userId, deleted: true })).toEqual({ edit: false, delete: false });
  });
});

describe("request shapes", () => {
  const relative = { type: { client: 1, clock: 2 }, tname: undefined, item: { client: 3, clock: 4 }, assoc: -1 };

  it("accepts text anchors of relative positions and refuses anything else in them", () => {
    expect(anchorSchema.safeParse({ type: "text", start: { item: { client: 3, clock: 4 }, assoc: 0 }, end: { tname: "default", assoc: -1 } }).success).toBe(true);
    expect(anchorSchema.safeParse({ type: "text", start: relative, end: relative }).success).toBe(true);
    expect(anchorSchema.safeParse({ type: "text", start: relative, end: relative, quote: "x" }).success).toBe(false);
    expect(anchorSchema.safeParse({ type: "text", start: { item: { client: -1, clock: 0 } }, end: relative }).success).toBe(false);
    expect(anchorSchema.safeParse({ type: "text", start: { item: { client: 1.5, clock: 0 } }, end: relative }).success).toBe(false);
    expect(anchorSchema.safeParse({ type: "text", start: { assoc: 2 }, end: relative }).success).toBe(false);
    expect(anchorSchema.safeParse({ type: "text", start: { html: "<b>" }, end: relative }).success).toBe(false);
    expect(anchorSchema.safeParse({ type: "text", start: relative }).success).toBe(false);
  });

  it("accepts a canvas anchor as a shape with a point, a point, or a region — exactly one", () => {
    const ok = [
      { type: "canvas", shapeId: "shape:abc_1-2", point: { x: 0.5, y: 1 } },
      { type: "canvas", point: { x: -10, y: 10 } },
      { type: "canvas", region: { x: 0, y: 0, w: 10, h: 5 } },
    ];
    for (const anchor of ok) expect(anchorSchema.safeParse(anchor).success, JSON.stringify(anchor)).toBe(true);
    const bad = [
      { type: "canvas" },
      { type: "canvas", shapeId: "shape:abc" },
      { type: "canvas", shapeId: "shape:abc", point: { x: 0, y: 0 }, region: { x: 0, y: 0, w: 1, h: 1 } },
      { type: "canvas", point: { x: 0, y: 0 }, region: { x: 0, y: 0, w: 1, h: 1 } },
      { type: "canvas", shapeId: "page:abc", point: { x: 0, y: 0 } },
      { type: "canvas", shapeId: "shape:<script>", point: { x: 0, y: 0 } },
      { type: "canvas", region: { x: 0, y: 0, w: 0, h: 1 } },
      { type: "canvas", region: { x: 0, y: 0, w: -1, h: 1 } },
      { type: "canvas", point: { x: Number.NaN, y: 0 } },
      { type: "canvas", point: { x: 1e8, y: 0 } },
      { type: "other", point: { x: 0, y: 0 } },
    ];
    for (const anchor of bad) expect(anchorSchema.safeParse(anchor).success, JSON.stringify(anchor)).toBe(false);
  });

  it("lets a point or a region name its tldraw page, not a shape (its page is the shape's own)", () => {
    const ok = [
      { type: "canvas", point: { x: 1, y: 2 }, pageId: "page:page" },
      { type: "canvas", region: { x: 0, y: 0, w: 10, h: 5 }, pageId: "page:a_B-9" },
    ];
    for (const anchor of ok) expect(anchorSchema.parse(anchor), JSON.stringify(anchor)).toEqual(anchor);
    const bad = [
      { type: "canvas", shapeId: "shape:abc", point: { x: 0.5, y: 0.5 }, pageId: "page:page" },
      { type: "canvas", point: { x: 1, y: 2 }, pageId: "shape:abc" },
      { type: "canvas", point: { x: 1, y: 2 }, pageId: "page:" },
      { type: "canvas", point: { x: 1, y: 2 }, pageId: "page:<b>" },
      { type: "canvas", point: { x: 1, y: 2 }, pageId: `page:${"a".repeat(101)}` },
      { type: "canvas", pageId: "page:page" },
    ];
    for (const anchor of bad) expect(anchorSchema.safeParse(anchor).success, JSON.stringify(anchor)).toBe(false);
  });

  it("takes bodies of 1 to 10,000 characters, trimmed, HTML kept as text", () => {
    expect(commentBodySchema.parse({ body: "  hola  " })).toEqual({ body: "hola" });
    expect(commentBodySchema.parse({ body: "<script>alert(1)</script>" })).toEqual({ body: "<script>alert(1)</script>" });
    expect(commentBodySchema.safeParse({ body: "x".repeat(COMMENT_BODY_MAX_LENGTH) }).success).toBe(true);
    const long = commentBodySchema.safeParse({ body: "x".repeat(COMMENT_BODY_MAX_LENGTH + 1) });
    expect(long.success).toBe(false);
    expect(long.error?.issues[0]?.code).toBe("too_big");
    expect(commentBodySchema.safeParse({ body: " \n " }).success).toBe(false);
    expect(commentBodySchema.safeParse({ body: "x", extra: 1 }).success).toBe(false);
    expect(threadCreateSchema.safeParse({ anchor: { type: "canvas", point: { x: 0, y: 0 } }, body: "x" }).success).toBe(true);
  });

  it("reads resolve notes, list filters and export formats", () => {
    expect(threadResolveSchema.parse({})).toEqual({});
    expect(threadResolveSchema.parse({ note: " listo " })).toEqual({ note: "listo" });
    expect(threadResolveSchema.safeParse({ note: "x".repeat(2_001) }).success).toBe(false);
    expect(threadListQuerySchema.parse({})).toEqual({});
    expect(threadListQuerySchema.safeParse({ status: "closed" }).success).toBe(false);
    expect(threadExportQuerySchema.safeParse({ format: "csv" }).success).toBe(true);
    expect(threadExportQuerySchema.safeParse({ format: "html" }).success).toBe(false);
  });
});

describe("mentions", () => {
  const ana = "0b5c7a1e-1111-4222-8333-444455556666";
  const beto = "9f8e7d6c-aaaa-4bbb-8ccc-ddddeeeeffff";

  it("finds each mentioned id once, in order, lower-cased", () => {
    const body = `@[Ana](${ana.toUpperCase()}) y @[Beto Ruiz](${beto}), otra vez @[Ana](${ana}); no: @[x](no-es-uuid) ni [Ana](${ana})`;
    expect(mentionedUserIds(body)).toEqual([ana, beto]);
    expect(mentionedUserIds("sin menciones")).toEqual([]);
  });

  it("splits a body into text and mentions, and writes mentions as @Name in plain text", () => {
    const body = `Hola @[Ana López](${ana}), <b>ver</b>`;
    expect(bodyParts(body)).toEqual([
      { kind: "text", text: "Hola " },
      { kind: "mention", userId: ana, label: "Ana López" },
      { kind: "text", text: ", <b>ver</b>" },
    ]);
    expect(bodyAsPlainText(body)).toBe("Hola @Ana López, <b>ver</b>");
  });
});

describe("who is notified", () => {
  const members = new Set(["author", "opener", "earlier", "mentioned"]);

  it("notifies mentioned members, not the author nor non-members", () => {
    expect(commentRecipients({ authorId: "author", mentioned: ["mentioned", "author", "stranger"], members, participants: [], isReply: false })).toEqual([
      { userId: "mentioned", kind: "mention" },
    ]);
  });

  it("notifies a reply's thread participants once, a mention beating a reply", () => {
    expect(
      commentRecipients({ authorId: "author", mentioned: ["earlier"], members, participants: ["opener", "earlier", "author", "opener", "gone"], isReply: true }),
    ).toEqual([
      { userId: "earlier", kind: "mention" },
      { userId: "opener", kind: "reply" },
    ]);
    expect(commentRecipients({ authorId: "author", mentioned: [], members, participants: ["opener"], isReply: false })).toEqual([]);
  });

  it("notifies the opener of a resolution by someone else, while a member", () => {
    expect(resolutionRecipients({ resolverId: "author", openedBy: "opener", members })).toEqual([{ userId: "opener", kind: "resolved" }]);
    expect(resolutionRecipients({ resolverId: "opener", openedBy: "opener", members })).toEqual([]);
    expect(resolutionRecipients({ resolverId: "author", openedBy: "gone", members })).toEqual([]);
  });
});
