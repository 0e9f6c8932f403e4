import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * Append-only audit trail: who changed what, when. Written in the same transaction as the
 * change it records, so the log and the data never disagree. Never updated or deleted.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actorId: uuid("actor_id").references(() => users.id),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    /** The project the subject belongs to, when it belongs to one: drives the project activity view. */
    projectId: uuid("project_id"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("audit_log_project_idx").on(t.projectId, t.id), index("audit_log_subject_idx").on(t.subjectType, t.subjectId)],
);

export type AuditEntry = typeof auditLog.$inferSelect;
