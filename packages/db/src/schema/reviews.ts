import { check, foreignKey, index, integer, pgTable, text, timestamp, unique, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import type { ReviewCloseReason, ReviewDecision, ReviewResult, ReviewRule, ReviewStatus } from "@taller/domain/reviews";
import { createdAt, id } from "./columns";
import { documents } from "./documents";
import { organizations } from "./organizations";
import { projects } from "./projects";
import { personRef, users } from "./users";
import { documentVersions } from "./versions";
import { meetings } from "./meetings";

/**
 * A review round: one version submitted to participants (named people and/or whole agencies) under
 * a rule (`all`, `majority`, `any`). Archival records, guarded by triggers
 * (migrations/0006_reviews.sql): a round is never deleted, and once closed never changes; while
 * open, the only changes are closing it (open → closed with its result, reason, who and when, and
 * the round that superseded it) and noting that its due reminder went out (`due_reminded_at`).
 * No foreign key cascades into it (version, document and project are NO ACTION). `document_id`
 * and `project_id` are the version's, kept here so "the open round of this document" and
 * "the rounds of this project" need no join; at most one round per document is open (a partial
 * unique index). `superseded_by` references the round that replaced this one; the constraint is
 * DEFERRABLE INITIALLY DEFERRED, because the old round closes (naming the new one's id) before the
 * new one is inserted — the one-open-round index would refuse them the other way round.
 */
export const reviewRounds = pgTable(
  "review_rounds",
  {
    id: id(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => documentVersions.id),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id),
    rule: text("rule").$type<ReviewRule>().notNull(),
    dueAt: timestamp("due_at", { withTimezone: true, mode: "date" }),
    status: text("status").$type<ReviewStatus>().notNull().default("open"),
    result: text("result").$type<ReviewResult>(),
    closeReason: text("close_reason").$type<ReviewCloseReason>(),
    closedBy: uuid("closed_by").references(() => users.id),
    closedAt: timestamp("closed_at", { withTimezone: true, mode: "date" }),
    supersededBy: uuid("superseded_by").references((): AnyPgColumn => reviewRounds.id),
    createdBy: personRef("created_by"),
    createdAt: createdAt(),
    /** When the due reminder (`review_due` notifications) was written; once per round. */
    dueRemindedAt: timestamp("due_reminded_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("review_rounds_project_idx").on(t.projectId, t.createdAt),
    index("review_rounds_version_idx").on(t.versionId, t.createdAt),
    uniqueIndex("review_rounds_one_open_per_document").on(t.documentId).where(sql`${t.status} = 'open'`),
    check("review_rounds_rule_check", sql`${t.rule} IN ('all', 'majority', 'any')`),
    check("review_rounds_status_check", sql`${t.status} IN ('open', 'closed')`),
    check("review_rounds_result_check", sql`${t.result} IS NULL OR ${t.result} IN ('approved', 'approved_with_observations', 'changes_requested', 'rejected')`),
    check(
      "review_rounds_closed_check",
      sql`(${t.status} = 'open' AND ${t.result} IS NULL AND ${t.closeReason} IS NULL AND ${t.closedAt} IS NULL AND ${t.closedBy} IS NULL AND ${t.supersededBy} IS NULL)
        OR (${t.status} = 'closed' AND ${t.closeReason} IN ('rule_met', 'closed_early', 'superseded') AND ${t.closedAt} IS NOT NULL
            AND (${t.closeReason} = 'superseded') = (${t.supersededBy} IS NOT NULL)
            AND (${t.closeReason} <> 'rule_met' OR ${t.result} IS NOT NULL))`,
    ),
  ],
);

/**
 * Who a round asks: a named person (`user_id`) or a whole agency (`org_id`), exactly one, each at
 * most once per round, in the order given (`position`). Insert-only (trigger), and only while the
 * round is open.
 */
export const reviewParticipants = pgTable(
  "review_participants",
  {
    id: id(),
    roundId: uuid("round_id")
      .notNull()
      .references(() => reviewRounds.id),
    position: integer("position").notNull(),
    userId: uuid("user_id").references(() => users.id),
    orgId: uuid("org_id").references(() => organizations.id),
  },
  (t) => [
    unique("review_participants_round_position_key").on(t.roundId, t.position),
    unique("review_participants_round_user_key").on(t.roundId, t.userId),
    unique("review_participants_round_org_key").on(t.roundId, t.orgId),
    check("review_participants_one_check", sql`(${t.userId} IS NULL) <> (${t.orgId} IS NULL)`),
  ],
);

/**
 * Every decision given in a round, for a participant (the person, or the agency whose dictamen it
 * is), signed by `decided_by`. Insert-only (trigger): a change of mind is a new row, the earlier one
 * stays in the history (the standing decision is the newest, see the domain's `standingDecisions`).
 * The trigger also refuses a decision into a closed round. The participant must be one of the
 * round's (composite foreign keys to review_participants).
 */
export const reviewDecisions = pgTable(
  "review_decisions",
  {
    id: id(),
    roundId: uuid("round_id")
      .notNull()
      .references(() => reviewRounds.id),
    userId: uuid("user_id"),
    orgId: uuid("org_id"),
    decidedBy: personRef("decided_by"),
    decision: text("decision").$type<ReviewDecision>().notNull(),
    reason: text("reason"),
    conditions: text("conditions"),
    /** The meeting in which the decision was taken (issue 13), if any. */
    meetingId: uuid("meeting_id").references((): AnyPgColumn => meetings.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("review_decisions_round_idx").on(t.roundId, t.createdAt),
    foreignKey({ name: "review_decisions_participant_user_fk", columns: [t.roundId, t.userId], foreignColumns: [reviewParticipants.roundId, reviewParticipants.userId] }),
    foreignKey({ name: "review_decisions_participant_org_fk", columns: [t.roundId, t.orgId], foreignColumns: [reviewParticipants.roundId, reviewParticipants.orgId] }),
    check("review_decisions_one_check", sql`(${t.userId} IS NULL) <> (${t.orgId} IS NULL)`),
    check("review_decisions_decision_check", sql`${t.decision} IN ('favorable', 'favorable_with_observations', 'changes_requested', 'unfavorable')`),
  ],
);

export type ReviewRound = typeof reviewRounds.$inferSelect;
export type ReviewParticipantRow = typeof reviewParticipants.$inferSelect;
export type ReviewDecisionRow = typeof reviewDecisions.$inferSelect;
