// The wire's shapes, derived rather than restated: answers from the server's routes (through the
// typed client), request bodies from the domain's input schemas the server validates them with.
import type { InferResponseType } from "hono/client";
import type { z } from "zod";
import type { organizationCreateSchema, organizationPatchSchema, projectCreateSchema, projectListQuerySchema, projectPatchSchema, userCreateSchema } from "@taller/domain";
import type { client } from "./endpoints";

export type { GlobalAbilities, ProjectAbilities } from "@taller/domain/permissions";

// The closed vocabularies come from the domain package (the server validates with the same lists).
export {
  PROJECT_KINDS as projectKinds,
  STAGES as projectStages,
  PROJECT_ROLES as projectRoles,
  EVALUATION_TYPES as evaluationTypes,
  LAND_USE_COMPATIBILITY as landUseCompatibilities,
} from "@taller/domain/vocabulary";
export type {
  DocumentKind,
  ProjectKind,
  Stage as ProjectStage,
  ProjectRole,
  EvaluationType,
  LandUseCompatibility,
} from "@taller/domain/vocabulary";

type Projects = typeof client.projects;

/** The signed-in person, with what they may do outside any project (`abilities`). */
export type SessionUser = InferResponseType<typeof client.auth.me.$get>["user"];
/** An organization as the admin page lists it. */
export type Organization = InferResponseType<typeof client.orgs.$get>["orgs"][number];
export type AdminUser = InferResponseType<typeof client.users.$get>["users"][number];
/** A project with the caller's role and what they may do in it (`abilities`, decided by the server). */
export type Project = InferResponseType<Projects[":id"]["$get"]>;
/** An organization as a project names it (lead or participating). */
export type OrgRef = NonNullable<Project["leadOrg"]>;
export type FundingSplit = NonNullable<Project["funding"]>;
/** One term of the priority score (the UI translates known keys and falls back to `label`). */
export type PriorityFactor = NonNullable<Project["priority"]>["factors"][number];
/** A member; `email` only for those who manage the project's members (emails are personal data). */
export type ProjectMember = InferResponseType<Projects[":id"]["members"]["$get"]>["members"][number];
export type ProjectDocument = InferResponseType<Projects[":id"]["documents"]["$get"]>["documents"][number];
/** A document opened by id (deep link), with the caller's role and abilities in its project. */
export type OpenedDocument = InferResponseType<(typeof client.documents)[":id"]["$get"]>;
export type Person = InferResponseType<typeof client.people.$get>["people"][number];
export type ActivityEntry = InferResponseType<Projects[":id"]["activity"]["$get"]>["activity"][number];

export type ProjectFilters = z.input<typeof projectListQuerySchema>;
export type NewProject = z.input<typeof projectCreateSchema>;
export type ProjectPatch = z.input<typeof projectPatchSchema>;
export type NewOrg = z.input<typeof organizationCreateSchema>;
export type OrgPatch = z.input<typeof organizationPatchSchema>;
export type NewUser = z.input<typeof userCreateSchema>;
