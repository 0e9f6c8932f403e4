import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import { auditLog, events, meetingAgendaItems, meetingAgreements, meetingAttendees, meetings, meetingSeals, notifications } from "@taller/db";
import { and, asc, eq, sql } from "@taller/db/sql";
import { dbError } from "@taller/db/testing";
import { contentSha256 } from "../../apps/server/src/versions/hash";
import type { ApiClient } from "../support/api-client";
import { startTestApp, type TestApp } from "../support/app";
import { projectWithRoles, type ProjectWithRoles } from "../support/project-roles";
import { openSse } from "../support/sse";

/**
 * Meetings through the real app (in process, real database): convening, agenda (rounds and
 * topics), attendees and attendance, agreements, decisions taken in the meeting, the close that
 * seals the record (its hash is the JCS SHA-256 of the returned record), every refusal with its
 * code, 404 for people who may not read it, the invitation's notification and email with its .ics
 * (a real SMTP server), the meeting's events, and the immutability the database enforces.
 */

const PUBLIC_URL = "http://taller.ejemplo.test";
let smtp: SMTPServer;
const received: ParsedMail[] = [];
let t: TestApp;
let projectId: string;
let clients: ProjectWithRoles["clients"];
let ids: ProjectWithRoles["ids"];
let orgs: ProjectWithRoles["orgs"];

const startsAt = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const mailsTo = (address: string) => received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((v) => v.address === address));

let docs = 0;
/** A fresh round on a fresh study's v1, submitted by the editor. */
async function round(participants: Record<string, string>[], rule: "all" | "any" | "majority", as: { owner: ApiClient; editor: ApiClient } = clients, project = projectId) {
  const doc = await as.owner.post(`/api/projects/${project}/documents`, { kind: "text", title: `Estudio ${++docs}` });
  expect(doc.status).toBe(201);
  const version = await as.editor.post(`/api/documents/${doc.body.id}/versions`, { name: "Entrega 1" });
  expect(version.status).toBe(201);
  const res = await as.editor.post(`/api/versions/${version.body.id}/reviews`, { participants, rule });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function convene(as: ApiClient = clients.owner, title = "Sesión ordinaria del comité") {
  const res = await as.post("/api/meetings", { title, kind: "committee_session", startsAt: startsAt(1), place: "Sala de juntas, piso 2" });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const expectError = (res: { status: number; body: { error?: { code: string } } }, status: number, code: string) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error?.code).toBe(code);
};

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
  ({ projectId, clients, ids, orgs } = await projectWithRoles(t));
});

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe("a whole meeting", () => {
  it("convenes, schedules, decides live, records agreements and seals a record whose hash anyone can recompute", async () => {
    const { owner, reviewer, agency, viewer, outsider, editor } = clients;
    // Convening: admins and owners of a project; everyone else 403.
    expectError(await outsider.post("/api/meetings", { title: "x", kind: "working_table", startsAt: startsAt(1) }), 403, "forbidden");
    expect((await outsider.get("/api/meetings")).body.canConvene).toBe(false);
    expect((await owner.get("/api/meetings")).body.canConvene).toBe(true);
    expectError(await owner.post("/api/meetings", { title: "x", kind: "working_table", startsAt: startsAt(2), endsAt: startsAt(1) }), 400, "validation_failed");

    const meeting = await convene();
    expect(meeting.status).toBe("scheduled");
    expect(meeting.actaCollabName).toBe(`acta.${meeting.id}`);
    expect(meeting.attendees.map((a: { userId: string }) => a.userId)).toEqual([ids.owner]);
    expect(meeting.abilities).toEqual({ manage: true, editActa: true });
    const base = `/api/meetings/${meeting.id}`;

    // Agenda: two open rounds of the project and a free topic.
    const approved = await round([{ userId: ids.reviewer }, { orgId: orgs.op.id }], "all");
    const sentBack = await round([{ userId: ids.reviewer }], "any");
    const elsewhere = await round([{ userId: ids.reviewer }], "any");
    const itemA = await owner.post(`${base}/agenda`, { reviewId: approved.id });
    expect(itemA.status, JSON.stringify(itemA.body)).toBe(201);
    expect(itemA.body).toMatchObject({ position: 1, kind: "review", review: { id: approved.id, status: "open", canRead: true, decisionsInMeeting: 0, project: { id: projectId } } });
    expect((await owner.post(`${base}/agenda`, { reviewId: sentBack.id })).status).toBe(201);
    const topic = await owner.post(`${base}/agenda`, { topic: "Asuntos generales", notes: "Calendario de entregas" });
    expect(topic.status).toBe(201);
    expectError(await owner.post(`${base}/agenda`, { reviewId: approved.id }), 409, "agenda_duplicate");
    expectError(await owner.post(`${base}/agenda`, { topic: "x", reviewId: approved.id }), 400, "validation_failed");
    // A closed round cannot be scheduled.
    const closed = await round([{ userId: ids.reviewer }], "any");
    expect((await owner.post(`/api/reviews/${closed.id}/close`)).status).toBe(200);
    expectError(await owner.post(`${base}/agenda`, { reviewId: closed.id }), 409, "review_closed");
    // The project's event says a round was scheduled.
    const scheduled = await t.database.db.select({ type: events.type, data: events.data }).from(events).where(and(eq(events.stream, `project:${projectId}`), eq(events.type, "meeting.scheduled_review")));
    expect(scheduled.map((e) => e.data)).toContainEqual(expect.objectContaining({ meetingId: meeting.id, reviewId: approved.id }));

    // Reordering needs exactly the current ids.
    const current = (await owner.get(base)).body.agenda.map((i: { id: string }) => i.id);
    expectError(await owner.request("PUT", `${base}/agenda/order`, { itemIds: current.slice(1) }), 400, "validation_failed");
    const reordered = await owner.request("PUT", `${base}/agenda/order`, { itemIds: [current[0], current[2], current[1]] });
    expect(reordered.status).toBe(200);
    expect(reordered.body.agenda.map((i: { id: string }) => i.id)).toEqual([current[0], current[2], current[1]]);

    // Attendees: accounts (invited: notification and email with the .ics) and a guest.
    const invited = await owner.post(`${base}/attendees`, { userId: ids.reviewer });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ userId: ids.reviewer, name: "Rosa Vega", orgShortName: "IMPLAN", attendance: "pending", representedBy: null });
    const opAttendee = (await owner.post(`${base}/attendees`, { userId: ids.agency })).body;
    const guest = await owner.post(`${base}/attendees`, { name: "Arq. Laura Díaz", orgName: "Colegio de Arquitectos" });
    expect(guest.status).toBe(201);
    expect(guest.body).toMatchObject({ userId: null, orgName: "Colegio de Arquitectos", orgShortName: null });
    expectError(await owner.post(`${base}/attendees`, { userId: ids.reviewer }), 409, "attendee_duplicate");
    const convenerAttendee = meeting.attendees[0].id;
    expectError(await owner.delete(`${base}/attendees/${convenerAttendee}`), 403, "forbidden");
    const invitations = await t.database.db
      .select({ userId: notifications.userId, projectId: notifications.projectId })
      .from(notifications)
      .where(and(eq(notifications.meetingId, meeting.id), eq(notifications.kind, "meeting_invited")));
    expect(invitations.map((n) => n.userId).sort()).toEqual([ids.reviewer, ids.agency].sort());
    expect(invitations.every((n) => n.projectId === null)).toBe(true);
    // In the inbox: about the meeting, no project nor document, linking to the meeting's page.
    const inbox = await reviewer.get("/api/notifications");
    expect(inbox.body.items.find((n: { kind: string }) => n.kind === "meeting_invited")).toMatchObject({
      project: null,
      document: null,
      meeting: { id: meeting.id, title: "Sesión ordinaria del comité" },
      link: `/meetings/${meeting.id}`,
      actor: { id: ids.owner },
    });
    expect(inbox.body.unread).toBeGreaterThan(0);
    expect((await outsider.get("/api/notifications")).body.items.some((n: { kind: string }) => n.kind.startsWith("meeting_"))).toBe(false);
    await t.deps.mailer!.sweep();
    const mail = mailsTo("reviewer@ejemplo.mx").find((m) => m.subject?.includes("te convoca"));
    expect(mail?.subject).toBe("[Taller] Lucía Méndez (IMPLAN) te convoca: «Sesión ordinaria del comité»");
    expect(mail?.text).toContain(`${PUBLIC_URL}/meetings/${meeting.id}`);
    const ics = mail?.attachments.find((a) => a.filename === "sesion.ics");
    expect(ics?.contentType).toBe("text/calendar");
    const icsText = ics!.content.toString("utf8");
    expect(icsText).toContain(`UID:${meeting.id}@taller`);
    expect(icsText).toContain("METHOD:PUBLISH");
    expect(icsText).toContain("LOCATION:Sala de juntas\\, piso 2");
    expect(icsText).toContain("SUMMARY:Sesión ordinaria del comité");

    // Who reads it: attendees and members of an agenda project; outsiders get 404.
    expect((await viewer.get(base)).body.abilities).toEqual({ manage: false, editActa: false });
    expect((await reviewer.get(base)).body.abilities).toEqual({ manage: false, editActa: true });
    expectError(await outsider.get(base), 404, "meeting_not_found");
    expectError(await outsider.get(`${base}/meeting.ics`), 404, "meeting_not_found");
    expectError(await outsider.post(`${base}/start`), 404, "meeting_not_found");
    expectError(await reviewer.patch(base, { place: "Otra sala" }), 403, "forbidden");
    expectError(await editor.post(`${base}/agenda`, { topic: "x" }), 403, "forbidden");
    const calendar = await viewer.get(`${base}/meeting.ics`);
    expect(calendar.status).toBe(200);
    expect(calendar.headers.get("content-type")).toContain("text/calendar");
    expect(String(calendar.body)).toContain(`UID:${meeting.id}@taller`);
    expect((await viewer.get(`/api/projects/${projectId}/meetings`)).body.meetings.map((m: { id: string }) => m.id)).toContain(meeting.id);

    // Not yet in progress: no decisions in it, no close.
    expectError(await reviewer.post(`/api/reviews/${approved.id}/decisions`, { decision: "favorable", meetingId: meeting.id }), 409, "meeting_not_in_progress");
    expectError(await owner.post(`${base}/close`), 409, "meeting_not_in_progress");
    expect((await owner.post(`${base}/start`)).body.status).toBe("in_progress");
    expect((await owner.request("PUT", `${base}/current`, { itemId: current[0] })).body.currentItemId).toBe(current[0]);

    // Attendance.
    expect((await owner.patch(`${base}/attendees/${invited.body.id}`, { attendance: "present" })).body.attendance).toBe("present");
    expectError(await owner.patch(`${base}/attendees/${opAttendee.id}`, { attendance: "represented" }), 400, "validation_failed");
    expect((await owner.patch(`${base}/attendees/${opAttendee.id}`, { attendance: "represented", representedBy: "Ing. Tomás Reyes" })).body.representedBy).toBe("Ing. Tomás Reyes");

    // Decisions taken in the meeting: the round must be on its agenda.
    expectError(await reviewer.post(`/api/reviews/${elsewhere.id}/decisions`, { decision: "favorable", meetingId: meeting.id }), 400, "not_on_agenda");
    expectError(await outsider.post(`/api/reviews/${approved.id}/decisions`, { decision: "favorable", meetingId: meeting.id }), 404, "review_not_found");
    expect((await reviewer.post(`/api/reviews/${approved.id}/decisions`, { decision: "favorable_with_observations", reason: "Ajustar banquetas", meetingId: meeting.id })).status).toBe(201);
    const closedA = await agency.post(`/api/reviews/${approved.id}/decisions`, { decision: "favorable", meetingId: meeting.id });
    expect(closedA.body).toMatchObject({ status: "closed", result: "approved_with_observations" });
    expect(closedA.body.decisions.map((d: { meeting: { id: string; title: string } }) => d.meeting)).toEqual([
      { id: meeting.id, title: "Sesión ordinaria del comité" },
      { id: meeting.id, title: "Sesión ordinaria del comité" },
    ]);
    expect((await reviewer.post(`/api/reviews/${sentBack.id}/decisions`, { decision: "changes_requested", reason: "Falta el estudio de tránsito", meetingId: meeting.id })).body.result).toBe("changes_requested");

    // Agreements.
    expectError(await owner.post(`${base}/agreements`, { text: "Enviar planos", dueOn: "2026-12-15" }), 400, "validation_failed");
    const agreement = await owner.post(`${base}/agreements`, { text: "Enviar planos corregidos", responsibleName: "Dirección de Obra Pública", dueOn: "2026-12-15", agendaItemId: current[0] });
    expect(agreement.status).toBe(201);
    expect(agreement.body.responsible).toEqual({ userId: null, name: "Dirección de Obra Pública" });
    const byPerson = await owner.post(`${base}/agreements`, { text: "Revisar banquetas", responsibleUserId: ids.editor, dueOn: "2026-12-20" });
    expect(byPerson.body.responsible).toEqual({ userId: ids.editor, name: "Andrés Solís" });
    expectError(await owner.patch(`${base}/agreements/${byPerson.body.id}`, { agendaItemId: "00000000-0000-4000-8000-000000000000" }), 404, "agenda_item_not_found");
    expect((await owner.delete(`${base}/agreements/${byPerson.body.id}`)).status).toBe(204);
    expectError(await owner.delete(`${base}/agreements/${byPerson.body.id}`), 404, "agreement_not_found");
    expectError(await owner.post(`${base}/addenda`, { body: "x" }), 409, "meeting_not_sealed");

    // Close: the seal's hash is the JCS SHA-256 of the returned record.
    const sealed = await owner.post(`${base}/close`);
    expect(sealed.status, JSON.stringify(sealed.body)).toBe(200);
    expect(sealed.body).toMatchObject({ status: "sealed", meeting: { status: "sealed", abilities: { manage: true, editActa: false } } });
    const seal = await viewer.get(`${base}/seal`);
    expect(seal.status).toBe(200);
    expect(seal.body.sha256).toBe(sealed.body.sha256);
    expect(contentSha256(seal.body.record)).toBe(sealed.body.sha256);
    const record = seal.body.record;
    expect(record.format).toBe("taller.acta/1");
    expect(record.sealedBy).toEqual({ id: ids.owner, name: "Lucía Méndez", org: "IMPLAN" });
    expect(record.attendees).toEqual([
      { userId: ids.owner, name: "Lucía Méndez", org: "IMPLAN", attendance: "pending", representedBy: null },
      { userId: ids.reviewer, name: "Rosa Vega", org: "IMPLAN", attendance: "present", representedBy: null },
      { userId: ids.agency, name: "Jorge Ibarra", org: "OP", attendance: "represented", representedBy: "Ing. Tomás Reyes" },
      { userId: null, name: "Arq. Laura Díaz", org: "Colegio de Arquitectos", attendance: "pending", representedBy: null },
    ]);
    expect(record.agenda.map((a: { position: number; topic: string | null }) => [a.position, a.topic])).toEqual([
      [1, null],
      [2, "Asuntos generales"],
      [3, null],
    ]);
    expect(record.agenda[0].review.decisions.map((d: { participant: string; inThisMeeting: boolean; standing: boolean }) => [d.participant, d.inThisMeeting, d.standing])).toEqual([
      ["Rosa Vega", true, true],
      ["Dirección de Obra Pública", true, true],
    ]);
    expect(record.approvedVersions).toEqual([
      { versionId: approved.version.id, documentId: approved.version.documentId, projectId, name: "Entrega 1", number: 1, sha256: approved.version.sha256, result: "approved_with_observations" },
    ]);
    expect(record.agreements).toEqual([{ text: "Enviar planos corregidos", responsible: "Dirección de Obra Pública", dueOn: "2026-12-15", agendaPosition: 1 }]);
    expect(JSON.stringify(record.acta)).toContain("Orden del día");
    expectError(await outsider.get(`${base}/seal`), 404, "meeting_not_found");

    // Sealed: every change refused; corrections are addenda.
    expectError(await owner.patch(base, { place: "Otra sala" }), 409, "meeting_sealed");
    expectError(await owner.post(`${base}/agenda`, { topic: "x" }), 409, "meeting_sealed");
    expectError(await owner.post(`${base}/attendees`, { name: "x", orgName: "y" }), 409, "meeting_sealed");
    expectError(await owner.patch(`${base}/attendees/${invited.body.id}`, { attendance: "absent" }), 409, "meeting_sealed");
    expectError(await owner.post(`${base}/close`), 409, "meeting_sealed");
    expectError(await owner.post(`${base}/start`), 409, "meeting_sealed");
    expectError(await owner.post(`${base}/cancel`), 409, "meeting_sealed");
    expectError(await reviewer.post(`${base}/addenda`, { body: "x" }), 403, "forbidden");
    const addendum = await owner.post(`${base}/addenda`, { body: "Se corrige el nombre de la representante de OP." });
    expect(addendum.status).toBe(201);
    expect(addendum.body).toMatchObject({ sealSha256: sealed.body.sha256, createdBy: { id: ids.owner } });
    expect(addendum.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await viewer.get(base)).body.addenda).toHaveLength(1);

    // Sealed notifications to account attendees (not the one who sealed), and the meeting's events.
    const sealedNotes = await t.database.db.select({ userId: notifications.userId }).from(notifications).where(and(eq(notifications.meetingId, meeting.id), eq(notifications.kind, "meeting_sealed")));
    expect(sealedNotes.map((n) => n.userId).sort()).toEqual([ids.reviewer, ids.agency].sort());
    const stream = await t.database.db.select({ type: events.type, data: events.data }).from(events).where(eq(events.stream, `meeting:${meeting.id}`)).orderBy(asc(events.seq));
    const types = new Set(stream.map((e) => e.type));
    for (const type of ["meeting.updated", "meeting.agenda", "meeting.attendees", "meeting.started", "meeting.current", "meeting.decision", "meeting.agreements", "meeting.sealed", "meeting.addendum"]) {
      expect(types, type).toContain(type);
    }
    expect(stream.find((e) => e.type === "meeting.decision")?.data).toEqual({ meetingId: meeting.id, reviewId: approved.id });
    // The audit says who sealed with which hash.
    const audit = await t.database.db.select({ details: auditLog.details }).from(auditLog).where(and(eq(auditLog.action, "meeting.sealed"), eq(auditLog.subjectId, meeting.id)));
    expect(audit.map((a) => a.details.sha256)).toEqual([sealed.body.sha256]);
  });

  it("only an owner of a round's project (or an admin) schedules it; cancelled meetings refuse changes", async () => {
    const meeting = await convene(clients.owner, "Mesa de trabajo");
    const base = `/api/meetings/${meeting.id}`;
    // A project where the convener is a member but not its owner.
    const other = await clients.reviewer.post("/api/projects", { name: "Parque lineal", kind: "study", leadOrgId: orgs.implan.id });
    expect(other.status).toBe(201);
    expect((await clients.reviewer.post(`/api/projects/${other.body.id}/members`, { userId: ids.owner, role: "editor" })).status).toBe(201);
    const foreign = await round([{ orgId: orgs.implan.id }], "any", { owner: clients.reviewer, editor: clients.owner }, other.body.id);
    expectError(await clients.owner.post(`${base}/agenda`, { reviewId: foreign.id }), 403, "forbidden");
    expectError(await clients.outsider.post(`${base}/agenda`, { reviewId: foreign.id }), 404, "meeting_not_found");
    expect((await clients.admin.post(`${base}/agenda`, { reviewId: foreign.id })).status).toBe(201);
    expectError(await clients.owner.post(`${base}/agenda`, { reviewId: "00000000-0000-4000-8000-000000000000" }), 404, "review_not_found");

    // An invitation handled by the mailer when its recipient no longer reads the meeting (removed
    // meanwhile): nothing is sent, so not even the meeting's title.
    const [note] = await t.database.db
      .insert(notifications)
      .values({ userId: ids.outsider, projectId: null, kind: "meeting_invited", meetingId: meeting.id, actorId: ids.owner })
      .returning({ id: notifications.id });
    await t.deps.mailer!.sweep();
    const [handled] = await t.database.db.select({ emailedAt: notifications.emailedAt }).from(notifications).where(eq(notifications.id, note!.id));
    expect(handled?.emailedAt).not.toBeNull();
    expect(mailsTo("outsider@ejemplo.mx")).toEqual([]);
    expect(received.some((m) => m.subject?.includes("Mesa de trabajo"))).toBe(false);

    expect((await clients.owner.post(`${base}/cancel`)).body.status).toBe("cancelled");
    expectError(await clients.owner.patch(base, { title: "Otra" }), 409, "meeting_cancelled");
    expectError(await clients.owner.post(`${base}/start`), 409, "meeting_cancelled");
    expectError(await clients.owner.post(`${base}/close`), 409, "meeting_cancelled");
    expectError(await clients.owner.get(`${base}/seal`), 404, "seal_not_found");
  });
});

describe("the meeting's live stream", () => {
  it("streams meeting:<id> to its readers (ids only), and is 404 for everyone else", async () => {
    const meeting = await convene(clients.owner, "Reunión de coordinación");
    const base = `/api/meetings/${meeting.id}`;
    expect((await openSse(clients.outsider, `${base}/events`)).status).toBe(404);
    const guestRound = await round([{ userId: ids.reviewer }], "any");
    expect((await clients.owner.post(`${base}/agenda`, { reviewId: guestRound.id })).status).toBe(201);
    // The viewer reads it as a member of the agenda's project.
    const stream = await openSse(clients.viewer, `${base}/events`);
    try {
      expect(stream.status).toBe(200);
      expect((await clients.owner.patch(base, { place: "Sala 4" })).status).toBe(200);
      // The edit's event: ids, never the meeting's content.
      const event = await stream.next((e) => e.event === "meeting.updated", 10_000);
      expect(event.data).toMatchObject({ meetingId: meeting.id, actorId: ids.owner });
      expect(JSON.stringify(stream.events)).not.toContain("Sala 4");
    } finally {
      stream.close();
    }
  });
});

describe("the database keeps a sealed meeting as it was", () => {
  it("refuses UPDATE, DELETE and TRUNCATE of seals, and changes to a sealed meeting, its attendees, agenda and agreements", async () => {
    const meeting = await convene(clients.owner, "Sesión para sellar");
    const base = `/api/meetings/${meeting.id}`;
    await clients.owner.post(`${base}/agenda`, { topic: "Único punto" });
    await clients.owner.post(`${base}/agreements`, { text: "Acuerdo", responsibleName: "OP", dueOn: "2026-12-31" });
    await clients.owner.post(`${base}/start`);
    expect((await clients.owner.post(`${base}/close`)).status).toBe(200);
    const { db } = t.database;
    const refused = async (run: () => Promise<unknown>) => expect((await dbError(run)).message).toMatch(/sealed|insert-only|not allowed|truncate|not in progress/i);
    await refused(() => db.update(meetingSeals).set({ sha256: "0".repeat(64) }).where(eq(meetingSeals.meetingId, meeting.id)));
    await refused(() => db.update(meetingSeals).set({ record: { forged: true } as never }).where(eq(meetingSeals.meetingId, meeting.id)));
    await refused(() => db.delete(meetingSeals).where(eq(meetingSeals.meetingId, meeting.id)));
    await refused(() => db.execute(sql`TRUNCATE meeting_seals CASCADE`));
    await refused(() => db.update(meetings).set({ title: "Otra" }).where(eq(meetings.id, meeting.id)));
    await refused(() => db.update(meetings).set({ status: "in_progress" }).where(eq(meetings.id, meeting.id)));
    await refused(() => db.delete(meetings).where(eq(meetings.id, meeting.id)));
    await refused(() => db.update(meetingAttendees).set({ attendance: "absent" }).where(eq(meetingAttendees.meetingId, meeting.id)));
    await refused(() => db.delete(meetingAttendees).where(eq(meetingAttendees.meetingId, meeting.id)));
    await refused(() => db.insert(meetingAttendees).values({ meetingId: meeting.id, name: "Intrusa", orgName: "X", position: 9 }));
    await refused(() => db.update(meetingAgendaItems).set({ topic: "Otro" }).where(eq(meetingAgendaItems.meetingId, meeting.id)));
    await refused(() => db.delete(meetingAgreements).where(eq(meetingAgreements.meetingId, meeting.id)));
    // A seal for a meeting that is not in progress, and an addendum that names another hash.
    const open = await convene(clients.owner, "Sin iniciar");
    await refused(() => db.insert(meetingSeals).values({ meetingId: open.id, record: {} as never, sha256: "x", sealedAt: new Date(), sealedBy: ids.owner }));
    await refused(() => db.execute(sql`INSERT INTO meeting_addenda (meeting_id, seal_sha256, body, sha256, created_by) VALUES (${meeting.id}, ${"0".repeat(64)}, 'x', 'y', ${ids.owner})`));
    // Everything is still as sealed.
    const [seal] = await db.select().from(meetingSeals).where(eq(meetingSeals.meetingId, meeting.id));
    expect(contentSha256(seal!.record)).toBe(seal!.sha256);
    expect((await db.select().from(meetingAttendees).where(eq(meetingAttendees.meetingId, meeting.id))).map((a) => a.attendance)).toEqual(["pending"]);
  });
});
