import { and, desc, eq, ilike, inArray, isNotNull, or, sql, type SQL } from "@taller/db/sql";
import { priorityScore, type Actor, type ProjectKind, type ProjectRole, type Stage } from "@taller/domain";
import {
  organizations,
  projectMembers,
  projectOrganizations,
  projects,
  type Executor,
  type Organization,
  type Project,
} from "@taller/db";

/** What the API returns for a project: the record, its agencies, the derived priority and the caller's role. */
export function projectView(
  project: Project,
  orgs: Map<string, Organization>,
  participatingOrgIds: string[],
  myRole: ProjectRole | null,
) {
  const orgRef = (id: string) => {
    const org = orgs.get(id);
    return org ? { id: org.id, name: org.name, shortName: org.shortName } : null;
  };
  return {
    id: project.id,
    clave: project.clave,
    name: project.name,
    kind: project.kind,
    stage: project.stage,
    description: project.description,
    leadOrg: project.leadOrgId ? orgRef(project.leadOrgId) : null,
    participatingOrgs: participatingOrgIds.map(orgRef).filter((o) => o !== null),
    estimatedAmountMxn: project.estimatedAmountMxn === null ? null : Number(project.estimatedAmountMxn),
    funding: project.funding,
    location: project.location,
    alignment: project.alignment,
    impact: project.impact,
    priority: priorityScore({ impact: project.impact, alignment: project.alignment }),
    evaluationType: project.evaluationType,
    myRole,
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
  };
}

export type ProjectView = ReturnType<typeof projectView>;

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

/** Loads one project's view for an actor whose access was already checked. */
export async function loadProjectView(db: Executor, project: Project, role: ProjectRole | null): Promise<ProjectView> {
  const [orgs, participating] = await Promise.all([orgMap(db), participatingByProject(db, [project.id])]);
  return projectView(project, orgs, participating.get(project.id) ?? [], role);
}

export interface ProjectFilters {
  stage?: Stage | undefined;
  kind?: ProjectKind | undefined;
  org?: string | undefined;
  text?: string | undefined;
}

/** Escapes LIKE wildcards so a search for "50%" means the characters, not a pattern. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * The portfolio as one actor sees it: projects they are a member of (all projects for admins),
 * filtered by stage, kind, agency (lead or participating) and free text, most recently changed first.
 */
export async function listProjects(db: Executor, actor: Actor, filters: ProjectFilters): Promise<ProjectView[]> {
  const conditions: SQL[] = [];
  if (!actor.isAdmin) conditions.push(isNotNull(projectMembers.userId));
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
  const [orgs, participating] = await Promise.all([
    orgMap(db),
    participatingByProject(db, rows.map((r) => r.project.id)),
  ]);
  return rows.map((r) => projectView(r.project, orgs, participating.get(r.project.id) ?? [], r.role));
}
