import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import { auditLog, notifications } from "@taller/db";
import { and, eq } from "@taller/db/sql";
import { signedIn, type ApiClient } from "../support/api-client";
import { makeOrg, makeUser, startTestApp, type TestApp } from "../support/app";
import { openSse } from "../support/sse";

/**
 * The inbox (list, unread count, mark read — only one's own, only of projects one still sees),
 * the email preference, and notification emails received by a real SMTP server started here:
 * the link and the comment's words for a current member with email on; nothing for a person
 * whose preference is off or who is no longer a member.
 */
const PUBLIC_URL = "http://taller.ejemplo.test";
let smtp: SMTPServer;
const received: ParsedMail[] = [];
let t: TestApp;
let owner: ApiClient;
let lectora: ApiClient;
let tercera: ApiClient;
let lectoraId: string;
let terceraId: string;
let projectId: string;
let documentId: string;

/** Waits until `check` holds (the mailer works in the background), failing after `timeoutMs`. */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const mailsTo = (address: string) => received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((v) => v.address === address));

const emailedAt = async (id: string) => {
  const [row] = await t.database.db.select({ emailedAt: notifications.emailedAt }).from(notifications).where(eq(notifications.id, id));
  return row?.emailedAt ?? null;
};

const mention = (id: string, name: string) => `@[${name}](${id})`;

/** The owner opens a canvas thread whose body mentions people; returns the thread id. */
async function openThread(body: string): Promise<string> {
  const res = await owner.post(`/api/documents/${documentId}/threads`, { anchor: { type: "canvas", point: { x: 10, y: 20 } }, body });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function notificationOf(userId: string, threadId: string): Promise<string> {
  const [row] = await t.database.db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.threadId, threadId)));
  expect(row).toBeDefined();
  return row!.id;
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const port = (smtp.server.address() as AddressInfo).port;

  t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL, MAIL_FROM: "Taller <taller@ejemplo.test>" });
  const implan = await makeOrg(t, "IMPLAN");
  const op = await makeOrg(t, "OP");
  await makeUser(t, { email: "duena@ejemplo.mx", orgId: implan.id, name: "Dueña" });
  lectoraId = (await makeUser(t, { email: "lectora@ejemplo.mx", orgId: op.id, name: "Lectora" })).id;
  terceraId = (await makeUser(t, { email: "tercera@ejemplo.mx", orgId: op.id, name: "Tercera" })).id;
  owner = await signedIn(t, "duena@ejemplo.mx");
  lectora = await signedIn(t, "lectora@ejemplo.mx");
  tercera = await signedIn(t, "tercera@ejemplo.mx");
  const project = await owner.post("/api/projects", { name: "Parque lineal", kind: "study", leadOrgId: implan.id });
  projectId = project.body.id;
  for (const userId of [lectoraId, terceraId]) {
    expect((await owner.post(`/api/projects/${projectId}/members`, { userId, role: "commenter" })).status).toBe(201);
  }
  const doc = await owner.post(`/api/projects/${projectId}/documents`, { kind: "canvas", title: "Diseño conceptual" });
  expect(doc.status).toBe(201);
  documentId = doc.body.id;
});

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe("inbox", () => {
  let threadId: string;
  let notificationId: string;

  it("lists a mention with its project, document, thread, who and where it leads; the personal stream announces it", async () => {
    const stream = await openSse(lectora, "/api/notifications/events");
    await stream.next((e) => e.event === "ready");
    threadId = await openThread(`Revise el acceso norte ${mention(lectoraId, "Lectora")}`);
    const announced = await stream.next((e) => e.event === "notification.created");
    stream.close();

    const inbox = await lectora.get("/api/notifications");
    expect(inbox.status).toBe(200);
    expect(inbox.body.unread).toBe(1);
    expect(inbox.body.items).toHaveLength(1);
    const [item] = inbox.body.items;
    notificationId = item.id;
    expect(announced.data).toMatchObject({ notificationId, projectId });
    expect(item).toEqual({
      id: expect.any(String),
      kind: "mention",
      createdAt: expect.any(String),
      readAt: null,
      project: { id: projectId, name: "Parque lineal" },
      document: { id: documentId, title: "Diseño conceptual", kind: "canvas" },
      thread: { id: threadId },
      review: null,
      meeting: null,
      actor: { id: expect.any(String), name: "Dueña", org: { id: expect.any(String), name: "Dirección IMPLAN", shortName: "IMPLAN" } },
      link: `/documents/${documentId}?thread=${threadId}`,
    });
    // The author is not notified of their own comment.
    expect((await owner.get("/api/notifications")).body).toEqual({ items: [], unread: 0 });
  });

  it("marks one's own as read, never another person's", async () => {
    const refused = await tercera.post("/api/notifications/read", { ids: [notificationId] });
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe("notification_not_found");
    expect((await lectora.get("/api/notifications")).body.unread).toBe(1);

    expect((await lectora.post("/api/notifications/read", { ids: ["not-a-uuid"] })).status).toBe(400);
    const marked = await lectora.post("/api/notifications/read", { ids: [notificationId] });
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({ unread: 0 });
    const inbox = await lectora.get("/api/notifications");
    expect(inbox.body.items[0].readAt).toEqual(expect.any(String));

    await openThread(`Y esto también ${mention(lectoraId, "Lectora")}`);
    expect((await lectora.get("/api/notifications")).body.unread).toBe(1);
    expect((await lectora.post("/api/notifications/read", { all: true })).body).toEqual({ unread: 0 });
  });

  it("stops listing the notifications of a project the person left", async () => {
    const thread = await openThread(`Para la tercera ${mention(terceraId, "Tercera")}`);
    const id = await notificationOf(terceraId, thread);
    expect((await tercera.get("/api/notifications")).body.unread).toBe(1);
    expect((await owner.delete(`/api/projects/${projectId}/members/${terceraId}`)).status).toBe(204);
    expect((await tercera.get("/api/notifications")).body).toEqual({ items: [], unread: 0 });
    expect((await tercera.post("/api/notifications/read", { ids: [id] })).status).toBe(404);
    expect((await owner.post(`/api/projects/${projectId}/members`, { userId: terceraId, role: "commenter" })).status).toBe(201);
    expect((await tercera.get("/api/notifications")).body.unread).toBe(1);
  });
});

describe("email", () => {
  it("sends a member with email on the link and the comment, in Spanish with English below", async () => {
    const threadId = await openThread(`Falta la rampa <b>accesible</b> ${mention(lectoraId, "Lectora")}`);
    const id = await notificationOf(lectoraId, threadId);
    await until(() => mailsTo("lectora@ejemplo.mx").some((m) => m.text?.includes(threadId)), "the email");
    const mail = mailsTo("lectora@ejemplo.mx").find((m) => m.text?.includes(threadId))!;
    expect(mail.from?.value[0]?.address).toBe("taller@ejemplo.test");
    expect(mail.subject).toBe("[Taller] Dueña (IMPLAN) te mencionó en «Diseño conceptual»");
    expect(mail.html).toBe(false);
    const text = mail.text!;
    expect(text).toContain(`${PUBLIC_URL}/documents/${documentId}?thread=${threadId}`);
    expect(text).toContain("Falta la rampa <b>accesible</b> @Lectora");
    expect(text).toContain("«Parque lineal»");
    expect(text.indexOf("Hola, Lectora:")).toBeLessThan(text.indexOf("Hello Lectora,"));
    expect(text).toContain('mentioned you in a comment on the document "Diseño conceptual"');
    // Marked sent once the SMTP server has accepted it (just after it arrived there).
    await until(async () => (await emailedAt(id)) !== null, "the notification to be marked sent");
  });

  it("sends nothing to a person who turned email off (the preference is theirs, audited)", async () => {
    expect((await lectora.get("/api/me/preferences")).body).toEqual({ emailNotifications: true });
    expect((await lectora.patch("/api/me/preferences", { emailNotifications: "no" })).status).toBe(400);
    const off = await lectora.patch("/api/me/preferences", { emailNotifications: false });
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ emailNotifications: false });
    expect((await lectora.get("/api/me/preferences")).body).toEqual({ emailNotifications: false });
    const audited = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, "user.preferences_changed"), eq(auditLog.subjectId, lectoraId)));
    expect(audited).toHaveLength(1);

    const before = mailsTo("lectora@ejemplo.mx").length;
    const threadId = await openThread(`Sin correo ${mention(lectoraId, "Lectora")}`);
    const id = await notificationOf(lectoraId, threadId);
    // Handled (marked) without sending: after that, no email can still be on its way.
    await until(async () => (await emailedAt(id)) !== null, "the notification to be handled");
    expect(mailsTo("lectora@ejemplo.mx")).toHaveLength(before);
    // Still in the inbox.
    expect((await lectora.get("/api/notifications")).body.items.some((n: { thread: { id: string } }) => n.thread.id === threadId)).toBe(true);
    expect((await lectora.patch("/api/me/preferences", { emailNotifications: true })).status).toBe(200);
  });

  it("sends nothing, and so no comment text, to a person no longer a member when it is sent", async () => {
    const threadId = await openThread("Comentario confidencial del proyecto");
    expect((await owner.delete(`/api/projects/${projectId}/members/${terceraId}`)).status).toBe(204);
    // A notification written while she was a member, handled by the mailer after her removal.
    const [row] = await t.database.db
      .insert(notifications)
      .values({ userId: terceraId, projectId, kind: "reply", threadId, actorId: null })
      .returning({ id: notifications.id });
    await t.deps.mailer!.sweep();
    await until(async () => (await emailedAt(row!.id)) !== null, "the notification to be handled");
    expect(received.some((m) => m.text?.includes("confidencial"))).toBe(false);
    expect(mailsTo("tercera@ejemplo.mx").some((m) => m.text?.includes(threadId))).toBe(false);
  });
});
