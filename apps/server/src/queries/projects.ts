import { and, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from "@taller/db/sql";
import type { Actor, ProjectKind, ProjectRole, Stage } from "@taller/domain";
import {
  organizations,
  projectMembers,
  projectOrganizations,
  projects,
  type Executor,
  type Organization,
  type Project,
} from "@taller/db";
import type { ProjectRecord } from "../presenters/projects";
import type { ProjectAccess } from "./access";
import { likePattern } from "./like";
import { territoriesOf } from "./territory";
import { alertsByProject } from "./follow-up";

async function orgMap(db: Executor): Promise<Map<string, Organization>> {
  const rows = await db.select().from(organizations);
  return new Map(rows.map((o) => [o.id, o]));
}

async function participatingByProject(db: Executor, projectIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (projectIds.length === 0) return result;
  const rows = await db.select().from(projectOrganizations).where(inArray(projectOrganizations.projectId, projectIds));
  for (const row of rows) result.set(row.projectId, [...(result.get(row.projectId) ?? []), row.orgId]);
  return result;
}

function recordOf(
  project: Project,
  role: ProjectRole | null,
  orgs: Map<string, Organization>,
  participating: Map<string, string[]>,
  territories: Map<string, NonNullable<ProjectRecord["territory"]>>,
  alerts: Map<string, ProjectRecord["alerts"]>,
): ProjectRecord {
  return {
    project,
    role,
    leadOrg: (project.leadOrgId && orgs.get(project.leadOrgId)) || null,
    participatingOrgs: (participating.get(project.id) ?? []).flatMap((id) => orgs.get(id) ?? []),
    territory: territories.get(project.id) ?? null,
    alerts: alerts.get(project.id) ?? [],
  };
}

/** One project with its agencies, for an actor whose access was already checked. */
export async function loadProject(db: Executor, { project, role }: ProjectAccess): Promise<ProjectRecord> {
  const [orgs, participating, territories, alerts] = await Promise.all([
    orgMap(db),
    participatingByProject(db, [project.id]),
    territoriesOf(db, [project.id]),
    alertsByProject(db, [project]),
  ]);
  return recordOf(project, role, orgs, participating, territories, alerts);
}

export interface ProjectFilters {
  stage?: Stage | undefined;
  kind?: ProjectKind | undefined;
  org?: string | undefined;
  text?: string | undefined;
  /** "1": archived projects too (left out otherwise). */
  archived?: "1" | undefined;
  /** "1": only projects the actor is a member of (administrators otherwise see all). */
  mine?: "1" | undefined;
}

/**
 * The portfolio as one actor sees it: projects they are a member of (all projects for admins),
 * filtered by stage, kind, agency (lead or participating) and free text, most recently changed first.
 * Archived projects only with `archived`; `mine` keeps the actor's own projects (for admins).
 */
export async function listProjects(db: Executor, actor: Actor, filters: ProjectFilters): Promise<ProjectRecord[]> {
  const conditions: SQL[] = [];
  if (!actor.isAdmin || filters.mine) conditions.push(isNotNull(projectMembers.userId));
  if (!filters.archived) conditions.push(isNull(projects.archivedAt));
  if (filters.stage) conditions.push(eq(projects.stage, filters.stage));
  if (filters.kind) conditions.push(eq(projects.kind, filters.kind));
  if (filters.org) {
    conditions.push(
      or(
        eq(projects.leadOrgId, filters.org),
        sql`exists (select 1 from ${projectOrganizations} po where po.project_id = ${projects.id} and po.org_id = ${filters.org})`,
      )!,
    );
  }
  if (filters.text) {
    const pattern = likePattern(filters.text);
    conditions.push(or(ilike(projects.name, pattern), ilike(projects.clave, pattern), ilike(projects.description, pattern))!);
  }
  const rows = await db
    .select({ project: projects, role: projectMembers.role })
    .from(projects)
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, actor.userId)))
    .where(and(...conditions))
    .orderBy(desc(projects.updatedAt), projects.clave);
  const [orgs, participating, territories, alerts] = await Promise.all([
    orgMap(db),
    participatingByProject(db, rows.map((r) => r.project.id)),
    territoriesOf(db, rows.map((r) => r.project.id)),
    alertsByProject(db, rows.map((r) => r.project)),
  ]);
  return rows.map((r) => recordOf(r.project, r.role, orgs, participating, territories, alerts));
}
