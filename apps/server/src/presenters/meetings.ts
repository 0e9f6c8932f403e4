import { actaCollabName, canSeeProject, type Actor, type ProjectRole } from "@taller/domain";
import type { Meeting, MeetingAddendum, MeetingAgreement, MeetingAttendee } from "@taller/db";
import type { MeetingData } from "../meetings/data";
import type { MeetingAccess } from "../queries/meetings";
import { presentPerson, type PersonRecord } from "./people";

export const presentAttendee = (attendee: MeetingAttendee, orgShortName: string | null) => ({
  id: attendee.id,
  userId: attendee.userId,
  name: attendee.name,
  orgName: attendee.orgName,
  orgShortName,
  attendance: attendee.attendance,
  representedBy: attendee.representedBy,
});

export const presentAgreement = (agreement: MeetingAgreement, people: Map<string, PersonRecord>) => ({
  id: agreement.id,
  agendaItemId: agreement.agendaItemId,
  text: agreement.text,
  responsible: {
    userId: agreement.responsibleUserId,
    name: agreement.responsibleUserId ? (people.get(agreement.responsibleUserId)?.name ?? "") : (agreement.responsibleName ?? ""),
  },
  dueOn: agreement.dueOn,
  createdAt: agreement.createdAt,
});

export const presentAddendum = (addendum: MeetingAddendum, people: Map<string, PersonRecord>) => {
  const by = people.get(addendum.createdBy);
  if (!by) throw new Error(`addendum ${addendum.id}: person ${addendum.createdBy} was not loaded`);
  return { id: addendum.id, body: addendum.body, sha256: addendum.sha256, sealSha256: addendum.sealSha256, createdBy: presentPerson(by), createdAt: addendum.createdAt };
};

/** One agenda item; `roles` are the reader's roles per project (for `canRead`). */
export function presentAgendaItem(entry: MeetingData["agenda"][number], position: number, meetingId: string, reader: Actor, roles: Map<string, ProjectRole>) {
  const { item, review, project } = entry;
  return {
    id: item.id,
    position,
    kind: item.reviewId ? ("review" as const) : ("topic" as const),
    topic: item.topic,
    notes: item.notes,
    review:
      review && project
        ? {
            id: review.round.id,
            status: review.round.status,
            result: review.round.result,
            rule: review.round.rule,
            dueAt: review.round.dueAt,
            version: { id: review.version.id, number: review.version.number, name: review.version.name, sha256: review.version.sha256 },
            document: review.document,
            project,
            lastApprovedVersionId: review.lastApproved?.id ?? null,
            canRead: canSeeProject(reader, { role: roles.get(project.id) ?? null }),
            decisionsInMeeting: review.decisions.filter((d) => d.row.meetingId === meetingId).length,
          }
        : null,
  };
}

const personOf = (people: Map<string, PersonRecord>, id: string) => {
  const person = people.get(id);
  if (!person) throw new Error(`meeting: person ${id} was not loaded`);
  return presentPerson(person);
};

/** The one API shape of a meeting (contracts of issue 13, `Meeting`). */
export function presentMeeting(
  data: MeetingData,
  access: MeetingAccess,
  reader: Actor,
  extra: { roles: Map<string, ProjectRole>; seal: { sealedAt: Date; sealedBy: string; sha256: string } | null; addenda: MeetingAddendum[]; people: Map<string, PersonRecord> },
) {
  const { meeting } = data;
  const people = new Map([...data.people, ...extra.people]);
  return {
    id: meeting.id,
    title: meeting.title,
    kind: meeting.kind,
    status: meeting.status,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    place: meeting.place,
    link: meeting.link,
    convener: personOf(people, meeting.convenerId),
    createdAt: meeting.createdAt,
    actaCollabName: actaCollabName(meeting.id),
    currentItemId: meeting.currentItemId,
    agenda: data.agenda.map((entry, index) => presentAgendaItem(entry, index + 1, meeting.id, reader, extra.roles)),
    attendees: data.attendees.map(({ attendee, orgShortName }) => presentAttendee(attendee, orgShortName)),
    agreements: data.agreements.map((a) => presentAgreement(a, people)),
    seal: extra.seal ? { sealedAt: extra.seal.sealedAt, sealedBy: personOf(people, extra.seal.sealedBy), sha256: extra.seal.sha256 } : null,
    addenda: extra.addenda.map((a) => presentAddendum(a, people)),
    abilities: { manage: access.canManage, editActa: access.canEditActa },
  };
}

export type MeetingView = ReturnType<typeof presentMeeting>;

/** A meeting in lists (`MeetingSummary`). */
export function presentMeetingSummary(meeting: Meeting, convener: PersonRecord, agendaCount: number, projects: { id: string; clave: string; name: string }[]) {
  return {
    id: meeting.id,
    title: meeting.title,
    kind: meeting.kind,
    status: meeting.status,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    place: meeting.place,
    link: meeting.link,
    convener: presentPerson(convener),
    agendaCount,
    projects,
  };
}
