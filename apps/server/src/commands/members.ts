import { and, eq } from "@taller/db/sql";
import { DomainError, type Actor, type ProjectRole } from "@taller/domain";
import { projectMembers, users, type Database, type Transaction } from "@taller/db";
import { recordAudit } from "./audit";
import { authorizeProject } from "../queries/access";
import { isUuid } from "../http/validate";
import type { ServerEvents } from "../events";

/**
 * Membership changes. Invariant: a project always keeps at least one owner; the check locks the
 * project's owner rows so two owners cannot demote each other at the same time and leave none.
 * Committed changes are announced on the event bus (live sockets react to them).
 */
const memberNotFound = () => new DomainError("member_not_found", "Esa persona no es miembro del proyecto.");

async function assertKeepsAnOwner(tx: Transaction, projectId: string, leavingUserId: string): Promise<void> {
  const owners = await tx
    .select({ userId: projectMembers.userId })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.role, "owner")))
    .for("update");
  if (owners.every((o) => o.userId === leavingUserId)) {
    throw new DomainError("last_owner", "El proyecto debe conservar al menos una persona responsable.");
  }
}

export async function addMember(
  db: Database,
  events: ServerEvents,
  actor: Actor,
  projectId: string,
  input: { userId: string; role: ProjectRole },
) {
  const member = await db.transaction(async (tx) => {
    await authorizeProject(tx, actor, projectId, "project.manageMembers");
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
    if (!user) throw new DomainError("user_not_found", "No existe esa cuenta de usuario.");
    const [inserted] = await tx
      .insert(projectMembers)
      .values({ projectId, userId: input.userId, role: input.role, addedBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!inserted) throw new DomainError("member_exists", "Esa persona ya es miembro del proyecto; cambie su rol.");
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "member.added",
      subjectType: "project_member",
      subjectId: input.userId,
      projectId,
      details: { role: input.role },
    });
    return inserted;
  });
  events.emit({ type: "membership.changed", projectId, userId: input.userId, role: input.role });
  return member;
}

export async function changeMemberRole(
  db: Database,
  events: ServerEvents,
  actor: Actor,
  projectId: string,
  userId: string,
  role: ProjectRole,
) {
  const member = await db.transaction(async (tx) => {
    await authorizeProject(tx, actor, projectId, "project.manageMembers");
    if (!isUuid(userId)) throw memberNotFound();
    const [current] = await tx
      .select()
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
    if (!current) throw memberNotFound();
    if (current.role === "owner" && role !== "owner") await assertKeepsAnOwner(tx, projectId, userId);
    const [updated] = await tx
      .update(projectMembers)
      .set({ role })
      .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "member.role_changed",
      subjectType: "project_member",
      subjectId: userId,
      projectId,
      details: { from: current.role, to: role },
    });
    return updated!;
  });
  events.emit({ type: "membership.changed", projectId, userId, role });
  return member;
}

export async function removeMember(db: Database, events: ServerEvents, actor: Actor, projectId: string, userId: string) {
  await db.transaction(async (tx) => {
    await authorizeProject(tx, actor, projectId, "project.manageMembers");
    if (!isUuid(userId)) throw memberNotFound();
    const [current] = await tx
      .select()
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
    if (!current) throw memberNotFound();
    if (current.role === "owner") await assertKeepsAnOwner(tx, projectId, userId);
    await tx.delete(projectMembers).where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "member.removed",
      subjectType: "project_member",
      subjectId: userId,
      projectId,
      details: { role: current.role },
    });
  });
  events.emit({ type: "membership.changed", projectId, userId, role: null });
}
