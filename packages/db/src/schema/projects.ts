import { index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type {
  EvaluationType,
  LandUse,
  LandUseCompatibility,
  ProjectKind,
  ProjectRole,
  Stage,
} from "@taller/domain";
import type { TerritoryGeometry } from "@taller/domain/territory";
import { createdAt, id, updatedAt } from "./columns";
import { organizations } from "./organizations";
import { personRef, users } from "./users";

export interface FundingSplit {
  federal: number;
  state: number;
  municipal: number;
  private: number;
}

export interface ProjectLocation {
  microregion: string | null;
  colonia: string | null;
  /** EPSG:4326 GeoJSON: Point, LineString, Polygon or their Multi* forms. */
  geometry: TerritoryGeometry | null;
}

export interface ProjectAlignment {
  pmdAxis: string | null;
  governmentProgram: string | null;
  pmduoetZone: string | null;
  landUse: LandUseCompatibility | null;
  /** The project's land-use category (absent in rows written before it existed: read as null). */
  landUseCategory?: LandUse | null;
  landUseNote: string | null;
  cos: number | null;
  cus: number | null;
  cas: number | null;
  ods: number[];
}

export interface ProjectImpact {
  social: number;
  environmental: number;
  economic: number;
}

/** A portfolio project (proyecto de la cartera). The priority score is derived, never stored. */
export const projects = pgTable(
  "projects",
  {
    id: id(),
    clave: text("clave").notNull(),
    name: text("name").notNull(),
    kind: text("kind").$type<ProjectKind>().notNull(),
    stage: text("stage").$type<Stage>().notNull().default("idea"),
    description: text("description").notNull().default(""),
    leadOrgId: uuid("lead_org_id").references(() => organizations.id),
    /** Pesos with centavos; numeric so sums stay exact. */
    estimatedAmountMxn: numeric("estimated_amount_mxn", { precision: 15, scale: 2 }),
    funding: jsonb("funding").$type<FundingSplit>(),
    location: jsonb("location").$type<ProjectLocation>(),
    alignment: jsonb("alignment").$type<ProjectAlignment>().notNull(),
    impact: jsonb("impact").$type<ProjectImpact>().notNull(),
    evaluationType: text("evaluation_type").$type<EvaluationType>(),
    createdBy: personRef("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Archived by an owner: out of the default portfolio views, read-only in spirit, restorable. */
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    archivedBy: uuid("archived_by").references(() => users.id),
  },
  (t) => [uniqueIndex("projects_clave_key").on(t.clave), index("projects_stage_idx").on(t.stage)],
);

/** The project a row belongs to: required, and the row goes when the project does. */
export const projectRef = () => uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" });

/** Agencies taking part in a project besides the lead one. */
export const projectOrganizations = pgTable(
  "project_organizations",
  {
    projectId: projectRef(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.orgId] })],
);

/** A user's role in one project. The server keeps at least one owner per project. */
export const projectMembers = pgTable(
  "project_members",
  {
    projectId: projectRef(),
    userId: personRef("user_id"),
    role: text("role").$type<ProjectRole>().notNull(),
    addedBy: uuid("added_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index("project_members_user_idx").on(t.userId)],
);

/**
 * Counter behind generated claves, one row per prefix and year; incremented with
 * INSERT … ON CONFLICT DO UPDATE … RETURNING so two creations never get the same number.
 */
export const claveSequences = pgTable(
  "clave_sequences",
  {
    prefix: text("prefix").notNull(),
    year: integer("year").notNull(),
    last: integer("last").notNull(),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.year] })],
);

export type Project = typeof projects.$inferSelect;
export type ProjectMember = typeof projectMembers.$inferSelect;
