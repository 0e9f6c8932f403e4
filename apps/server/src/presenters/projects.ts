import { priorityScore, projectAbilities, type Actor, type ProjectRole } from "@taller/domain";
import type { Organization, Project } from "@taller/db";
import { presentOrganizationRef } from "./accounts";

/** A project with what the response needs besides its row: the actor's role and its agencies. */
export interface ProjectRecord {
  project: Project;
  role: ProjectRole | null;
  leadOrg: Organization | null;
  participatingOrgs: Organization[];
}

/**
 * The one API shape of a project (detail, portfolio item, after a change): the record, its
 * agencies, the derived priority, the actor's role and what the actor may do in it.
 */
export function presentProject(actor: Actor, { project, role, leadOrg, participatingOrgs }: ProjectRecord) {
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
    alignment: project.alignment,
    impact: project.impact,
    priority: priorityScore({ impact: project.impact, alignment: project.alignment }),
    evaluationType: project.evaluationType,
    myRole: role,
    abilities: projectAbilities(actor, { role }),
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
  };
}
