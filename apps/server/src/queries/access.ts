import { and, eq } from "@taller/db/sql";
import { can, DomainError, type Actor, type ProjectAction, type ProjectRole } from "@taller/domain";
import { documents, projectMembers, projects, type Executor, type Project, type StudyDocument } from "@taller/db";
import { isUuid } from "../http/validate";

/** A project as seen by one actor: the row and the actor's role in it. */
export interface ProjectAccess {
  project: Project;
  role: ProjectRole | null;
}

const projectNotFound = () => new DomainError("project_not_found", "No existe el proyecto o no tiene acceso a él.");

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
  if (!can(actor, "project.read", access)) throw projectNotFound();
  if (!can(actor, action, access)) {
    throw new DomainError("forbidden", "Su rol en este proyecto no permite esta acción.", { action, role: access.role });
  }
}

/** Loads a document and authorizes an action on it through its project. */
export async function authorizeDocument(
  db: Executor,
  actor: Actor,
  documentId: string,
  action: ProjectAction,
): Promise<ProjectAccess & { document: StudyDocument }> {
  const notFound = () => new DomainError("document_not_found", "No existe el documento o no tiene acceso a él.");
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

/** Converts the session user into the actor the permission rules take. */
export function actorOf(user: { id: string; isAdmin: boolean }): Actor {
  return { userId: user.id, isAdmin: user.isAdmin };
}
