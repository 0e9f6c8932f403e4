import { and, eq, inArray, isNotNull, isNull, sql } from "@taller/db/sql";
import {
  assertStageMove,
  canSeeProject,
  findSameName,
  type Actor,
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
import { refreshProjectTerritory } from "./territory";
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

/**
 * Fails with 409 `duplicate_name` when a project of the portfolio (archived ones included) has the
 * same name once normalized (case, accents, spaces: the domain's `sameName`). The existing
 * project's name and clave are in `details.existing` only if the actor may see it; for a project
 * of another agency the warning says a project with that name exists, and nothing else about it.
 */
async function assertNameFree(tx: Executor, actor: Actor, name: string): Promise<void> {
  const rows = await tx
    .select({ id: projects.id, name: projects.name, clave: projects.clave, archivedAt: projects.archivedAt, role: projectMembers.role })
    .from(projects)
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, actor.userId)));
  const same = findSameName(name, rows, (p) => p.name);
  if (!same) return;
  if (canSeeProject(actor, { role: same.role })) {
    throw new DomainError("duplicate_name", `Ya existe el proyecto ${same.clave} «${same.name}»${same.archivedAt ? " (archivado)" : ""}. ¿Quieres crear otro con el mismo nombre de todos modos?`, {
      existing: { id: same.id, name: same.name, clave: same.clave, archived: same.archivedAt !== null },
    });
  }
  throw new DomainError("duplicate_name", "Ya existe en la cartera un proyecto con ese nombre (de un equipo al que no perteneces). ¿Quieres crear otro con el mismo nombre de todos modos?", {
    existing: null,
  });
}

/**
 * Creates a project; the creator becomes its owner. One transaction, audited. A name already in
 * the portfolio is refused with `duplicate_name` unless `confirmDuplicate`.
 */
export async function createProject({ db, actor, input }: Omit<CommandProps<ProjectCreateInput>, "access">): Promise<ProjectAccess> {
  return db.transaction(async (tx) => {
    if (!input.confirmDuplicate) await assertNameFree(tx, actor, input.name);
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
        alignment: { ...input.alignment, landUseCategory: input.alignment.landUseCategory ?? null },
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
    if (input.location?.geometry) await refreshProjectTerritory(tx, project!.id);
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
    if (fields.alignment) {
      // A form that does not show the land-use category does not clear it.
      changes.alignment = { ...fields.alignment, landUseCategory: fields.alignment.landUseCategory === undefined ? (project.alignment.landUseCategory ?? null) : fields.alignment.landUseCategory };
    }
    if (estimatedAmountMxn !== undefined) {
      changes.estimatedAmountMxn = estimatedAmountMxn === null ? null : estimatedAmountMxn.toFixed(2);
    }
    const [updated] = await tx.update(projects).set(changes).where(eq(projects.id, projectId)).returning();
    // The territory depends on the geometry and the use (kind, land-use category): same transaction.
    if (patch.location !== undefined || patch.alignment !== undefined || patch.kind !== undefined) {
      await refreshProjectTerritory(tx, projectId);
    }

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

/**
 * Archives a project (owners): it leaves the portfolio's list, board, map and summary unless
 * «Incluir archivados» is on; its workspace stays open to its members as before.
 */
export const archiveProject = (props: CommandProps<unknown>) => setProjectArchived(props, true);

/** Restores an archived project to the portfolio (owners). */
export const restoreProject = (props: CommandProps<unknown>) => setProjectArchived(props, false);

/**
 * The row changes only if it is not in the asked state yet (one statement): otherwise 409
 * `invalid_archive_state`, nothing written. Audited in the same transaction.
 */
async function setProjectArchived({ db, actor, access }: CommandProps<unknown>, archive: boolean): Promise<ProjectAccess> {
  const projectId = access.project.id;
  return db.transaction(async (tx) => {
    const [changed] = await tx
      .update(projects)
      .set(archive ? { archivedAt: new Date(), archivedBy: actor.userId } : { archivedAt: null, archivedBy: null })
      .where(and(eq(projects.id, projectId), archive ? isNull(projects.archivedAt) : isNotNull(projects.archivedAt)))
      .returning();
    if (!changed) throw new DomainError("invalid_archive_state", archive ? "El proyecto ya está archivado." : "El proyecto no está archivado.");
    await recordAudit(tx, {
      actorId: actor.userId,
      action: archive ? "project.archived" : "project.restored",
      subjectType: "project",
      subjectId: projectId,
      projectId,
      details: { clave: changed.clave, name: changed.name },
    });
    return { project: changed, role: access.role };
  });
}
