import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "@taller/db/sql";
import { auditLog, commentRevisions, comments, events, notifications, projectMembers, threads, type StoredAnchor, type StudyDocument } from "@taller/db";
import { projectCreateSchema, type Actor, type ProjectRole } from "@taller/domain";
import type { DocumentAccess } from "../queries/access";
import { authorizeComment, authorizeThread } from "../queries/threads";
import { createProject } from "./projects";
import { createDocument } from "./documents";
import { createThread, deleteComment, editComment, reopenThread, replyToThread, resolveThread } from "./threads";
import { commandTestDb, type CommandTestDb } from "./testing";

let t: CommandTestDb;
let owner: Actor;
let editor: Actor;
let agency: Actor;
let reviewer: Actor;
let access: DocumentAccess;
let document: StudyDocument;

const anchor: StoredAnchor = { type: "canvas", point: { x: 1, y: 2 } };

async function member(actor: Actor, role: ProjectRole) {
  await t.db.insert(projectMembers).values({ projectId: access.project.id, userId: actor.userId, role });
}
async function setRole(actor: Actor, role: ProjectRole) {
  await t.db.update(projectMembers).set({ role }).where(and(eq(projectMembers.projectId, access.project.id), eq(projectMembers.userId, actor.userId)));
}
const threadAccess = (threadId: string, actor: Actor) => authorizeThread(t.db, actor, threadId, "comment.create");
const open = (actor: Actor, body = "¿Está liberado el derecho de vía?") => createThread({ db: t.db, actor, access, input: { anchor, body } });

beforeAll(async () => {
  t = await commandTestDb();
  owner = await t.person("responsable@ejemplo.mx");
  const op = await t.org("OP");
  editor = await t.person("edicion@ejemplo.mx");
  agency = await t.person("obra.publica@ejemplo.mx", { orgId: op.id });
  reviewer = await t.person("revision@ejemplo.mx");
  const project = await createProject({ db: t.db, actor: owner, input: projectCreateSchema.parse({ name: "Libramiento", kind: "study" }) });
  document = await createDocument({ db: t.db, actor: owner, access: project, input: { kind: "canvas", title: "Croquis" } });
  access = { ...project, document };
  await member(editor, "editor");
  await member(agency, "commenter");
  await member(reviewer, "reviewer");
});
afterAll(() => t.close());

describe("createThread", () => {
  it("writes the thread, its first comment, the audit entry and the project event together", async () => {
    const thread = await open(agency);
    const rows = await t.db.select().from(comments).where(eq(comments.threadId, thread.id));
    expect(rows.map((c) => [c.authorId, c.body])).toEqual([[agency.userId, "¿Está liberado el derecho de vía?"]]);
    expect(await t.auditedActions(thread.id)).toEqual(["thread.created"]);
    const [event] = await t.db.select().from(events).where(eq(events.type, "thread.created")).orderBy(asc(events.seq));
    expect(event).toMatchObject({ stream: `project:${access.project.id}`, data: { threadId: thread.id, documentId: document.id } });
  });

  it("re-reads the role: someone demoted to viewer since the edge decided cannot open a thread", async () => {
    await setRole(agency, "viewer");
    try {
      await expect(open(agency)).rejects.toMatchObject({ code: "forbidden" });
    } finally {
      await setRole(agency, "commenter");
    }
  });
});

describe("resolveThread", () => {
  it("lets one of two simultaneous resolutions through; the other sees it resolved (409)", async () => {
    const thread = await open(agency);
    const [a, b] = await Promise.allSettled([
      resolveThread({ db: t.db, actor: owner, access: await threadAccess(thread.id, owner), input: {} }),
      resolveThread({ db: t.db, actor: reviewer, access: await threadAccess(thread.id, reviewer), input: { note: "Atendido" } }),
    ]);
    const outcomes = [a, b].map((r) => (r.status === "fulfilled" ? "ok" : (r.reason as { code: string }).code)).sort();
    expect(outcomes).toEqual(["invalid_thread_state", "ok"]);
    expect(await t.auditedActions(thread.id)).toEqual(["thread.created", "thread.resolved"]);
    const notified = await t.db.select().from(notifications).where(and(eq(notifications.threadId, thread.id), eq(notifications.kind, "resolved")));
    expect(notified.map((n) => n.userId)).toEqual([agency.userId]);
  });

  it("refuses an editor on an agency's thread, and a reviewer demoted in between", async () => {
    const thread = await open(agency);
    await expect(resolveThread({ db: t.db, actor: editor, access: await threadAccess(thread.id, editor), input: {} })).rejects.toMatchObject({ code: "forbidden" });
    const edge = await threadAccess(thread.id, reviewer);
    await setRole(reviewer, "editor");
    try {
      await expect(resolveThread({ db: t.db, actor: reviewer, access: edge, input: {} })).rejects.toMatchObject({ code: "forbidden" });
    } finally {
      await setRole(reviewer, "reviewer");
    }
    const [row] = await t.db.select().from(threads).where(eq(threads.id, thread.id));
    expect(row!.status).toBe("open");
    expect(await t.auditedActions(thread.id)).toEqual(["thread.created"]);
  });

  it("resolves and reopens, clearing the resolution", async () => {
    const thread = await open(agency);
    const resolved = await resolveThread({ db: t.db, actor: agency, access: await threadAccess(thread.id, agency), input: { note: "Liberado" } });
    expect(resolved).toMatchObject({ status: "resolved", resolvedBy: agency.userId, resolutionNote: "Liberado" });
    await expect(resolveThread({ db: t.db, actor: agency, access: await threadAccess(thread.id, agency), input: {} })).rejects.toMatchObject({ code: "invalid_thread_state" });
    const reopened = await reopenThread({ db: t.db, actor: editor, access: await threadAccess(thread.id, editor), input: {} });
    expect(reopened).toMatchObject({ status: "open", resolvedBy: null, resolvedAt: null, resolutionNote: null });
    await expect(reopenThread({ db: t.db, actor: editor, access: await threadAccess(thread.id, editor), input: {} })).rejects.toMatchObject({ code: "invalid_thread_state" });
    expect(await t.auditedActions(thread.id)).toEqual(["thread.created", "thread.resolved", "thread.reopened"]);
  });
});

describe("replies and edits", () => {
  it("notifies the opener and earlier authors of a reply, and people newly mentioned in an edit", async () => {
    const thread = await open(agency);
    await replyToThread({ db: t.db, actor: editor, access: await threadAccess(thread.id, editor), input: { body: "Lo reviso." } });
    const reply = await replyToThread({ db: t.db, actor: owner, access: await threadAccess(thread.id, owner), input: { body: "Gracias." } });
    const kinds = async (commentId: string) =>
      (await t.db.select().from(notifications).where(eq(notifications.commentId, commentId))).map((n) => [n.userId, n.kind]).sort();
    expect(await kinds(reply.id)).toEqual([[agency.userId, "reply"], [editor.userId, "reply"]].sort());
    const commentAccess = await authorizeComment(t.db, owner, reply.id, "comment.create");
    await editComment({ db: t.db, actor: owner, access: commentAccess, input: { body: `Gracias, @[Revisión](${reviewer.userId}).` } });
    expect(await kinds(reply.id)).toEqual([[agency.userId, "reply"], [editor.userId, "reply"], [reviewer.userId, "mention"]].sort());
    // The same mention again is not a new one.
    await editComment({ db: t.db, actor: owner, access: commentAccess, input: { body: `Gracias de nuevo, @[Revisión](${reviewer.userId}).` } });
    expect((await kinds(reply.id)).length).toBe(3);
    const revisions = await t.db.select().from(commentRevisions).where(eq(commentRevisions.commentId, reply.id)).orderBy(asc(commentRevisions.replacedAt));
    expect(revisions.map((r) => r.body)).toEqual(["Gracias.", `Gracias, @[Revisión](${reviewer.userId}).`]);
    const userEvents = await t.db.select().from(events).where(eq(events.stream, `user:${reviewer.userId}`));
    expect(userEvents.map((e) => e.type)).toEqual(["notification.created"]);
  });

  it("takes simultaneous comments that notify the same people in any order without deadlocks", async () => {
    const threadsOf = await Promise.all([open(agency), open(reviewer)]);
    const people = [owner, editor, agency, reviewer];
    const writers = people.flatMap((author, i) =>
      threadsOf.map(async (thread, j) => {
        const others = people.filter((p) => p !== author);
        const mentions = (i + j) % 2 === 0 ? others : [...others].reverse();
        const body = mentions.map((p) => `@[x](${p.userId})`).join(" ");
        return replyToThread({ db: t.db, actor: author, access: await threadAccess(thread.id, author), input: { body } });
      }),
    );
    const results = await Promise.allSettled(writers);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    for (const thread of threadsOf) expect(await t.db.select().from(comments).where(eq(comments.threadId, thread.id))).toHaveLength(people.length + 1);
  });

  it("lets only the author change a comment, and not once deleted", async () => {
    const thread = await open(agency);
    const commentId = (await t.db.select().from(comments).where(eq(comments.threadId, thread.id)))[0]!.id;
    await expect(editComment({ db: t.db, actor: owner, access: await authorizeComment(t.db, owner, commentId, "comment.create"), input: { body: "ajeno" } })).rejects.toMatchObject({ code: "forbidden" });
    const mine = await authorizeComment(t.db, agency, commentId, "comment.create");
    const deleted = await deleteComment({ db: t.db, actor: agency, access: mine, input: {} });
    expect(deleted).toMatchObject({ body: "", deletedAt: expect.any(Date) });
    await expect(editComment({ db: t.db, actor: agency, access: mine, input: { body: "otra vez" } })).rejects.toMatchObject({ code: "comment_deleted" });
    await expect(deleteComment({ db: t.db, actor: agency, access: mine, input: {} })).rejects.toMatchObject({ code: "comment_deleted" });
    const audited = await t.db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog).where(eq(auditLog.subjectId, commentId));
    expect(audited).toEqual([{ action: "comment.deleted", details: expect.objectContaining({ length: "¿Está liberado el derecho de vía?".length }) }]);
  });
});
