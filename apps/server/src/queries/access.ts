import { and, eq } from "@taller/db/sql";
import { can, canSeeProject, DomainError, type Actor, type ProjectAction, type ProjectRole } from "@taller/domain";
import { documents, projectMembers, projects, type Executor, type Project, type StudyDocument } from "@taller/db";
import { isUuid } from "../http/validate";

/** A project as seen by one actor: the row and the actor's role in it. */
export interface ProjectAccess {
  project: Project;
  role: ProjectRole | null;
}

/** A document as seen by one actor: the document and its project's access. */
export interface DocumentAccess extends ProjectAccess {
  document: StudyDocument;
}

const projectNotFound = () => new DomainError("project_not_found", "No existe el proyecto o no tienes acceso a él.");

/** The actor's role in a project, or null for non-members. */
export async function roleIn(db: Executor, projectId: string, userId: string): Promise<ProjectRole | null> {
  const [row] = await db
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
  return row?.role ?? null;
}

/**
 * Loads a project for an action. Projects the actor cannot see are reported as not found (404)
 * so that their existence does not leak; visible projects where the action is not allowed are
 * forbidden (403).
 */
export async function authorizeProject(
  db: Executor,
  actor: Actor,
  projectId: string,
  action: ProjectAction,
): Promise<ProjectAccess> {
  if (!isUuid(projectId)) throw projectNotFound();
  const [project] = await db.select().from(projects).where(eq(projects.id, projectId));
  if (!project) throw projectNotFound();
  const role = await roleIn(db, projectId, actor.userId);
  assertAllowed(actor, action, { project, role });
  return { project, role };
}

export function assertAllowed(actor: Actor, action: ProjectAction, access: ProjectAccess): void {
  if (!canSeeProject(actor, access)) throw projectNotFound();
  if (!can(actor, action, access)) {
    throw new DomainError("forbidden", "Tu rol en este proyecto no permite esta acción.", { action, role: access.role });
  }
}

/** Loads a document and authorizes an action on it through its project. */
export async function authorizeDocument(
  db: Executor,
  actor: Actor,
  documentId: string,
  action: ProjectAction,
): Promise<DocumentAccess> {
  const notFound = () => new DomainError("document_not_found", "No existe el documento o no tienes acceso a él.");
  if (!isUuid(documentId)) throw notFound();
  const [document] = await db.select().from(documents).where(eq(documents.id, documentId));
  if (!document) throw notFound();
  try {
    const access = await authorizeProject(db, actor, document.projectId, action);
    return { ...access, document };
  } catch (error) {
    if (error instanceof DomainError && error.code === "project_not_found") throw notFound();
    throw error;
  }
}

/**
 * Authorization again, inside a command's transaction, for the commands whose rule depends on
 * state that a concurrent request may change between the edge's decision and the write: stage
 * moves (the lifecycle rule reads the current stage) and membership changes (who may manage
 * members, and who remains owner, is itself membership). It locks the project row (FOR NO KEY
 * UPDATE: inserts that reference the project, such as new documents, still pass) so these
 * commands run one at a time per project, then re-reads the row and the actor's role: a member
 * demoted or removed a moment ago can no longer act on the decision the edge took before.
 */
export async function lockProjectFor(tx: Executor, actor: Actor, projectId: string, action: ProjectAction): Promise<ProjectAccess> {
  const [project] = await tx.select().from(projects).where(eq(projects.id, projectId)).for("no key update");
  if (!project) throw projectNotFound();
  const role = await roleIn(tx, projectId, actor.userId);
  assertAllowed(actor, action, { project, role });
  return { project, role };
}

/** Converts the session user into the actor the permission rules take. */
export function actorOf(user: { id: string; isAdmin: boolean; org: { createsProjects: boolean } }): Actor {
  return { userId: user.id, isAdmin: user.isAdmin, createsProjects: user.org.createsProjects };
}
