import { and, asc, eq, type SQL } from "@taller/db/sql";
import { organizations, projectMembers, users, type Executor } from "@taller/db";
import type { MemberRecord } from "../presenters/members";

function selectMembers(db: Executor, where: SQL | undefined) {
  return db
    .select({ userId: projectMembers.userId, role: projectMembers.role, since: projectMembers.createdAt, name: users.name, email: users.email, org: organizations })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(where)
    .orderBy(asc(users.name));
}

/** A project's members with their person and agency, by name. */
export async function listMembers(db: Executor, projectId: string): Promise<MemberRecord[]> {
  return selectMembers(db, eq(projectMembers.projectId, projectId));
}

/** One member of a project (after adding them or changing their role). */
export async function loadMember(db: Executor, projectId: string, userId: string): Promise<MemberRecord> {
  const [member] = await selectMembers(db, and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
  return member!;
}
