import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  agendaItemCreateSchema,
  agendaOrderSchema,
  agreementCreateSchema,
  agreementUpdateSchema,
  approvedInMeeting,
  attendancePatchSchema,
  attendeeCreateSchema,
  canConvene,
  canManageMeeting,
  canReadMeeting,
  canScheduleReview,
  canWriteActa,
  closeRefusal,
  MEETING_STATUSES,
  meetingChangeRefusal,
  meetingCreateSchema,
  meetingDecisionRefusal,
  meetingUpdateSchema,
  type MeetingFacts,
} from "./meetings";
import { reviewDecisionSchema } from "./reviews";
import { inputIssues, parseOptions } from "./validation";
import { PROJECT_ROLES } from "./vocabulary";

function issuesOf(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value, parseOptions);
  return result.success ? [] : inputIssues(result.error);
}

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const convener = { userId: id(1), isAdmin: false };
const admin = { userId: id(2), isAdmin: true };
const attendee = { userId: id(3), isAdmin: false };
const member = { userId: id(4), isAdmin: false };
const outsider = { userId: id(5), isAdmin: false };
const facts = (over: Partial<MeetingFacts> = {}): MeetingFacts => ({
  convenerId: convener.userId,
  status: "scheduled",
  attendeeUserIds: [convener.userId, attendee.userId],
  agendaProjectRoles: [],
  ...over,
});

describe("meeting requests", () => {
  const valid = { title: " Sesión ordinaria ", kind: "committee_session", startsAt: "2026-12-01T10:00:00-06:00" };

  it("accepts a meeting and trims its title", () => {
    expect(meetingCreateSchema.parse(valid).title).toBe("Sesión ordinaria");
    expect(issuesOf(meetingCreateSchema, { ...valid, endsAt: "2026-12-01T12:00:00-06:00", place: "Sala 2", link: "https://meet.example.gob.mx/x" })).toEqual([]);
  });

  it("refuses an end before the start, a non-http link, an unknown kind, an extra field", () => {
    expect(issuesOf(meetingCreateSchema, { ...valid, endsAt: "2026-12-01T09:00:00-06:00" })).toEqual([{ path: "endsAt", code: "invalid" }]);
    expect(issuesOf(meetingCreateSchema, { ...valid, link: "javascript:alert(1)" }).map((i) => i.path)).toEqual(["link"]);
    expect(issuesOf(meetingCreateSchema, { ...valid, kind: "party" }).map((i) => i.path)).toEqual(["kind"]);
    expect(issuesOf(meetingCreateSchema, { ...valid, status: "sealed" }).map((i) => i.code)).toEqual(["unknown_field"]);
    expect(issuesOf(meetingCreateSchema, { ...valid, startsAt: "mañana" }).map((i) => i.path)).toEqual(["startsAt"]);
  });

  it("a patch needs at least one field", () => {
    expect(issuesOf(meetingUpdateSchema, {})).toEqual([{ path: "", code: "no_changes" }]);
    expect(issuesOf(meetingUpdateSchema, { place: "Sala 3" })).toEqual([]);
  });

  it("agenda items are a round or a topic, never both", () => {
    expect(issuesOf(agendaItemCreateSchema, { reviewId: id(9) })).toEqual([]);
    expect(issuesOf(agendaItemCreateSchema, { topic: "Asuntos generales", notes: "…" })).toEqual([]);
    expect(issuesOf(agendaItemCreateSchema, { reviewId: id(9), topic: "x" })).not.toEqual([]);
    expect(issuesOf(agendaItemCreateSchema, { topic: "  " })).not.toEqual([]);
    expect(issuesOf(agendaOrderSchema, { itemIds: [id(1), id(1)] })).toEqual([{ path: "itemIds", code: "duplicates" }]);
    expect(issuesOf(agendaOrderSchema, { itemIds: [] })).not.toEqual([]);
  });

  it("attendees are an account or a guest with an agency", () => {
    expect(issuesOf(attendeeCreateSchema, { userId: id(3) })).toEqual([]);
    expect(issuesOf(attendeeCreateSchema, { name: "Ana Ruiz", orgName: "SEDATU" })).toEqual([]);
    expect(issuesOf(attendeeCreateSchema, { name: "Ana Ruiz" })).not.toEqual([]);
  });

  it("representedBy is required for represented, and only for it", () => {
    expect(issuesOf(attendancePatchSchema, { attendance: "present" })).toEqual([]);
    expect(issuesOf(attendancePatchSchema, { attendance: "represented", representedBy: "Luis Paz" })).toEqual([]);
    expect(issuesOf(attendancePatchSchema, { attendance: "represented" })).toEqual([{ path: "representedBy", code: "required" }]);
    expect(issuesOf(attendancePatchSchema, { attendance: "absent", representedBy: "Luis Paz" })).toEqual([{ path: "representedBy", code: "required" }]);
  });

  it("an agreement has exactly one responsible and a calendar due date", () => {
    const base = { text: "Enviar el plano corregido", dueOn: "2026-12-15" };
    expect(issuesOf(agreementCreateSchema, { ...base, responsibleName: "Dirección de Obras" })).toEqual([]);
    expect(issuesOf(agreementCreateSchema, { ...base, responsibleUserId: id(3) })).toEqual([]);
    expect(issuesOf(agreementCreateSchema, base)).toEqual([{ path: "responsibleUserId", code: "required" }]);
    expect(issuesOf(agreementCreateSchema, { ...base, responsibleUserId: id(3), responsibleName: "x" })).toEqual([{ path: "responsibleUserId", code: "required" }]);
    expect(issuesOf(agreementCreateSchema, { ...base, dueOn: "15/12/2026", responsibleName: "x" }).map((i) => i.path)).toEqual(["dueOn"]);
    expect(issuesOf(agreementUpdateSchema, { dueOn: "2026-12-20" })).toEqual([]);
    expect(issuesOf(agreementUpdateSchema, {})).toEqual([{ path: "", code: "no_changes" }]);
  });

  it("a review decision may name its meeting", () => {
    expect(issuesOf(reviewDecisionSchema, { decision: "favorable", meetingId: id(7) })).toEqual([]);
    expect(issuesOf(reviewDecisionSchema, { decision: "favorable", meetingId: "x" }).map((i) => i.path)).toEqual(["meetingId"]);
  });
});

describe("meeting rules", () => {
  it("admins and owners of a project convene", () => {
    expect(canConvene(admin, 0)).toBe(true);
    expect(canConvene(member, 1)).toBe(true);
    expect(canConvene(member, 0)).toBe(false);
  });

  it("readers: admin, convener, attendee with an account, member of an agenda project (any role)", () => {
    expect(canReadMeeting(admin, facts())).toBe(true);
    expect(canReadMeeting(convener, facts())).toBe(true);
    expect(canReadMeeting(attendee, facts())).toBe(true);
    for (const role of PROJECT_ROLES) expect(canReadMeeting(member, facts({ agendaProjectRoles: [role] }))).toBe(true);
    expect(canReadMeeting(outsider, facts())).toBe(false);
  });

  it("only the convener and admins manage", () => {
    expect(canManageMeeting(convener, facts())).toBe(true);
    expect(canManageMeeting(admin, facts())).toBe(true);
    expect(canManageMeeting(attendee, facts())).toBe(false);
    expect(canManageMeeting(member, facts({ agendaProjectRoles: ["owner"] }))).toBe(false);
  });

  it("the acta is written by convener, admin and account attendees, only while scheduled or in progress", () => {
    for (const status of MEETING_STATUSES) {
      const open = status === "scheduled" || status === "in_progress";
      expect(canWriteActa(convener, facts({ status }))).toBe(open);
      expect(canWriteActa(admin, facts({ status }))).toBe(open);
      expect(canWriteActa(attendee, facts({ status }))).toBe(open);
      expect(canWriteActa(member, facts({ status }))).toBe(false);
    }
  });

  it("a round goes on the agenda only by an owner of its project or an admin", () => {
    expect(canScheduleReview(admin, null)).toBe(true);
    expect(canScheduleReview(convener, "owner")).toBe(true);
    expect(canScheduleReview(convener, "editor")).toBe(false);
    expect(canScheduleReview(convener, null)).toBe(false);
  });

  it("sealed and cancelled meetings refuse changes; close needs in_progress", () => {
    expect(meetingChangeRefusal("scheduled")).toBeNull();
    expect(meetingChangeRefusal("in_progress")).toBeNull();
    expect(meetingChangeRefusal("sealed")).toBe("meeting_sealed");
    expect(meetingChangeRefusal("cancelled")).toBe("meeting_cancelled");
    expect(closeRefusal("scheduled")).toBe("meeting_not_in_progress");
    expect(closeRefusal("in_progress")).toBeNull();
    expect(closeRefusal("sealed")).toBe("meeting_sealed");
    expect(closeRefusal("cancelled")).toBe("meeting_cancelled");
  });

  it("a decision in a meeting needs it in progress with the round on its agenda", () => {
    expect(meetingDecisionRefusal("in_progress", true)).toBeNull();
    expect(meetingDecisionRefusal("in_progress", false)).toBe("not_on_agenda");
    expect(meetingDecisionRefusal("scheduled", true)).toBe("meeting_not_in_progress");
    expect(meetingDecisionRefusal("sealed", true)).toBe("meeting_not_in_progress");
  });

  it("approved in the meeting: closed, approving, with a decision taken there", () => {
    expect(approvedInMeeting({ status: "closed", result: "approved", decisionsInMeeting: 1 })).toBe(true);
    expect(approvedInMeeting({ status: "closed", result: "approved_with_observations", decisionsInMeeting: 2 })).toBe(true);
    expect(approvedInMeeting({ status: "closed", result: "approved", decisionsInMeeting: 0 })).toBe(false);
    expect(approvedInMeeting({ status: "open", result: null, decisionsInMeeting: 3 })).toBe(false);
    expect(approvedInMeeting({ status: "closed", result: "changes_requested", decisionsInMeeting: 1 })).toBe(false);
  });
});
