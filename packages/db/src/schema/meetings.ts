import { check, date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import type { Attendance, MeetingKind, MeetingSealRecord, MeetingStatus } from "@taller/domain/meetings";
import { createdAt, id, updatedAt } from "./columns";
import { organizations } from "./organizations";
import { personRef, users } from "./users";
import { reviewRounds } from "./reviews";

/**
 * A meeting (sesión): convened by one person, scheduled → in_progress → sealed, or cancelled.
 * Guarded by triggers (migrations/0007_meetings.sql): a sealed meeting's row never changes and no
 * meeting is ever deleted; once sealed, its agenda, attendees and agreements are frozen too. The
 * sealed record itself lives in `meeting_seals` (insert-only).
 */
export const meetings = pgTable(
  "meetings",
  {
    id: id(),
    title: text("title").notNull(),
    kind: text("kind").$type<MeetingKind>().notNull(),
    status: text("status").$type<MeetingStatus>().notNull().default("scheduled"),
    startsAt: timestamp("starts_at", { withTimezone: true, mode: "date" }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true, mode: "date" }),
    place: text("place"),
    link: text("link"),
    convenerId: personRef("convener_id"),
    /** What meeting mode shows; no FK, so deleting an agenda item never touches the meeting row. */
    currentItemId: uuid("current_item_id"),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("meetings_starts_idx").on(t.startsAt),
    index("meetings_convener_idx").on(t.convenerId),
    check("meetings_kind_check", sql`${t.kind} IN ('committee_session', 'working_table', 'coordination_meeting')`),
    check("meetings_status_check", sql`${t.status} IN ('scheduled', 'in_progress', 'sealed', 'cancelled')`),
    check("meetings_cancelled_check", sql`(${t.status} = 'cancelled') = (${t.cancelledAt} IS NOT NULL)`),
    check("meetings_ends_check", sql`${t.endsAt} IS NULL OR ${t.endsAt} > ${t.startsAt}`),
  ],
);

const meetingRef = () =>
  uuid("meeting_id")
    .notNull()
    .references(() => meetings.id);

/** An agenda item: an open review round (a version), or a free topic — exactly one. */
export const meetingAgendaItems = pgTable(
  "meeting_agenda_items",
  {
    id: id(),
    meetingId: meetingRef(),
    position: integer("position").notNull(),
    reviewId: uuid("review_id").references((): AnyPgColumn => reviewRounds.id),
    topic: text("topic"),
    notes: text("notes"),
  },
  (t) => [
    index("meeting_agenda_items_meeting_idx").on(t.meetingId, t.position),
    index("meeting_agenda_items_review_idx").on(t.reviewId),
    unique("meeting_agenda_items_meeting_review_key").on(t.meetingId, t.reviewId),
    check("meeting_agenda_items_one_check", sql`(${t.reviewId} IS NULL) <> (${t.topic} IS NULL)`),
  ],
);

/**
 * Who attends: a person with an account (`user_id`, with their agency in `org_id`), or a guest by
 * name and agency. `name`/`org_name` are copied at the time of the invitation for guests and
 * accounts alike, so the list reads the same whatever later happens to the account.
 */
export const meetingAttendees = pgTable(
  "meeting_attendees",
  {
    id: id(),
    meetingId: meetingRef(),
    userId: uuid("user_id").references(() => users.id),
    name: text("name").notNull(),
    orgName: text("org_name").notNull(),
    orgId: uuid("org_id").references(() => organizations.id),
    attendance: text("attendance").$type<Attendance>().notNull().default("pending"),
    representedBy: text("represented_by"),
    position: integer("position").notNull(),
  },
  (t) => [
    index("meeting_attendees_meeting_idx").on(t.meetingId, t.position),
    index("meeting_attendees_user_idx").on(t.userId),
    unique("meeting_attendees_meeting_user_key").on(t.meetingId, t.userId),
    check("meeting_attendees_attendance_check", sql`${t.attendance} IN ('pending', 'present', 'absent', 'represented')`),
    check("meeting_attendees_represented_check", sql`(${t.attendance} = 'represented') = (${t.representedBy} IS NOT NULL)`),
  ],
);

/** An agreement (acuerdo) with its responsible (a person with an account, or a name) and due date. */
export const meetingAgreements = pgTable(
  "meeting_agreements",
  {
    id: id(),
    meetingId: meetingRef(),
    agendaItemId: uuid("agenda_item_id").references(() => meetingAgendaItems.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    responsibleUserId: uuid("responsible_user_id").references(() => users.id),
    responsibleName: text("responsible_name"),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    createdBy: personRef("created_by"),
    createdAt: createdAt(),
  },
  (t) => [
    index("meeting_agreements_meeting_idx").on(t.meetingId, t.createdAt),
    check("meeting_agreements_responsible_check", sql`(${t.responsibleUserId} IS NULL) <> (${t.responsibleName} IS NULL)`),
  ],
);

/** The sealed record of a meeting and its SHA-256 (JCS). Insert-only (trigger). */
export const meetingSeals = pgTable("meeting_seals", {
  meetingId: uuid("meeting_id")
    .primaryKey()
    .references(() => meetings.id),
  record: jsonb("record").$type<MeetingSealRecord>().notNull(),
  sha256: text("sha256").notNull(),
  sealedAt: timestamp("sealed_at", { withTimezone: true, mode: "date" }).notNull(),
  sealedBy: personRef("sealed_by"),
});

/** A correction to a sealed acta, referencing the seal's hash. Insert-only, only for sealed meetings. */
export const meetingAddenda = pgTable(
  "meeting_addenda",
  {
    id: id(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetingSeals.meetingId),
    sealSha256: text("seal_sha256").notNull(),
    body: text("body").notNull(),
    sha256: text("sha256").notNull(),
    createdBy: personRef("created_by"),
    createdAt: createdAt(),
  },
  (t) => [index("meeting_addenda_meeting_idx").on(t.meetingId, t.createdAt)],
);

export type Meeting = typeof meetings.$inferSelect;
export type MeetingAgendaItem = typeof meetingAgendaItems.$inferSelect;
export type MeetingAttendee = typeof meetingAttendees.$inferSelect;
export type MeetingAgreement = typeof meetingAgreements.$inferSelect;
export type MeetingSeal = typeof meetingSeals.$inferSelect;
export type MeetingAddendum = typeof meetingAddenda.$inferSelect;
