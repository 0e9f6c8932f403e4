// The project forms as pure functions: a project becomes a draft of what the inputs hold (text),
// and a draft becomes the request body the domain's schema validates (packages/domain
// project-fields, the server's own rules; see projectEdit.ts for the edit's PATCH). The draft has
// the body's shape, so an error path ("name", "funding", "alignment.ods", "impact.social") is the
// same whether the form or the server found it. No zod here: the overview reads these constants.
import type { ProjectCreateInput } from "@taller/domain/inputs";
import { FUNDING_SOURCES } from "@taller/domain/vocabulary";
import type { EvaluationType, LandUseCompatibility, Project, ProjectKind } from "../../api";

export const fundingSources = FUNDING_SOURCES;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const impactKeys = ["social", "economic", "environmental"] as const;
export type ImpactKey = (typeof impactKeys)[number];
export const ratioKeys = ["cos", "cus", "cas"] as const;
export type RatioKey = (typeof ratioKeys)[number];
/**
 * The project's editable fields, once: what the edit's PATCH compares, what the activity trail
 * names, and (through projectEdit's `errorPaths`) where the server's issues land.
 */
export const projectFields = [
  "clave",
  "name",
  "kind",
  "description",
  "leadOrgId",
  "participatingOrgIds",
  "estimatedAmountMxn",
  "funding",
  "location",
  "alignment",
  "impact",
  "evaluationType",
] as const satisfies readonly (keyof ProjectCreateInput)[];
export type ProjectField = (typeof projectFields)[number];
export const odsGoals = Array.from({ length: 17 }, (_, index) => index + 1);

export type ProjectDraft = {
  clave: string;
  name: string;
  kind: ProjectKind;
  description: string;
  leadOrgId: string;
  participatingOrgIds: string[];
  estimatedAmountMxn: string;
  funding: Record<FundingSource, string>;
  location: { microregion: string; colonia: string };
  alignment: {
    pmdAxis: string;
    governmentProgram: string;
    pmduoetZone: string;
    landUse: LandUseCompatibility | "";
    landUseNote: string;
    ods: number[];
  } & Record<RatioKey, string>;
  impact: Record<ImpactKey, string>;
  evaluationType: EvaluationType | "";
};

const numberText = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));

export function draftFromProject(project: Project): ProjectDraft {
  const alignment = project.alignment;
  return {
    clave: project.clave,
    name: project.name,
    kind: project.kind,
    description: project.description,
    leadOrgId: project.leadOrg?.id ?? "",
    participatingOrgIds: project.participatingOrgs.map((org) => org.id),
    estimatedAmountMxn: numberText(project.estimatedAmountMxn),
    funding: {
      federal: numberText(project.funding?.federal),
      state: numberText(project.funding?.state),
      municipal: numberText(project.funding?.municipal),
      private: numberText(project.funding?.private),
    },
    location: { microregion: project.location?.microregion ?? "", colonia: project.location?.colonia ?? "" },
    alignment: {
      pmdAxis: alignment?.pmdAxis ?? "",
      governmentProgram: alignment?.governmentProgram ?? "",
      pmduoetZone: alignment?.pmduoetZone ?? "",
      landUse: alignment?.landUse ?? "",
      landUseNote: alignment?.landUseNote ?? "",
      cos: numberText(alignment?.cos),
      cus: numberText(alignment?.cus),
      cas: numberText(alignment?.cas),
      ods: [...(alignment?.ods ?? [])].sort((a, b) => a - b),
    },
    impact: {
      social: String(project.impact?.social ?? 0),
      economic: String(project.impact?.economic ?? 0),
      environmental: String(project.impact?.environmental ?? 0),
    },
    evaluationType: project.evaluationType ?? "",
  };
}

/**
 * A number typed in a text input: "40", "12.5 %", "-1" (→ number), "" (→ null). Anything else is
 * passed on as typed, for the schema to refuse as not a number; ranges and decimals are the
 * schema's to judge.
 */
export function numberValue(text: string): number | string | null {
  const cleaned = text.trim().replace(/\s*%$/, "");
  if (!cleaned) return null;
  return /^-?(\d+(\.\d*)?|\.\d+)$/.test(cleaned) ? Number(cleaned) : text;
}

/** An amount in pesos as people write it: "12,500,000", "$ 12 500 000.50" or "" (→ null). */
export function amountValue(text: string): number | string | null {
  return numberValue(text.replace(/[\s,$]/g, ""));
}

/** Sum of the funding percentages that are numbers, for the live "suma" hint. */
export function fundingTotal(funding: ProjectDraft["funding"]): number {
  return fundingSources.reduce((sum, source) => {
    const value = numberValue(funding[source]);
    return sum + (typeof value === "number" ? value : 0);
  }, 0);
}

const hasText = (text: string) => text.trim() !== "";

/**
 * The body of a full project edit, as the API takes it, before validation. `geometry` is kept
 * from the project (the form does not edit it). An empty funding share counts as 0 once any share
 * is filled; no share at all clears the funding.
 */
export function bodyFromDraft(draft: ProjectDraft, geometry: unknown = null) {
  const { location, alignment } = draft;
  return {
    clave: draft.clave,
    name: draft.name,
    kind: draft.kind,
    description: draft.description,
    leadOrgId: draft.leadOrgId || null,
    participatingOrgIds: draft.participatingOrgIds,
    estimatedAmountMxn: amountValue(draft.estimatedAmountMxn),
    funding: fundingSources.some((source) => hasText(draft.funding[source]))
      ? Object.fromEntries(fundingSources.map((source) => [source, numberValue(draft.funding[source]) ?? 0]))
      : null,
    location:
      hasText(location.microregion) || hasText(location.colonia) || geometry
        ? { microregion: location.microregion, colonia: location.colonia, geometry: geometry ?? null }
        : null,
    alignment: {
      pmdAxis: alignment.pmdAxis,
      governmentProgram: alignment.governmentProgram,
      pmduoetZone: alignment.pmduoetZone,
      landUse: alignment.landUse || null,
      landUseNote: alignment.landUseNote,
      cos: numberValue(alignment.cos),
      cus: numberValue(alignment.cus),
      cas: numberValue(alignment.cas),
      ods: [...alignment.ods].sort((a, b) => a - b),
    },
    impact: {
      social: numberValue(draft.impact.social),
      economic: numberValue(draft.impact.economic),
      environmental: numberValue(draft.impact.environmental),
    },
    evaluationType: draft.evaluationType || null,
  };
}

/** What the "Nuevo proyecto" dialog's inputs hold. */
export type NewProjectDraft = {
  name: string;
  kind: ProjectKind | "";
  leadOrgId: string;
  description: string;
  estimatedAmountMxn: string;
};

export const emptyNewProject: NewProjectDraft = { name: "", kind: "", leadOrgId: "", description: "", estimatedAmountMxn: "" };

/** The create body of the dialog's draft, before validation. */
export function bodyFromNewProject(draft: NewProjectDraft) {
  return {
    name: draft.name,
    kind: draft.kind,
    leadOrgId: draft.leadOrgId || null,
    description: draft.description,
    estimatedAmountMxn: amountValue(draft.estimatedAmountMxn),
  };
}

/** Only what the person filled in goes to the server, which fills the rest with the same defaults. */
export function newProjectRequest(parsed: ProjectCreateInput) {
  const { name, kind, leadOrgId, description, estimatedAmountMxn } = parsed;
  return {
    name,
    kind,
    ...(leadOrgId ? { leadOrgId } : {}),
    ...(description ? { description } : {}),
    ...(estimatedAmountMxn !== null ? { estimatedAmountMxn } : {}),
  };
}
