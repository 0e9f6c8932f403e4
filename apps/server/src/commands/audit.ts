import { auditLog, type Executor } from "@taller/db";

/** One audit entry; written by every command inside its own transaction. */
export interface AuditRecord {
  actorId: string | null;
  action: string;
  subjectType: "organization" | "user" | "project" | "project_member" | "document" | "session";
  subjectId: string;
  projectId?: string | null;
  details?: Record<string, unknown>;
}

/** Appends an audit entry using the caller's transaction, so it commits or rolls back with the change. */
export async function recordAudit(tx: Executor, record: AuditRecord): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: record.actorId,
    action: record.action,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    projectId: record.projectId ?? null,
    details: record.details ?? {},
  });
}
