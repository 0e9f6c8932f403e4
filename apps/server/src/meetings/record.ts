import {
  approvedInMeeting,
  MEETING_SEAL_FORMAT,
  participantKey,
  standingDecisions,
  type MeetingSealRecord,
  type SealPerson,
} from "@taller/domain";
import type { PersonRecord } from "../presenters/people";
import { personIn, type MeetingData } from "./data";

const sealPerson = (person: PersonRecord): SealPerson => ({ id: person.id, name: person.name, org: person.org.shortName });

/**
 * The sealed record (format `taller.acta/1`) of a meeting from its data, the acta's content, the
 * time and who seals. Pure: the same inputs give the same record, so its JCS SHA-256 is
 * reproducible by anyone from the record alone. Times are ISO strings (UTC), lists keep the
 * meeting's order (agenda by position, attendees by position, decisions oldest first, agreements
 * by creation).
 */
export function buildSealRecord(data: MeetingData, input: { acta: unknown; sealedAt: Date; sealedBy: PersonRecord }): MeetingSealRecord {
  const { meeting } = data;
  const positionOf = new Map(data.agenda.map((a, index) => [a.item.id, index + 1]));
  const approvedVersions: MeetingSealRecord["approvedVersions"] = [];
  const agenda = data.agenda.map(({ item, review, project }, index): MeetingSealRecord["agenda"][number] => {
    if (!review || !project) return { position: index + 1, topic: item.topic, notes: item.notes, review: null };
    const { round, version, document } = review;
    const standingIds = new Set([...standingDecisions(review.decisions).values()].map((d) => d.row.id));
    const decisions = review.decisions.map((d) => {
      const participant =
        "userId" in d.participant ? personIn(data.reviews, d.participant.userId).name : (data.reviews.orgs.get(d.participant.orgId)?.name ?? participantKey(d.participant));
      return {
        participant,
        decision: d.decision,
        reason: d.row.reason,
        conditions: d.row.conditions,
        decidedBy: sealPerson(personIn(data.reviews, d.row.decidedBy)),
        at: d.row.createdAt.toISOString(),
        inThisMeeting: d.row.meetingId === meeting.id,
        standing: standingIds.has(d.row.id),
      };
    });
    const inMeeting = decisions.filter((d) => d.inThisMeeting).length;
    if (approvedInMeeting({ status: round.status, result: round.result, decisionsInMeeting: inMeeting })) {
      approvedVersions.push({
        versionId: version.id,
        documentId: document.id,
        projectId: project.id,
        name: version.name,
        number: version.number,
        sha256: version.sha256,
        result: round.result as "approved" | "approved_with_observations",
      });
    }
    return {
      position: index + 1,
      topic: item.topic,
      notes: item.notes,
      review: {
        roundId: round.id,
        status: round.status,
        result: round.result,
        rule: round.rule,
        project,
        document: { id: document.id, title: document.title, kind: document.kind },
        version: { id: version.id, number: version.number, name: version.name, sha256: version.sha256 },
        decisions,
      },
    };
  });
  return {
    format: MEETING_SEAL_FORMAT,
    meeting: {
      id: meeting.id,
      title: meeting.title,
      kind: meeting.kind,
      startsAt: meeting.startsAt.toISOString(),
      endsAt: meeting.endsAt ? meeting.endsAt.toISOString() : null,
      place: meeting.place,
      link: meeting.link,
      convener: sealPerson(personIn(data, meeting.convenerId)),
    },
    sealedAt: input.sealedAt.toISOString(),
    sealedBy: sealPerson(input.sealedBy),
    attendees: data.attendees.map(({ attendee, orgShortName }) => ({
      userId: attendee.userId,
      name: attendee.name,
      org: orgShortName ?? attendee.orgName,
      attendance: attendee.attendance,
      representedBy: attendee.representedBy,
    })),
    agenda,
    agreements: data.agreements.map((a) => ({
      text: a.text,
      responsible: a.responsibleUserId ? personIn(data, a.responsibleUserId).name : (a.responsibleName ?? ""),
      dueOn: a.dueOn,
      agendaPosition: a.agendaItemId ? (positionOf.get(a.agendaItemId) ?? null) : null,
    })),
    approvedVersions,
    acta: input.acta,
  };
}
