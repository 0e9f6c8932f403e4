import { auditLog, type Executor } from "@taller/db";
import { appendEvent, projectStream } from "../live/outbox";

/** One audit entry; written by every command inside its own transaction. */
export interface AuditRecord {
  actorId: string | null;
  action: string;
  subjectType:
    | "organization"
    | "user"
    | "project"
    | "project_member"
    | "document"
    | "session"
    | "thread"
    | "comment"
    | "version"
    | "review"
    | "meeting"
    | "territory_layer"
    | "compatibility_matrix"
    | "milestone"
    | "progress_report"
    | "indicator";
  subjectId: string;
  projectId?: string | null;
  details?: Record<string, unknown>;
  /**
   * Facts added to the project event this entry also writes (ids such as `documentId`,
   * `threadId`): what members' browsers need to refresh the right views. Never content.
   */
  event?: Record<string, unknown>;
}

/**
 * Appends an audit entry using the caller's transaction, so it commits or rolls back with the
 * change. An entry about a project also goes to the project's live event stream (the outbox), in
 * the same transaction: whatever the activity view lists, members see arrive live.
 */
export async function recordAudit(tx: Executor, record: AuditRecord): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: record.actorId,
    action: record.action,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    projectId: record.projectId ?? null,
    details: record.details ?? {},
  });
  if (record.projectId) {
    await appendEvent(tx, {
      stream: projectStream(record.projectId),
      type: record.action,
      data: { subjectType: record.subjectType, subjectId: record.subjectId, actorId: record.actorId, ...record.event },
    });
  }
}
