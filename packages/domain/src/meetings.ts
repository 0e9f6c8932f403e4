import { z } from "zod";
import type { ReviewDecision, ReviewResult, ReviewRule } from "./reviews";
import type { DocumentKind, ProjectRole } from "./vocabulary";

/**
 * Meetings (sesiones): a convener gathers people and agencies around an agenda of review rounds and
 * free topics, decisions are taken live, agreements recorded, and the acta co-written; closing seals
 * the whole record (its SHA-256 is the JCS hash). This module holds the vocabulary, the request
 * shapes, the sealed record's type and the access rules as pure functions.
 */

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** sesión de comité, mesa de trabajo, reunión de coordinación. */
export const MEETING_KINDS = ["committee_session", "working_table", "coordination_meeting"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** A meeting is scheduled, then in progress, then sealed (final) — or cancelled before sealing. */
export const MEETING_STATUSES = ["scheduled", "in_progress", "sealed", "cancelled"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** sin registrar, presente, ausente, representado por … */
export const ATTENDANCE = ["pending", "present", "absent", "represented"] as const;
export type Attendance = (typeof ATTENDANCE)[number];

/** The collab room name of a meeting's acta. */
export const actaCollabName = (meetingId: string): string => `acta.${meetingId}`;

/** The format tag of the sealed record (a new shape would get a new tag; old seals keep theirs). */
export const MEETING_SEAL_FORMAT = "taller.acta/1";

// ---------------------------------------------------------------------------------------------
// Requests

const dateTime = z.iso.datetime({ offset: true });
const httpUrl = z
  .string()
  .trim()
  .max(500)
  .pipe(z.url({ protocol: /^https?$/ }));

const meetingFields = z.strictObject({
  title: z.string().trim().min(1).max(200),
  kind: z.enum(MEETING_KINDS),
  startsAt: dateTime,
  endsAt: dateTime.optional(),
  place: z.string().trim().max(300).optional(),
  link: httpUrl.optional(),
});

const endsAfterStart = (m: { startsAt?: string; endsAt?: string }) =>
  m.startsAt === undefined || m.endsAt === undefined || Date.parse(m.endsAt) > Date.parse(m.startsAt);

/** `POST /api/meetings`. `endsAt`, when given, is after `startsAt`. */
export const meetingCreateSchema = meetingFields.refine(endsAfterStart, { error: "invalid", path: ["endsAt"] });
export type MeetingCreateInput = z.infer<typeof meetingCreateSchema>;

/**
 * `PATCH /api/meetings/:id` (while scheduled or in progress): any of the create fields, at least one.
 * A new `endsAt` alone is checked against the stored `startsAt` by the server.
 */
export const meetingUpdateSchema = meetingFields
  .partial()
  .refine((m) => Object.keys(m).length > 0, { error: "no_changes" })
  .refine(endsAfterStart, { error: "invalid", path: ["endsAt"] });
export type MeetingUpdateInput = z.infer<typeof meetingUpdateSchema>;

/** `POST /api/meetings/:id/agenda`: an open review round, or a free topic. */
export const agendaItemCreateSchema = z.union([
  z.strictObject({ reviewId: z.uuid() }),
  z.strictObject({ topic: z.string().trim().min(1).max(300), notes: z.string().trim().max(2000).optional() }),
]);
export type AgendaItemCreateInput = z.infer<typeof agendaItemCreateSchema>;

/** `PUT /api/meetings/:id/agenda/order`: every current item id, in the new order. */
export const agendaOrderSchema = z.strictObject({
  itemIds: z
    .array(z.uuid())
    .min(1)
    .refine((ids) => new Set(ids).size === ids.length, { error: "duplicates" }),
});
export type AgendaOrderInput = z.infer<typeof agendaOrderSchema>;

/** `POST /api/meetings/:id/attendees`: a person with an account, or a guest by name and agency. */
export const attendeeCreateSchema = z.union([
  z.strictObject({ userId: z.uuid() }),
  z.strictObject({ name: z.string().trim().min(1).max(200), orgName: z.string().trim().min(1).max(200) }),
]);
export type AttendeeCreateInput = z.infer<typeof attendeeCreateSchema>;

/** `PATCH …/attendees/:attendeeId`: `representedBy` is required for `represented` and only for it. */
export const attendancePatchSchema = z
  .strictObject({ attendance: z.enum(ATTENDANCE), representedBy: z.string().trim().min(1).max(200).optional() })
  .refine((a) => (a.attendance === "represented") === (a.representedBy !== undefined), { error: "required", path: ["representedBy"] });
export type AttendancePatchInput = z.infer<typeof attendancePatchSchema>;

const agreementFields = z.strictObject({
  text: z.string().trim().min(1).max(2000),
  agendaItemId: z.uuid().optional(),
  responsibleUserId: z.uuid().optional(),
  responsibleName: z.string().trim().min(1).max(200).optional(),
  dueOn: z.iso.date(),
});

const oneResponsible = (a: { responsibleUserId?: string; responsibleName?: string }) =>
  (a.responsibleUserId === undefined) !== (a.responsibleName === undefined);

/** `POST /api/meetings/:id/agreements`: exactly one of `responsibleUserId` / `responsibleName`. */
export const agreementCreateSchema = agreementFields.refine(oneResponsible, { error: "required", path: ["responsibleUserId"] });
export type AgreementCreateInput = z.infer<typeof agreementCreateSchema>;

/** `PATCH …/agreements/:agreementId`: at least one field; never both kinds of responsible at once. */
export const agreementUpdateSchema = agreementFields
  .partial()
  .refine((a) => Object.keys(a).length > 0, { error: "no_changes" })
  .refine((a) => a.responsibleUserId === undefined || a.responsibleName === undefined, { error: "invalid", path: ["responsibleName"] });
export type AgreementUpdateInput = z.infer<typeof agreementUpdateSchema>;

/** `PUT /api/meetings/:id/current`: the item meeting mode shows (null: none). */
export const currentItemSchema = z.strictObject({ itemId: z.uuid().nullable() });
export type CurrentItemInput = z.infer<typeof currentItemSchema>;

/** `POST /api/meetings/:id/addenda`: a correction to a sealed acta. */
export const addendumCreateSchema = z.strictObject({ body: z.string().trim().min(1).max(10000) });
export type AddendumCreateInput = z.infer<typeof addendumCreateSchema>;

/** `GET /api/meetings?when=`. */
export const MEETING_WHEN = ["upcoming", "past", "all"] as const;
export const meetingsQuerySchema = z.object({ when: z.enum(MEETING_WHEN).optional() });

// ---------------------------------------------------------------------------------------------
// The sealed record (its SHA-256 is the JCS hash of this object)

export interface SealPerson {
  id: string;
  name: string;
  /** The agency's short name. */
  org: string | null;
}

export interface MeetingSealRecord {
  format: "taller.acta/1";
  meeting: {
    id: string;
    title: string;
    kind: MeetingKind;
    startsAt: string;
    endsAt: string | null;
    place: string | null;
    link: string | null;
    convener: SealPerson;
  };
  sealedAt: string; // ISO
  sealedBy: SealPerson;
  attendees: { userId: string | null; name: string; org: string | null; attendance: Attendance; representedBy: string | null }[];
  agenda: {
    position: number; // 1-based
    topic: string | null;
    notes: string | null;
    review: null | {
      roundId: string;
      status: "open" | "closed";
      result: ReviewResult | null;
      rule: ReviewRule;
      project: { id: string; clave: string; name: string };
      document: { id: string; title: string; kind: DocumentKind };
      version: { id: string; number: number; name: string; sha256: string };
      decisions: {
        participant: string /* person or agency name */;
        decision: ReviewDecision;
        reason: string | null;
        conditions: string | null;
        decidedBy: SealPerson;
        at: string;
        inThisMeeting: boolean;
        standing: boolean;
      }[];
    };
  }[];
  agreements: { text: string; responsible: string; dueOn: string; agendaPosition: number | null }[];
  approvedVersions: {
    versionId: string;
    documentId: string;
    projectId: string;
    name: string;
    number: number;
    sha256: string;
    result: "approved" | "approved_with_observations";
  }[];
  acta: unknown; // the acta's ProseMirror JSON (study schema) at sealing
}

/**
 * "Approved in the meeting": an agenda round closed with an approving result at sealing time, with
 * at least one decision taken in this meeting.
 */
export function approvedInMeeting(review: { status: string; result: ReviewResult | null; decisionsInMeeting: number }): boolean {
  return review.status === "closed" && (review.result === "approved" || review.result === "approved_with_observations") && review.decisionsInMeeting > 0;
}

// ---------------------------------------------------------------------------------------------
// Rules

export interface MeetingActor {
  userId: string;
  isAdmin: boolean;
}

export interface MeetingFacts {
  convenerId: string;
  status: MeetingStatus;
  /** Attendees with an account. */
  attendeeUserIds: readonly string[];
  /** The actor's roles in the projects of the agenda's rounds (one per project they belong to). */
  agendaProjectRoles: readonly ProjectRole[];
}

/** Admins, and anyone who owns at least one project, may convene a meeting. */
export function canConvene(actor: MeetingActor, ownedProjects: number): boolean {
  return actor.isAdmin || ownedProjects > 0;
}

/** Admin, convener, an attendee with an account, or a member of a project on the agenda. Else 404. */
export function canReadMeeting(actor: MeetingActor, facts: MeetingFacts): boolean {
  return (
    actor.isAdmin || actor.userId === facts.convenerId || facts.attendeeUserIds.includes(actor.userId) || facts.agendaProjectRoles.length > 0
  );
}

/** Edit, agenda, attendees, attendance, agreements, start, current item, cancel, close, addenda. */
export function canManageMeeting(actor: MeetingActor, facts: Pick<MeetingFacts, "convenerId">): boolean {
  return actor.isAdmin || actor.userId === facts.convenerId;
}

/** Whether the meeting still changes (scheduled or in progress). */
export const isMeetingOpen = (status: MeetingStatus): boolean => status === "scheduled" || status === "in_progress";

/** Convener, admin or an attendee with an account, while the meeting is scheduled or in progress. */
export function canWriteActa(actor: MeetingActor, facts: Omit<MeetingFacts, "agendaProjectRoles">): boolean {
  return isMeetingOpen(facts.status) && (actor.isAdmin || actor.userId === facts.convenerId || facts.attendeeUserIds.includes(actor.userId));
}

/** A round may go on the agenda if the manager owns its project (or is an admin). */
export function canScheduleReview(actor: MeetingActor, roleInRoundProject: ProjectRole | null): boolean {
  return actor.isAdmin || roleInRoundProject === "owner";
}

/**
 * The error code a change to a meeting in this status meets, or null when it may change: sealed
 * and cancelled meetings are final.
 */
export function meetingChangeRefusal(status: MeetingStatus): "meeting_sealed" | "meeting_cancelled" | null {
  if (status === "sealed") return "meeting_sealed";
  if (status === "cancelled") return "meeting_cancelled";
  return null;
}

/** Closing (sealing) needs a meeting in progress; the code for any other status. */
export function closeRefusal(status: MeetingStatus): "meeting_sealed" | "meeting_cancelled" | "meeting_not_in_progress" | null {
  return meetingChangeRefusal(status) ?? (status === "in_progress" ? null : "meeting_not_in_progress");
}

/**
 * A decision recorded in a meeting: the meeting must be in progress and the round on its agenda.
 * (The usual review rules — who answers for whom — apply on top.)
 */
export function meetingDecisionRefusal(status: MeetingStatus, onAgenda: boolean): "meeting_not_in_progress" | "not_on_agenda" | null {
  if (status !== "in_progress") return "meeting_not_in_progress";
  return onAgenda ? null : "not_on_agenda";
}
