// Wire types of the Taller HTTP API (apps/server). They mirror the JSON the server sends; the
// server is the source of truth, so nothing here is validated at run time beyond what the UI needs.
import type { EvaluationType, LandUseCompatibility, ProjectKind, ProjectRole, Stage as ProjectStage } from "@taller/domain/vocabulary";
import type { GlobalAbilities, ProjectAbilities } from "@taller/domain/permissions";

export type { GlobalAbilities, ProjectAbilities };

export type OrgRef = { id: string; name: string; shortName: string };

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  org: OrgRef;
  /** What this person may do outside any project; the server decides, the UI only follows. */
  abilities: GlobalAbilities;
};

export type AdminUser = {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  orgId: string;
};

// The closed vocabularies come from the domain package (the server validates with the same lists).
export {
  PROJECT_KINDS as projectKinds,
  STAGES as projectStages,
  PROJECT_ROLES as projectRoles,
  EVALUATION_TYPES as evaluationTypes,
  LAND_USE_COMPATIBILITY as landUseCompatibilities,
} from "@taller/domain/vocabulary";
export type {
  ProjectKind,
  Stage as ProjectStage,
  ProjectRole,
  EvaluationType,
  LandUseCompatibility,
} from "@taller/domain/vocabulary";

export type FundingSplit = { federal: number; state: number; municipal: number; private: number };

/**
 * One term of the priority score. `key` is social | economic | environmental | alignment |
 * landUse today; the UI translates known keys and falls back to `label` (or the key) otherwise.
 * `weight` is null for the land-use multiplier, whose `contribution` may be negative.
 */
export type PriorityFactor = {
  key: string;
  label?: string;
  value: number;
  weight: number | null;
  contribution: number;
};

export type Project = {
  id: string;
  clave: string;
  name: string;
  kind: ProjectKind;
  stage: ProjectStage;
  description: string;
  leadOrg: OrgRef | null;
  participatingOrgs: OrgRef[];
  estimatedAmountMxn: number | null;
  funding: FundingSplit | null;
  location: { microregion: string | null; colonia: string | null; geometry: unknown } | null;
  alignment: {
    pmdAxis: string | null;
    governmentProgram: string | null;
    pmduoetZone: string | null;
    landUse: LandUseCompatibility | null;
    landUseNote?: string | null;
    cos: number | null;
    cus: number | null;
    cas: number | null;
    ods: number[];
  } | null;
  impact: { social: number; environmental: number; economic: number } | null;
  priority: { score: number; factors: PriorityFactor[] } | null;
  evaluationType: EvaluationType | null;
  myRole: ProjectRole | null;
  /** What the caller may do in this project, computed by the server with the domain's rules. */
  abilities: ProjectAbilities;
  createdAt: string;
  updatedAt: string;
};

export type ProjectMember = {
  userId: string;
  name: string;
  /** Only sent to people who manage the project's members (emails are personal data). */
  email?: string;
  role: ProjectRole;
  org: { id: string; shortName: string; name?: string };
};

export type DocumentKind = "text" | "canvas";

export type ProjectDocument = {
  id: string;
  projectId: string;
  kind: DocumentKind;
  title: string;
  collabName: string;
  createdAt: string;
  updatedAt: string;
};

/** A document opened by id (deep link), with the caller's role in its project. */
export type OpenedDocument = ProjectDocument & { myRole: ProjectRole | null; abilities: ProjectAbilities };

export type UploadedAsset = { id: string; url: string; contentType: string; byteSize: number; createdAt: string };

export type ProjectPatch = Partial<{
  clave: string;
  name: string;
  kind: ProjectKind;
  description: string;
  leadOrgId: string | null;
  participatingOrgIds: string[];
  estimatedAmountMxn: number | null;
  funding: FundingSplit | null;
  location: { microregion: string | null; colonia: string | null; geometry: unknown } | null;
  alignment: NonNullable<Project["alignment"]>;
  impact: NonNullable<Project["impact"]>;
  evaluationType: EvaluationType | null;
}>;

export type Person = { id: string; name: string; org: { id: string; shortName: string } };

export type ActivityEntry = {
  id: number;
  at: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
  actor: { id: string; name: string } | null;
};

export type ProjectFilters = {
  stage?: ProjectStage | undefined;
  kind?: ProjectKind | undefined;
  org?: string | undefined;
  text?: string | undefined;
};

export type NewProject = {
  name: string;
  kind: ProjectKind;
  description?: string;
  leadOrgId?: string;
  estimatedAmountMxn?: number;
};

export type NewOrg = { name: string; shortName: string };

export type NewUser = {
  email: string;
  name: string;
  password: string;
  orgId: string;
  isAdmin?: boolean;
};
