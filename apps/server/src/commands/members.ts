import { and, eq } from "@taller/db/sql";
import { DomainError, type ProjectRole } from "@taller/domain";
import { projectMembers, users, type ProjectMember, type Transaction } from "@taller/db";
import { recordAudit } from "./audit";
import type { CommandProps } from "./props";
import { lockProjectFor } from "../queries/access";
import { isUuid } from "../http/validate";
import type { ServerEvents } from "../events";

/**
 * Membership changes. Invariant: a project always keeps at least one owner. Who may manage
 * members is itself membership, so each command decides again inside its transaction with the
 * project row locked (`lockProjectFor`): membership changes of one project run one at a time, an
 * owner removed or demoted a moment ago cannot act on the edge's earlier decision, and two owners
 * cannot demote each other at the same time and leave none. Committed changes are announced on
 * the event bus (live sockets react to them).
 */
const memberNotFound = () => new DomainError("member_not_found", "Esa persona no es miembro del proyecto.");

type MemberProps<Input> = CommandProps<Input> & { events: ServerEvents };

async function assertKeepsAnOwner(tx: Transaction, projectId: string, leavingUserId: string): Promise<void> {
  const owners = await tx
    .select({ userId: projectMembers.userId })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.role, "owner")));
  if (owners.every((o) => o.userId === leavingUserId)) {
    throw new DomainError("last_owner", "El proyecto debe conservar al menos una persona responsable.");
  }
}

async function currentMember(tx: Transaction, projectId: string, userId: string): Promise<ProjectMember> {
  if (!isUuid(userId)) throw memberNotFound();
  const [current] = await tx
    .select()
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
  if (!current) throw memberNotFound();
  return current;
}

export async function addMember({ db, events, actor, access, input }: MemberProps<{ userId: string; role: ProjectRole }>): Promise<ProjectMember> {
  const projectId = access.project.id;
  const member = await db.transaction(async (tx) => {
    await lockProjectFor(tx, actor, projectId, "project.manageMembers");
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
    if (!user) throw new DomainError("user_not_found", "No existe esa cuenta de usuario.");
    const [inserted] = await tx
      .insert(projectMembers)
      .values({ projectId, userId: input.userId, role: input.role, addedBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!inserted) throw new DomainError("member_exists", "Esa persona ya es integrante del proyecto; cambia su rol.");
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

export async function changeMemberRole({ db, events, actor, access, input }: MemberProps<{ userId: string; role: ProjectRole }>): Promise<ProjectMember> {
  const projectId = access.project.id;
  const { userId, role } = input;
  const member = await db.transaction(async (tx) => {
    await lockProjectFor(tx, actor, projectId, "project.manageMembers");
    const current = await currentMember(tx, projectId, userId);
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

export async function removeMember({ db, events, actor, access, input: { userId } }: MemberProps<{ userId: string }>): Promise<void> {
  const projectId = access.project.id;
  await db.transaction(async (tx) => {
    await lockProjectFor(tx, actor, projectId, "project.manageMembers");
    const current = await currentMember(tx, projectId, userId);
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
