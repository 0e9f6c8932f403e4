import { eq, inArray } from "@taller/db/sql";
import { meetings, projects, type Executor, type Meeting, type MeetingAgendaItem, type MeetingAgreement, type MeetingAttendee } from "@taller/db";
import { loadReviews, type ReviewListing, type ReviewRecord } from "../queries/reviews";
import { agendaOf, agreementsOf, attendeesOf, meetingNotFound } from "../queries/meetings";
import { peopleByIds } from "../queries/threads";
import type { PersonRecord } from "../presenters/people";

/**
 * Everything known of one meeting, read once: the row, the agenda (with each round as the reviews
 * module loads it, and its project), attendees, agreements, and the people they name. The
 * presenter, the sealed record, the acta's template and the .ics are all made from this.
 */
export interface MeetingData {
  meeting: Meeting;
  agenda: { item: MeetingAgendaItem; review: ReviewRecord | null; project: { id: string; clave: string; name: string } | null }[];
  attendees: { attendee: MeetingAttendee; orgShortName: string | null }[];
  agreements: MeetingAgreement[];
  people: Map<string, PersonRecord>;
  reviews: Pick<ReviewListing, "people" | "orgs">;
}

export async function loadMeetingData(db: Executor, meetingId: string, lock = false): Promise<MeetingData> {
  const query = db.select().from(meetings).where(eq(meetings.id, meetingId));
  const [meeting] = lock ? await query.for("update") : await query;
  if (!meeting) throw meetingNotFound();
  const items = await agendaOf(db, meetingId);
  const roundIds = items.flatMap((i) => (i.reviewId ? [i.reviewId] : []));
  const listing = await loadReviews(db, { roundIds });
  const projectIds = [...new Set(listing.records.map((r) => r.round.projectId))];
  const projectRows = projectIds.length
    ? await db.select({ id: projects.id, clave: projects.clave, name: projects.name }).from(projects).where(inArray(projects.id, projectIds))
    : [];
  const projectById = new Map(projectRows.map((p) => [p.id, p]));
  const recordById = new Map(listing.records.map((r) => [r.round.id, r]));
  const attendees = await attendeesOf(db, meetingId);
  const agreements = await agreementsOf(db, meetingId);
  const personIds = new Set<string>([meeting.convenerId]);
  for (const a of agreements) {
    personIds.add(a.createdBy);
    if (a.responsibleUserId) personIds.add(a.responsibleUserId);
  }
  const people = await peopleByIds(db, personIds);
  for (const [id, person] of listing.people) people.set(id, person);
  return {
    meeting,
    agenda: items.map((item) => {
      const review = item.reviewId ? (recordById.get(item.reviewId) ?? null) : null;
      return { item, review, project: review ? (projectById.get(review.round.projectId) ?? null) : null };
    }),
    attendees,
    agreements,
    people,
    reviews: { people: listing.people, orgs: listing.orgs },
  };
}

/** A person loaded with the data (throws if not: a bug, never the client's fault). */
export function personIn(data: Pick<MeetingData, "people">, id: string): PersonRecord {
  const person = data.people.get(id);
  if (!person) throw new Error(`meeting: person ${id} was not loaded`);
  return person;
}
