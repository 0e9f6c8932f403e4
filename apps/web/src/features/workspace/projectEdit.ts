// The project edit's PATCH: what a validated draft changes in the project (projectForm.ts turns
// the draft into the body the domain's schema validates).
import { projectPatchSchema, type ProjectPatchInput } from "@taller/domain/inputs";
import type { Path } from "react-hook-form";
import type { Project, ProjectPatch } from "../../api";
import { bodyFromDraft, draftFromProject, projectFields, type ProjectDraft } from "./projectForm";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The PATCH body with only what `parsed` (a validated edit) changes in `project`. Nested records
 * (funding, location, alignment, impact) are sent whole: the server replaces them as a unit. A
 * project whose stored fields no longer pass the schema gets every field sent.
 */
export function patchFrom(project: Project, parsed: ProjectPatchInput): ProjectPatch {
  const current = projectPatchSchema.safeParse(bodyFromDraft(draftFromProject(project), project.location?.geometry ?? null));
  const base = current.success ? current.data : undefined;
  const patch: Record<string, unknown> = {};
  for (const key of projectFields) {
    // The organizations are compared as a set, below.
    if (key !== "participatingOrgIds" && parsed[key] !== undefined && (!base || !same(base[key], parsed[key]))) patch[key] = parsed[key];
  }
  const orgs = parsed.participatingOrgIds;
  if (orgs && (!base || !same([...(base.participatingOrgIds ?? [])].sort(), [...orgs].sort()))) patch.participatingOrgIds = orgs;
  return patch as ProjectPatch;
}

/** Whether the draft differs from the project (an invalid draft counts as a change). */
export function draftChanges(project: Project, draft: ProjectDraft): boolean {
  const parsed = projectPatchSchema.safeParse(bodyFromDraft(draft, project.location?.geometry ?? null));
  return !parsed.success || Object.keys(patchFrom(project, parsed.data)).length > 0;
}

/**
 * Where an error is shown in the edit form: each input's path, with the funding split as one group
 * (its shares are judged by their sum) and lists (organizations, ODS) as one field.
 */
export function errorPaths(draft: ProjectDraft): Path<ProjectDraft>[] {
  return projectFields.flatMap((field) => {
    const value = draft[field];
    if (field === "funding" || typeof value !== "object" || Array.isArray(value)) return [field];
    return Object.keys(value).map((key) => `${field}.${key}` as Path<ProjectDraft>);
  });
}
