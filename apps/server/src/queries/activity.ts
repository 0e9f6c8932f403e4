import { and, desc, eq, lt } from "@taller/db/sql";
import { auditLog, users, type Executor } from "@taller/db";

/** A page of a project's audit trail, newest first: entries before `before` (an entry id), at most `limit`. */
export async function listActivity(db: Executor, projectId: string, page: { before?: number | undefined; limit: number }) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      details: auditLog.details,
      actor: { id: users.id, name: users.name },
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.projectId, projectId), page.before ? lt(auditLog.id, page.before) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(page.limit);
}
