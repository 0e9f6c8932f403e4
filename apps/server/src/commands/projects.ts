import { eq, inArray, sql } from "@taller/db/sql";
import {
  assertStageMove,
  CLAVE_PREFIX,
  DomainError,
  formatClave,
  type ProjectCreateInput,
  type ProjectPatchInput,
  type Stage,
} from "@taller/domain";
import {
  claveSequences,
  organizations,
  projectMembers,
  projectOrganizations,
  projects,
  type Executor,
  type Project,
} from "@taller/db";
import { recordAudit } from "./audit";
import type { CommandProps } from "./props";
import { lockProjectFor, type ProjectAccess } from "../queries/access";

/** Fails with `validation_failed` unless every referenced organization exists. */
async function assertOrganizationsExist(tx: Executor, ids: string[], field: string): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await tx.select({ id: organizations.id }).from(organizations).where(inArray(organizations.id, unique));
  if (found.length !== unique.length) {
    const known = new Set(found.map((o) => o.id));
    const missing = unique.filter((id) => !known.has(id));
    throw new DomainError("validation_failed", `${field}: no existe la dependencia ${missing.join(", ")}.`, {
      issues: [{ path: field, message: "Dependencia desconocida." }],
    });
  }
}

/**
 * Next free clave for a kind and year. The counter row is bumped atomically; numbers already
 * taken by hand-entered claves are skipped.
 */
async function nextClave(tx: Executor, kind: ProjectCreateInput["kind"], year: number): Promise<string> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const [row] = await tx
      .insert(claveSequences)
      .values({ prefix: CLAVE_PREFIX[kind], year, last: 1 })
      .onConflictDoUpdate({
        target: [claveSequences.prefix, claveSequences.year],
        set: { last: sql`${claveSequences.last} + 1` },
      })
      .returning({ last: claveSequences.last });
    const clave = formatClave(kind, year, row!.last);
    const [taken] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.clave, clave));
    if (!taken) return clave;
  }
  throw new Error("clave sequence exhausted");
}

/** Creates a project; the creator becomes its owner. One transaction, audited. */
export async function createProject({ db, actor, input }: Omit<CommandProps<ProjectCreateInput>, "access">): Promise<ProjectAccess> {
  return db.transaction(async (tx) => {
    await assertOrganizationsExist(tx, input.leadOrgId ? [input.leadOrgId] : [], "leadOrgId");
    await assertOrganizationsExist(tx, input.participatingOrgIds, "participatingOrgIds");
    const clave = input.clave ?? (await nextClave(tx, input.kind, new Date().getFullYear()));
    const [project] = await tx
      .insert(projects)
      .values({
        clave,
        name: input.name,
        kind: input.kind,
        description: input.description,
        leadOrgId: input.leadOrgId,
        estimatedAmountMxn: input.estimatedAmountMxn === null ? null : input.estimatedAmountMxn.toFixed(2),
        funding: input.funding,
        location: input.location,
        alignment: input.alignment,
        impact: input.impact,
        evaluationType: input.evaluationType,
        createdBy: actor.userId,
      })
      .returning();
    if (input.participatingOrgIds.length > 0) {
      await tx
        .insert(projectOrganizations)
        .values(input.participatingOrgIds.map((orgId) => ({ projectId: project!.id, orgId })));
    }
    await tx.insert(projectMembers).values({ projectId: project!.id, userId: actor.userId, role: "owner", addedBy: actor.userId });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "project.created",
      subjectType: "project",
      subjectId: project!.id,
      projectId: project!.id,
      details: { clave, name: input.name, kind: input.kind },
    });
    return { project: project!, role: "owner" };
  });
}

/**
 * Applies a validated patch to a project's fields, recording old and new values. The edge's
 * decision stands: the fields' rules do not depend on state another request may change meanwhile.
 */
export async function updateProject({ db, actor, access, input: patch }: CommandProps<ProjectPatchInput>): Promise<ProjectAccess> {
  const { project, role } = access;
  const projectId = project.id;
  return db.transaction(async (tx) => {
    if (patch.leadOrgId) await assertOrganizationsExist(tx, [patch.leadOrgId], "leadOrgId");
    if (patch.participatingOrgIds) await assertOrganizationsExist(tx, patch.participatingOrgIds, "participatingOrgIds");

    const { participatingOrgIds, estimatedAmountMxn, ...fields } = patch;
    const changes: Partial<typeof projects.$inferInsert> = { ...fields, updatedAt: new Date() };
    if (estimatedAmountMxn !== undefined) {
      changes.estimatedAmountMxn = estimatedAmountMxn === null ? null : estimatedAmountMxn.toFixed(2);
    }
    const [updated] = await tx.update(projects).set(changes).where(eq(projects.id, projectId)).returning();

    let previousOrgs: string[] | undefined;
    if (participatingOrgIds) {
      const before = await tx
        .delete(projectOrganizations)
        .where(eq(projectOrganizations.projectId, projectId))
        .returning({ orgId: projectOrganizations.orgId });
      previousOrgs = before.map((r) => r.orgId);
      if (participatingOrgIds.length > 0) {
        await tx.insert(projectOrganizations).values(participatingOrgIds.map((orgId) => ({ projectId, orgId })));
      }
    }

    const before: Record<string, unknown> = {};
    for (const key of Object.keys(patch)) {
      before[key] = key === "participatingOrgIds" ? previousOrgs : project[key as keyof Project];
    }
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "project.updated",
      subjectType: "project",
      subjectId: projectId,
      projectId,
      details: { before, after: patch },
    });
    return { project: updated!, role };
  });
}

export interface StageChange {
  to: Stage;
  reason?: string | undefined;
}

/**
 * Moves a project along its lifecycle, validated by the lifecycle rule and audited. The move is
 * decided again on the locked row: two concurrent moves cannot both validate against the same
 * old stage, and an owner demoted meanwhile no longer moves it.
 */
export async function changeStage({ db, actor, access, input: { to, reason } }: CommandProps<StageChange>): Promise<ProjectAccess> {
  const projectId = access.project.id;
  return db.transaction(async (tx) => {
    const { project: locked, role } = await lockProjectFor(tx, actor, projectId, "project.changeStage");
    assertStageMove(locked.stage, to);
    const [updated] = await tx.update(projects).set({ stage: to, updatedAt: new Date() }).where(eq(projects.id, projectId)).returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "project.stage_changed",
      subjectType: "project",
      subjectId: projectId,
      projectId,
      details: { from: locked.stage, to, ...(reason ? { reason } : {}) },
    });
    return { project: updated!, role };
  });
}
