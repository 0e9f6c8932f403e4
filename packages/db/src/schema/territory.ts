import { check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import type { LandUse, LandUseCompatibility, LayerKind } from "@taller/domain/vocabulary";
import { id } from "./columns";
import { projects } from "./projects";
import { personRef, users } from "./users";

/**
 * A territorial layer as one import made it: microregions, PMDUOET zoning units, territorial
 * reserves or municipal infrastructure. Layers are versioned by import date: importing a layer of
 * the same kind and name again adds a new row and marks the previous one superseded (same
 * transaction); only current layers (`superseded_at IS NULL`) decide a project's territory, the
 * older ones stay for the record. Geometry is stored as GeoJSON in EPSG:4326 (reprojected on import
 * when the file declared another CRS, named in `source_crs`), so the spatial answer is computed the
 * same way (turf, in the server) on PGlite and PostgreSQL.
 */
export const territoryLayers = pgTable(
  "territory_layers",
  {
    id: id(),
    kind: text("kind").$type<LayerKind>().notNull(),
    name: text("name").notNull(),
    /** The feature property that names each feature (null: the importer's default search). */
    nameField: text("name_field"),
    sourceCrs: text("source_crs").notNull().default("EPSG:4326"),
    featureCount: integer("feature_count").notNull(),
    importedBy: personRef("imported_by"),
    importedAt: timestamp("imported_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    supersededAt: timestamp("superseded_at", { withTimezone: true, mode: "date" }),
    supersededBy: uuid("superseded_by").references((): AnyPgColumn => territoryLayers.id),
  },
  (t) => [
    index("territory_layers_kind_idx").on(t.kind, t.importedAt),
    uniqueIndex("territory_layers_one_current").on(t.kind, sql`lower(${t.name})`).where(sql`${t.supersededAt} IS NULL`),
    check("territory_layers_kind_check", sql`${t.kind} IN ('microregion', 'zoning', 'reserve', 'infrastructure')`),
  ],
);

/** One feature of a layer: its name, its properties as imported, its geometry and bounding box. */
export const territoryFeatures = pgTable(
  "territory_features",
  {
    id: id(),
    layerId: uuid("layer_id")
      .notNull()
      .references(() => territoryLayers.id, { onDelete: "cascade" }),
    /** Position of the feature in the imported file (0-based), for error messages and order. */
    ordinal: integer("ordinal").notNull(),
    name: text("name").notNull(),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull(),
    /** A GeoJSON geometry in EPSG:4326 longitude/latitude. */
    geometry: jsonb("geometry").$type<{ type: string; coordinates: unknown }>().notNull(),
    minLon: doublePrecision("min_lon").notNull(),
    minLat: doublePrecision("min_lat").notNull(),
    maxLon: doublePrecision("max_lon").notNull(),
    maxLat: doublePrecision("max_lat").notNull(),
  },
  (t) => [index("territory_features_layer_idx").on(t.layerId, t.ordinal)],
);

/**
 * The PMDUOET land-use compatibility matrix: for a zone (a zoning feature's name) and a use,
 * permitted, conditional or prohibited, with the zone's COS/CUS/CAS where the programme gives them.
 */
export const compatibilityRules = pgTable(
  "compatibility_rules",
  {
    zone: text("zone").notNull(),
    use: text("use").$type<LandUse>().notNull(),
    compatibility: text("compatibility").$type<LandUseCompatibility>().notNull(),
    cos: doublePrecision("cos"),
    cus: doublePrecision("cus"),
    cas: doublePrecision("cas"),
    note: text("note"),
    updatedBy: uuid("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.zone, t.use] }),
    check("compatibility_rules_compatibility_check", sql`${t.compatibility} IN ('permitted', 'conditional', 'prohibited')`),
  ],
);

/**
 * A project's territory as last computed from its geometry, the current layers and the matrix:
 * recomputed when the geometry changes, when a layer is imported and when the matrix changes, in
 * the same transaction, so the portfolio reads it without spatial work. `result` is the domain's
 * TerritoryResult (packages/domain/src/territory.ts).
 */
export const projectTerritory = pgTable("project_territory", {
  projectId: uuid("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  result: jsonb("result").$type<Record<string, unknown>>().notNull(),
  computedAt: timestamp("computed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export type TerritoryLayer = typeof territoryLayers.$inferSelect;
export type TerritoryFeature = typeof territoryFeatures.$inferSelect;
export type CompatibilityRule = typeof compatibilityRules.$inferSelect;
