import { and, asc, desc, eq, gte, inArray, isNotNull, lt, or, sql, type SQL } from "@taller/db/sql";
import {
  canManageMeeting,
  canReadMeeting,
  canWriteActa,
  DomainError,
  type Actor,
  type MeetingFacts,
  type MeetingSealRecord,
} from "@taller/domain";
import {
  meetingAddenda,
  meetingAgendaItems,
  meetingAgreements,
  meetingAttendees,
  meetings,
  meetingSeals,
  organizations,
  projectMembers,
  projects,
  reviewRounds,
  type Executor,
  type Meeting,
  type MeetingAddendum,
} from "@taller/db";
import { isUuid } from "../http/validate";

/** A meeting as seen by one actor: the row and what they may do with it. */
export interface MeetingAccess {
  meeting: Meeting;
  isConvener: boolean;
  canManage: boolean;
  canEditActa: boolean;
}

export const meetingNotFound = () => new DomainError("meeting_not_found", "No existe la sesión o no tienes acceso a ella.");

/** The account attendees of a meeting (user ids). */
export async function attendeeUserIds(db: Executor, meetingId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: meetingAttendees.userId })
    .from(meetingAttendees)
    .where(and(eq(meetingAttendees.meetingId, meetingId), isNotNull(meetingAttendees.userId)));
  return rows.map((r) => r.userId!);
}

/** The projects of a meeting's agenda rounds. */
export async function agendaProjectIds(db: Executor, meetingId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ projectId: reviewRounds.projectId })
    .from(meetingAgendaItems)
    .innerJoin(reviewRounds, eq(reviewRounds.id, meetingAgendaItems.reviewId))
    .where(eq(meetingAgendaItems.meetingId, meetingId));
  return rows.map((r) => r.projectId);
}

/** What the domain's meeting rules need to know about one actor and one meeting. */
export async function meetingFacts(db: Executor, actor: Actor, meeting: Meeting): Promise<MeetingFacts> {
  const attendees = await attendeeUserIds(db, meeting.id);
  const roles = await db
    .selectDistinct({ projectId: projectMembers.projectId, role: projectMembers.role })
    .from(meetingAgendaItems)
    .innerJoin(reviewRounds, eq(reviewRounds.id, meetingAgendaItems.reviewId))
    .innerJoin(projectMembers, and(eq(projectMembers.projectId, reviewRounds.projectId), eq(projectMembers.userId, actor.userId)))
    .where(eq(meetingAgendaItems.meetingId, meeting.id));
  return { convenerId: meeting.convenerId, status: meeting.status, attendeeUserIds: attendees, agendaProjectRoles: roles.map((r) => r.role) };
}

/** The access of an actor to a loaded meeting (null when they may not read it). */
export async function accessOf(db: Executor, actor: Actor, meeting: Meeting): Promise<MeetingAccess | null> {
  const facts = await meetingFacts(db, actor, meeting);
  if (!canReadMeeting(actor, facts)) return null;
  return {
    meeting,
    isConvener: meeting.convenerId === actor.userId,
    canManage: canManageMeeting(actor, facts),
    canEditActa: canWriteActa(actor, facts),
  };
}

/**
 * Loads a meeting for an action. Meetings the actor may not read are 404 `meeting_not_found`
 * (their existence does not leak); `manage` by anyone but the convener or an admin is 403.
 */
export async function authorizeMeeting(db: Executor, actor: Actor, meetingId: string, action: "read" | "manage"): Promise<MeetingAccess> {
  if (!isUuid(meetingId)) throw meetingNotFound();
  const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting) throw meetingNotFound();
  const access = await accessOf(db, actor, meeting);
  if (!access) throw meetingNotFound();
  if (action === "manage" && !access.canManage) {
    throw new DomainError("forbidden", "Solo quien convocó la sesión o la administración pueden hacer esto.", { meetingId });
  }
  return access;
}

/** How many projects a person owns (convening needs one, or being an admin). */
export async function ownedProjectCount(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(projectMembers)
    .where(and(eq(projectMembers.userId, userId), eq(projectMembers.role, "owner")));
  return Number(row?.n ?? 0);
}

/**
 * The meetings a person may read (all for an admin), optionally only those touching one project,
 * upcoming (not ended and not final) or past. Newest start last for upcoming, first otherwise.
 */
export async function readableMeetings(db: Executor, actor: Actor, filter: { when?: "upcoming" | "past" | "all"; projectId?: string }): Promise<Meeting[]> {
  const agendaOfProject = (projectId: string) =>
    db
      .select({ id: meetingAgendaItems.meetingId })
      .from(meetingAgendaItems)
      .innerJoin(reviewRounds, eq(reviewRounds.id, meetingAgendaItems.reviewId))
      .where(eq(reviewRounds.projectId, projectId));
  const readable: SQL | undefined = actor.isAdmin
    ? undefined
    : or(
        eq(meetings.convenerId, actor.userId),
        inArray(meetings.id, db.select({ id: meetingAttendees.meetingId }).from(meetingAttendees).where(eq(meetingAttendees.userId, actor.userId))),
        inArray(
          meetings.id,
          db
            .select({ id: meetingAgendaItems.meetingId })
            .from(meetingAgendaItems)
            .innerJoin(reviewRounds, eq(reviewRounds.id, meetingAgendaItems.reviewId))
            .innerJoin(projectMembers, and(eq(projectMembers.projectId, reviewRounds.projectId), eq(projectMembers.userId, actor.userId))),
        ),
      );
  const now = new Date();
  const open = inArray(meetings.status, ["scheduled", "in_progress"]);
  const when =
    filter.when === "upcoming"
      ? and(open, gte(sql`coalesce(${meetings.endsAt}, ${meetings.startsAt} + interval '1 day')`, now))
      : filter.when === "past"
        ? or(inArray(meetings.status, ["sealed", "cancelled"]), lt(sql`coalesce(${meetings.endsAt}, ${meetings.startsAt} + interval '1 day')`, now))
        : undefined;
  return db
    .select()
    .from(meetings)
    .where(and(readable, when, filter.projectId ? inArray(meetings.id, agendaOfProject(filter.projectId)) : undefined))
    .orderBy(filter.when === "upcoming" ? asc(meetings.startsAt) : desc(meetings.startsAt), asc(meetings.id));
}

/** Per meeting: how many agenda items, and the projects its rounds belong to. */
export async function summariesOf(db: Executor, meetingIds: string[]) {
  const counts = new Map<string, number>();
  const projectsOf = new Map<string, { id: string; clave: string; name: string }[]>();
  if (meetingIds.length === 0) return { counts, projectsOf };
  const items = await db
    .select({ meetingId: meetingAgendaItems.meetingId, project: { id: projects.id, clave: projects.clave, name: projects.name } })
    .from(meetingAgendaItems)
    .leftJoin(reviewRounds, eq(reviewRounds.id, meetingAgendaItems.reviewId))
    .leftJoin(projects, eq(projects.id, reviewRounds.projectId))
    .where(inArray(meetingAgendaItems.meetingId, meetingIds))
    .orderBy(asc(meetingAgendaItems.position));
  for (const item of items) {
    counts.set(item.meetingId, (counts.get(item.meetingId) ?? 0) + 1);
    if (item.project) {
      const list = projectsOf.get(item.meetingId) ?? [];
      if (!list.some((p) => p.id === item.project!.id)) list.push(item.project);
      projectsOf.set(item.meetingId, list);
    }
  }
  return { counts, projectsOf };
}

export const agendaOf = (db: Executor, meetingId: string) =>
  db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meetingId)).orderBy(asc(meetingAgendaItems.position), asc(meetingAgendaItems.id));

export const attendeesOf = (db: Executor, meetingId: string) =>
  db
    .select({ attendee: meetingAttendees, orgShortName: organizations.shortName })
    .from(meetingAttendees)
    .leftJoin(organizations, eq(organizations.id, meetingAttendees.orgId))
    .where(eq(meetingAttendees.meetingId, meetingId))
    .orderBy(asc(meetingAttendees.position), asc(meetingAttendees.id));

export const agreementsOf = (db: Executor, meetingId: string) =>
  db.select().from(meetingAgreements).where(eq(meetingAgreements.meetingId, meetingId)).orderBy(asc(meetingAgreements.createdAt), asc(meetingAgreements.id));

/** The sealed record of a meeting, or null while it is not sealed. */
export async function sealOf(db: Executor, meetingId: string): Promise<{ record: MeetingSealRecord; sha256: string; sealedAt: Date; sealedBy: string } | null> {
  const [row] = await db.select().from(meetingSeals).where(eq(meetingSeals.meetingId, meetingId));
  return row ? { record: row.record, sha256: row.sha256, sealedAt: row.sealedAt, sealedBy: row.sealedBy } : null;
}

/** The addenda of a sealed meeting, oldest first. */
export async function addendaOf(db: Executor, meetingId: string): Promise<MeetingAddendum[]> {
  return db.select().from(meetingAddenda).where(eq(meetingAddenda.meetingId, meetingId)).orderBy(asc(meetingAddenda.createdAt), asc(meetingAddenda.id));
}

/** The sealed meetings whose agenda touches a project (for the project's dossier). */
export async function sealedMeetingsOfProject(db: Executor, projectId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: meetings.id, startsAt: meetings.startsAt })
    .from(meetings)
    .innerJoin(meetingAgendaItems, eq(meetingAgendaItems.meetingId, meetings.id))
    .innerJoin(reviewRounds, eq(reviewRounds.id, meetingAgendaItems.reviewId))
    .where(and(eq(meetings.status, "sealed"), eq(reviewRounds.projectId, projectId)))
    .orderBy(asc(meetings.startsAt), asc(meetings.id));
  return rows.map((r) => r.id);
}
