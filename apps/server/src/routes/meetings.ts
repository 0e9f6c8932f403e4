import { Hono } from "hono";
import { and, eq, inArray } from "@taller/db/sql";
import {
  addendumCreateSchema,
  agendaItemCreateSchema,
  agendaOrderSchema,
  agreementCreateSchema,
  agreementUpdateSchema,
  attendancePatchSchema,
  attendeeCreateSchema,
  canConvene,
  currentItemSchema,
  DomainError,
  meetingCreateSchema,
  meetingsQuerySchema,
  meetingUpdateSchema,
  type Actor,
  type ProjectRole,
} from "@taller/domain";
import { projectMembers, type Database } from "@taller/db";
import type { AppDeps } from "../deps";
import type { AppEnv, MeetingEnv } from "../http/env";
import { accessGuards } from "../http/access";
import { jsonBody, queryOf } from "../http/validate";
import {
  addAddendum,
  addAgendaItem,
  addAgreement,
  addAttendee,
  cancelMeeting,
  createMeeting,
  reorderAgenda,
  removeAgendaItem,
  removeAgreement,
  removeAttendee,
  setAttendance,
  setCurrentItem,
  startMeeting,
  updateAgreement,
  updateMeeting,
} from "../commands/meetings";
import { accessOf, addendaOf, meetingNotFound, ownedProjectCount, readableMeetings, sealOf, summariesOf } from "../queries/meetings";
import { peopleByIds } from "../queries/threads";
import { loadMeetingData } from "../meetings/data";
import { closeMeeting } from "../meetings/seal";
import { meetingIcs } from "../meetings/ics";
import { presentAddendum, presentAgendaItem, presentAgreement, presentAttendee, presentMeeting, presentMeetingSummary } from "../presenters/meetings";

/** The reader's role in each of these projects. */
async function rolesIn(db: Database, userId: string, projectIds: string[]): Promise<Map<string, ProjectRole>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db
    .select({ projectId: projectMembers.projectId, role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.userId, userId), inArray(projectMembers.projectId, projectIds)));
  return new Map(rows.map((r) => [r.projectId, r.role]));
}

/** One meeting as the reader sees it now (`Meeting`). */
export async function currentMeeting(db: Database, actor: Actor, meetingId: string) {
  const data = await loadMeetingData(db, meetingId);
  const access = await accessOf(db, actor, data.meeting);
  if (!access) throw meetingNotFound();
  const roles = await rolesIn(db, actor.userId, data.agenda.flatMap((a) => (a.project ? [a.project.id] : [])));
  const seal = await sealOf(db, meetingId);
  const addenda = await addendaOf(db, meetingId);
  const people = await peopleByIds(db, [...(seal ? [seal.sealedBy] : []), ...addenda.map((a) => a.createdBy)]);
  return presentMeeting(data, access, actor, { roles, seal, addenda, people });
}

/** Meeting summaries for lists. */
async function summaries(db: Database, meetings: Awaited<ReturnType<typeof readableMeetings>>) {
  const { counts, projectsOf } = await summariesOf(
    db,
    meetings.map((m) => m.id),
  );
  const conveners = await peopleByIds(
    db,
    meetings.map((m) => m.convenerId),
  );
  return meetings.map((m) => presentMeetingSummary(m, conveners.get(m.convenerId)!, counts.get(m.id) ?? 0, projectsOf.get(m.id) ?? []));
}

/**
 * Meetings (sesiones): convened by an admin or a project owner, with an agenda of open review
 * rounds and free topics, attendees (accounts and guests), agreements, decisions taken live
 * (POST /reviews/:id/decisions with meetingId), an acta co-written in its collab room, and the
 * close that seals the whole record. Every change answers the meeting (or the changed part) as
 * the reader sees it now.
 */
export function meetingRoutes(deps: AppDeps) {
  const { db, realtime } = deps;
  const { meetingAccess, projectAccess } = accessGuards(db);
  /** After a committed change of who reads or writes the acta: its live sockets are decided again. */
  const accessChanged = (meetingId: string) => realtime.actaAccessChanged(meetingId);
  const view = (c: { get(key: "actor"): Actor }, id: string) => currentMeeting(db, c.get("actor"), id);
  const itemView = async (actor: Actor, meetingId: string, itemId: string) => {
    const data = await loadMeetingData(db, meetingId);
    const index = data.agenda.findIndex((a) => a.item.id === itemId);
    const roles = await rolesIn(db, actor.userId, data.agenda.flatMap((a) => (a.project ? [a.project.id] : [])));
    return presentAgendaItem(data.agenda[index]!, index + 1, meetingId, actor, roles);
  };

  const meetings = new Hono<AppEnv>()
    .get("/", queryOf(meetingsQuerySchema), async (c) => {
      const actor = c.get("actor");
      const list = await readableMeetings(db, actor, { when: c.req.valid("query").when ?? "upcoming" });
      return c.json({ meetings: await summaries(db, list), canConvene: canConvene(actor, await ownedProjectCount(db, actor.userId)) });
    })
    .post("/", jsonBody(meetingCreateSchema), async (c) => {
      const meeting = await createMeeting({ db, actor: c.get("actor"), input: c.req.valid("json") });
      return c.json(await view(c, meeting.id), 201);
    });

  const one = new Hono<MeetingEnv>()
    .get("/:id", meetingAccess("read"), async (c) => c.json(await view(c, c.get("access").meeting.id)))
    .patch("/:id", meetingAccess("manage"), jsonBody(meetingUpdateSchema), async (c) => {
      await updateMeeting({ db, actor: c.get("actor"), meetingId: c.get("access").meeting.id, input: c.req.valid("json") });
      return c.json(await view(c, c.get("access").meeting.id));
    })
    .post("/:id/start", meetingAccess("manage"), async (c) => {
      await startMeeting({ db, actor: c.get("actor"), meetingId: c.get("access").meeting.id, input: {} });
      return c.json(await view(c, c.get("access").meeting.id));
    })
    .post("/:id/cancel", meetingAccess("manage"), async (c) => {
      await cancelMeeting({ db, actor: c.get("actor"), meetingId: c.get("access").meeting.id, input: {} });
      await accessChanged(c.get("access").meeting.id);
      return c.json(await view(c, c.get("access").meeting.id));
    })
    .put("/:id/current", meetingAccess("manage"), jsonBody(currentItemSchema), async (c) => {
      await setCurrentItem({ db, actor: c.get("actor"), meetingId: c.get("access").meeting.id, input: c.req.valid("json") });
      return c.json(await view(c, c.get("access").meeting.id));
    })
    .post("/:id/agenda", meetingAccess("manage"), jsonBody(agendaItemCreateSchema), async (c) => {
      const meetingId = c.get("access").meeting.id;
      const item = await addAgendaItem({ db, actor: c.get("actor"), meetingId, input: c.req.valid("json") });
      await accessChanged(meetingId);
      return c.json(await itemView(c.get("actor"), meetingId, item.id), 201);
    })
    .put("/:id/agenda/order", meetingAccess("manage"), jsonBody(agendaOrderSchema), async (c) => {
      const meetingId = c.get("access").meeting.id;
      await reorderAgenda({ db, actor: c.get("actor"), meetingId, input: c.req.valid("json") });
      return c.json({ agenda: (await view(c, meetingId)).agenda });
    })
    .delete("/:id/agenda/:itemId", meetingAccess("manage"), async (c) => {
      await removeAgendaItem({ db, actor: c.get("actor"), meetingId: c.get("access").meeting.id, input: { itemId: uuidParam(c.req.param("itemId"), "agenda_item_not_found") } });
      await accessChanged(c.get("access").meeting.id);
      return c.body(null, 204);
    })
    .post("/:id/attendees", meetingAccess("manage"), jsonBody(attendeeCreateSchema), async (c) => {
      const attendee = await addAttendee({ db, actor: c.get("actor"), meetingId: c.get("access").meeting.id, input: c.req.valid("json") });
      await accessChanged(c.get("access").meeting.id);
      const shortName = attendee.userId ? ((await peopleByIds(db, [attendee.userId])).get(attendee.userId)?.org.shortName ?? null) : null;
      return c.json(presentAttendee(attendee, shortName), 201);
    })
    .patch("/:id/attendees/:attendeeId", meetingAccess("manage"), jsonBody(attendancePatchSchema), async (c) => {
      const attendeeId = uuidParam(c.req.param("attendeeId"), "attendee_not_found");
      const attendee = await setAttendance({ db, actor: c.get("actor"), meetingId: c.get("access").meeting.id, input: { ...c.req.valid("json"), attendeeId } });
      const shortName = attendee.userId ? ((await peopleByIds(db, [attendee.userId])).get(attendee.userId)?.org.shortName ?? null) : null;
      return c.json(presentAttendee(attendee, shortName));
    })
    .delete("/:id/attendees/:attendeeId", meetingAccess("manage"), async (c) => {
      await removeAttendee({ db, actor: c.get("actor"), meetingId: c.get("access").meeting.id, input: { attendeeId: uuidParam(c.req.param("attendeeId"), "attendee_not_found") } });
      await accessChanged(c.get("access").meeting.id);
      return c.body(null, 204);
    })
    .post("/:id/agreements", meetingAccess("manage"), jsonBody(agreementCreateSchema), async (c) => {
      const agreement = await addAgreement({ db, actor: c.get("actor"), meetingId: c.get("access").meeting.id, input: c.req.valid("json") });
      return c.json(presentAgreement(agreement, await peopleByIds(db, agreement.responsibleUserId ? [agreement.responsibleUserId] : [])), 201);
    })
    .patch("/:id/agreements/:agreementId", meetingAccess("manage"), jsonBody(agreementUpdateSchema), async (c) => {
      const agreementId = uuidParam(c.req.param("agreementId"), "agreement_not_found");
      const agreement = await updateAgreement({ db, actor: c.get("actor"), meetingId: c.get("access").meeting.id, input: { ...c.req.valid("json"), agreementId } });
      return c.json(presentAgreement(agreement, await peopleByIds(db, agreement.responsibleUserId ? [agreement.responsibleUserId] : [])));
    })
    .delete("/:id/agreements/:agreementId", meetingAccess("manage"), async (c) => {
      await removeAgreement({ db, actor: c.get("actor"), meetingId: c.get("access").meeting.id, input: { agreementId: uuidParam(c.req.param("agreementId"), "agreement_not_found") } });
      return c.body(null, 204);
    })
    // No body is read: closing takes nothing but the meeting.
    .post("/:id/close", meetingAccess("manage"), async (c) => {
      const meetingId = c.get("access").meeting.id;
      const sealed = await closeMeeting({ db, acta: realtime.acta, actor: c.get("actor"), meetingId });
      return c.json({ status: sealed.status, sealedAt: sealed.sealedAt, sha256: sealed.sha256, meeting: await view(c, meetingId) });
    })
    .get("/:id/seal", meetingAccess("read"), async (c) => {
      const seal = await sealOf(db, c.get("access").meeting.id);
      if (!seal) throw new DomainError("seal_not_found", "La sesión no está sellada.");
      return c.json({ record: seal.record, sha256: seal.sha256, sealedAt: seal.sealedAt });
    })
    .post("/:id/addenda", meetingAccess("manage"), jsonBody(addendumCreateSchema), async (c) => {
      const addendum = await addAddendum({ db, actor: c.get("actor"), meetingId: c.get("access").meeting.id, input: c.req.valid("json") });
      return c.json(presentAddendum(addendum, await peopleByIds(db, [addendum.createdBy])), 201);
    })
    .get("/:id/meeting.ics", meetingAccess("read"), async (c) => {
      const data = await loadMeetingData(db, c.get("access").meeting.id);
      return c.body(meetingIcs(data, deps.config.publicUrl ?? null), 200, {
        "Content-Type": "text/calendar; charset=utf-8; method=PUBLISH",
        "Content-Disposition": `attachment; filename="sesion-${data.meeting.id}.ics"`,
      });
    });

  return new Hono<AppEnv>()
    .route("/meetings", meetings)
    .route("/meetings", one)
    .get("/projects/:id/meetings", projectAccess("project.read"), async (c) => {
      const list = await readableMeetings(db, c.get("actor"), { when: "all", projectId: c.get("access").project.id });
      return c.json({ meetings: await summaries(db, list) });
    });
}

/** A path id that is not a uuid names nothing: the route's own 404. */
function uuidParam(value: string | undefined, code: "agenda_item_not_found" | "attendee_not_found" | "agreement_not_found"): string {
  if (!value || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new DomainError(code, "No existe.");
  return value;
}
