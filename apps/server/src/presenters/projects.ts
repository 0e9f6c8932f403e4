import { priorityScore, projectAbilities, type Actor, type FollowUpAlert, type ProjectRole, type TerritoryResult } from "@taller/domain";
import type { Organization, Project } from "@taller/db";
import { presentOrganizationRef } from "./accounts";

/** A project with what the response needs besides its row: the actor's role and its agencies. */
export interface ProjectRecord {
  project: Project;
  role: ProjectRole | null;
  leadOrg: Organization | null;
  participatingOrgs: Organization[];
  /** The territory computed from its geometry (project_territory); null without geometry. */
  territory: TerritoryResult | null;
  /** The follow-up alerts computed today (queries/follow-up.ts alertsByProject). */
  alerts: FollowUpAlert[];
}

/**
 * The one API shape of a project (detail, portfolio item, after a change): the record, its
 * agencies, the derived priority, the actor's role and what the actor may do in it.
 */
export function presentProject(actor: Actor, { project, role, leadOrg, participatingOrgs, territory, alerts }: ProjectRecord) {
  return {
    id: project.id,
    clave: project.clave,
    name: project.name,
    kind: project.kind,
    stage: project.stage,
    description: project.description,
    leadOrg: leadOrg ? presentOrganizationRef(leadOrg) : null,
    participatingOrgs: participatingOrgs.map(presentOrganizationRef),
    estimatedAmountMxn: project.estimatedAmountMxn === null ? null : Number(project.estimatedAmountMxn),
    funding: project.funding,
    location: project.location,
    alignment: { ...project.alignment, landUseCategory: project.alignment.landUseCategory ?? null },
    impact: project.impact,
    territory,
    priority: priorityScore({ impact: project.impact, alignment: project.alignment, territory }),
    evaluationType: project.evaluationType,
    alerts,
    myRole: role,
    abilities: projectAbilities(actor, { role }),
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
    /** When an owner archived it (out of the portfolio unless «Incluir archivados»); null while active. */
    archivedAt: project.archivedAt,
  };
}
