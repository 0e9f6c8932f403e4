import { booleanIntersects } from "@turf/boolean-intersects";
import proj4 from "proj4";
import { z } from "zod";
import { DomainError } from "./errors";
import { bboxOf, positionsOf, selfIntersects, type BBox, type Position, type TerritoryGeometry } from "./geometry";
import {
  DEFAULT_LAND_USE_BY_KIND,
  LAND_USE_COMPATIBILITY,
  LAND_USES,
  LAYER_KINDS,
  type LandUse,
  type LandUseCompatibility,
  type LayerKind,
  type ProjectKind,
} from "./vocabulary";

/**
 * Territorial layers (microregions, PMDUOET zoning, reserves, municipal infrastructure), their
 * validation on import, and a project's territory: which features its geometry touches and the
 * land-use compatibility that follows from the matrix. Pure: the server stores what this returns.
 */

export * from "./geometry";

const text = (max: number) => z.string().trim().min(1).max(max);

/** The body of a layer import (POST /api/layers). `geojson` is checked by parseLayerGeoJson. */
export const layerImportSchema = z.strictObject({
  kind: z.enum(LAYER_KINDS),
  name: text(120),
  nameField: text(80).optional(),
  geojson: z.record(z.string(), z.unknown()),
});
export type LayerImportInput = z.infer<typeof layerImportSchema>;

const ratio = z.number().min(0).max(100).nullable().optional();

/** The whole compatibility matrix (PUT /api/compatibility): zone × use → compatibility, with COS/CUS/CAS. */
export const compatibilityMatrixSchema = z.strictObject({
  rules: z
    .array(
      z.strictObject({
        zone: text(120),
        use: z.enum(LAND_USES),
        compatibility: z.enum(LAND_USE_COMPATIBILITY),
        cos: ratio,
        cus: ratio,
        cas: ratio,
        note: z.string().trim().max(500).nullable().optional(),
      }),
    )
    .max(5000)
    .refine((rules) => new Set(rules.map((r) => `${zoneKey(r.zone)}\u0000${r.use}`)).size === rules.length, { error: "duplicates" }),
});
export type CompatibilityMatrixInput = z.infer<typeof compatibilityMatrixSchema>;

/** How zone names are compared between the matrix and the zoning layer: trimmed, case-insensitive. */
export const zoneKey = (name: string) => name.trim().toLocaleLowerCase("es");

/** A project's use: its own land-use category, or its kind's default. */
export const projectLandUse = (kind: ProjectKind, category: LandUse | null | undefined): LandUse | null =>
  category ?? DEFAULT_LAND_USE_BY_KIND[kind];

// ---------------------------------------------------------------------------------------------
// Import: GeoJSON → validated features in EPSG:4326
// ---------------------------------------------------------------------------------------------

export const MAX_LAYER_FEATURES = 20_000;
export const MAX_LAYER_ISSUES = 20;

export const LAYER_ISSUE_REASONS = [
  "not_geojson",
  "empty",
  "too_many_features",
  "unsupported_crs",
  "geometry_missing",
  "geometry_type",
  "coordinates_invalid",
  "out_of_range",
  "self_intersection",
  "name_missing",
] as const;
export type LayerIssueReason = (typeof LAYER_ISSUE_REASONS)[number];

export interface LayerIssue {
  /** The feature's position in the file (0-based), null for the file as a whole. */
  feature: number | null;
  name: string | null;
  reason: LayerIssueReason;
  message: string;
}

export interface ParsedFeature {
  ordinal: number;
  name: string;
  properties: Record<string, unknown>;
  geometry: TerritoryGeometry;
  bbox: BBox;
}

export interface ParsedLayer {
  features: ParsedFeature[];
  /** The CRS the file declared, as "EPSG:n" (EPSG:4326 when none was declared). */
  sourceCrs: string;
}

/** CRSs we can reproject from, with their proj4 definitions (bundled: no network). */
const PROJ_DEFS: Record<string, string> = {
  "EPSG:32613": "+proj=utm +zone=13 +datum=WGS84 +units=m +no_defs +type=crs",
  "EPSG:32614": "+proj=utm +zone=14 +datum=WGS84 +units=m +no_defs +type=crs",
  "EPSG:6372":
    "+proj=lcc +lat_0=12 +lon_0=-102 +lat_1=17.5 +lat_2=29.5 +x_0=2500000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs",
  "EPSG:6369": "+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs +type=crs",
  "EPSG:3857":
    "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs +type=crs",
};
export const SUPPORTED_CRS = ["EPSG:4326", ...Object.keys(PROJ_DEFS)] as const;

/** The EPSG code a GeoJSON `crs` member names ("EPSG:32614", "urn:ogc:def:crs:EPSG::32614", CRS84…), or null. */
export function crsCode(name: string): string | null {
  const trimmed = name.trim();
  if (/^urn:ogc:def:crs:OGC:(1\.3)?:CRS84$/i.test(trimmed) || /^CRS:?84$/i.test(trimmed)) return "EPSG:4326";
  const match = /EPSG(?::[\d.]*)?::?(\d+)$/i.exec(trimmed) ?? /\/EPSG\/[\d.]+\/(\d+)$/i.exec(trimmed);
  return match ? `EPSG:${match[1]}` : null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const TYPES_BY_KIND: Record<LayerKind, readonly string[]> = {
  microregion: ["Polygon", "MultiPolygon"],
  zoning: ["Polygon", "MultiPolygon"],
  reserve: ["Polygon", "MultiPolygon"],
  infrastructure: ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"],
};

const NAME_CANDIDATES = ["nombre", "name", "NOMBRE", "NAME", "clave", "CLAVE"] as const;

const nameOf = (value: unknown): string | null => {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return null;
  const trimmed = value.trim().slice(0, 200);
  return trimmed === "" ? null : trimmed;
};

class Structure extends Error {}

/** The layer kinds as the server's messages (Spanish) name them. */
const KIND_WORDS: Record<LayerKind, string> = {
  microregion: "microrregiones",
  zoning: "zonificación",
  reserve: "reservas territoriales",
  infrastructure: "infraestructura",
};

/** Reads a position (drops a Z), or throws Structure. */
function readPosition(value: unknown): Position {
  if (!Array.isArray(value) || value.length < 2) throw new Structure("una posición no es un arreglo de dos números");
  const [x, y] = value as unknown[];
  if (typeof x !== "number" || typeof y !== "number" || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new Structure("una coordenada no es un número");
  }
  return [x, y];
}

function readList<T>(value: unknown, read: (v: unknown) => T, min: number, what: string): T[] {
  if (!Array.isArray(value)) throw new Structure(`${what} no es un arreglo`);
  if (value.length < min) throw new Structure(`${what} tiene menos de ${min} elementos`);
  return value.map(read);
}

function readRing(value: unknown): Position[] {
  const ring = readList(value, readPosition, 4, "un anillo de polígono");
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) throw new Structure("un anillo del polígono no cierra en su primera posición");
  return ring;
}

const readLine = (value: unknown) => readList(value, readPosition, 2, "una línea");
const readPolygon = (value: unknown) => readList(value, readRing, 1, "un polígono");

/** Reads a geometry's coordinates in its declared type, or throws Structure. */
function readGeometry(type: string, coordinates: unknown): TerritoryGeometry {
  switch (type) {
    case "Point":
      return { type, coordinates: readPosition(coordinates) };
    case "MultiPoint":
      return { type, coordinates: readList(coordinates, readPosition, 1, "un multipunto") };
    case "LineString":
      return { type, coordinates: readLine(coordinates) };
    case "MultiLineString":
      return { type, coordinates: readList(coordinates, readLine, 1, "una multilínea") };
    case "Polygon":
      return { type, coordinates: readPolygon(coordinates) };
    case "MultiPolygon":
      return { type, coordinates: readList(coordinates, readPolygon, 1, "un multipolígono") };
    default:
      throw new Structure(`tipo de geometría no admitido ${type}`);
  }
}

function mapPositions(geometry: TerritoryGeometry, f: (p: Position) => Position): TerritoryGeometry {
  switch (geometry.type) {
    case "Point":
      return { type: "Point", coordinates: f(geometry.coordinates) };
    case "MultiPoint":
      return { type: "MultiPoint", coordinates: geometry.coordinates.map(f) };
    case "LineString":
      return { type: "LineString", coordinates: geometry.coordinates.map(f) };
    case "MultiLineString":
      return { type: "MultiLineString", coordinates: geometry.coordinates.map((l) => l.map(f)) };
    case "Polygon":
      return { type: "Polygon", coordinates: geometry.coordinates.map((r) => r.map(f)) };
    case "MultiPolygon":
      return { type: "MultiPolygon", coordinates: geometry.coordinates.map((p) => p.map((r) => r.map(f))) };
  }
}

const inRange = ([lon, lat]: Position) => lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;

const round7 = (n: number) => Math.round(n * 1e7) / 1e7;

/**
 * Validates an imported GeoJSON file for a layer of `kind`, reprojecting to EPSG:4326 when it
 * declares a supported CRS. Throws DomainError("invalid_geojson") with up to 20 issues naming the
 * feature and the reason; returns every feature otherwise (nothing is half-accepted).
 */
export function parseLayerGeoJson(geojson: unknown, options: { kind: LayerKind; nameField?: string | undefined; layerName?: string }): ParsedLayer {
  const fail = (issues: LayerIssue[]): never => {
    const first = issues[0]!;
    const where = first.feature === null ? "" : `elemento ${first.feature + 1}${first.name ? ` («${first.name}»)` : ""}: `;
    throw new DomainError("invalid_geojson", `El archivo no es una capa válida: ${where}${first.message}`, { issues });
  };
  const fileIssue = (reason: LayerIssueReason, message: string) => fail([{ feature: null, name: null, reason, message }]);

  if (!isRecord(geojson) || (geojson.type !== "FeatureCollection" && geojson.type !== "Feature")) {
    return fileIssue("not_geojson", "El archivo no es un FeatureCollection ni un Feature de GeoJSON.");
  }
  let rawFeatures: unknown[];
  if (geojson.type === "Feature") rawFeatures = [geojson];
  else if (Array.isArray(geojson.features)) rawFeatures = geojson.features;
  else return fileIssue("not_geojson", "El FeatureCollection no tiene un arreglo «features».");
  if (rawFeatures.length === 0) return fileIssue("empty", "El archivo no tiene elementos.");
  if (rawFeatures.length > MAX_LAYER_FEATURES) {
    return fileIssue("too_many_features", `El archivo tiene ${rawFeatures.length} elementos; una capa admite como máximo ${MAX_LAYER_FEATURES}.`);
  }

  // The CRS: none or WGS 84 as is; a bundled one reprojected; anything else refused.
  let sourceCrs = "EPSG:4326";
  let declared = false;
  if (geojson.crs !== undefined && geojson.crs !== null) {
    const crs = geojson.crs;
    const name = isRecord(crs) && isRecord(crs.properties) && typeof crs.properties.name === "string" ? crs.properties.name : null;
    const code = name === null ? null : crsCode(name);
    if (code === null || (code !== "EPSG:4326" && !(code in PROJ_DEFS))) {
      return fileIssue(
        "unsupported_crs",
        `El archivo declara el CRS ${name === null ? "(ilegible)" : `«${name.slice(0, 100)}»`}; se admiten: ${SUPPORTED_CRS.join(", ")} (y CRS84).`,
      );
    }
    sourceCrs = code;
    declared = true;
  }
  const def = PROJ_DEFS[sourceCrs];
  const converter = def === undefined ? null : proj4(def, "EPSG:4326");
  const reproject = converter === null ? null : (p: Position): Position => {
    const [x, y] = converter.forward([p[0], p[1]]) as [number, number];
    return [round7(x), round7(y)];
  };

  const allowed = TYPES_BY_KIND[options.kind];
  const issues: LayerIssue[] = [];
  const features: ParsedFeature[] = [];
  for (let ordinal = 0; ordinal < rawFeatures.length && issues.length < MAX_LAYER_ISSUES; ordinal++) {
    const raw = rawFeatures[ordinal];
    const issue = (reason: LayerIssueReason, message: string, name: string | null) => issues.push({ feature: ordinal, name, reason, message });
    if (!isRecord(raw) || raw.type !== "Feature") {
      issue("not_geojson", "El elemento no es un Feature de GeoJSON.", null);
      continue;
    }
    const properties = isRecord(raw.properties) ? raw.properties : {};
    let name: string | null;
    if (options.nameField !== undefined) {
      name = nameOf(properties[options.nameField]);
      if (name === null) {
        issue("name_missing", `El elemento no tiene la propiedad «${options.nameField}» que lo nombra.`, null);
        continue;
      }
    } else {
      name = NAME_CANDIDATES.map((key) => nameOf(properties[key])).find((n) => n !== null) ?? `${options.layerName ?? options.kind} ${ordinal + 1}`;
    }
    const geometry = raw.geometry;
    if (!isRecord(geometry) || typeof geometry.type !== "string") {
      issue("geometry_missing", "El elemento no tiene geometría.", name);
      continue;
    }
    if (!allowed.includes(geometry.type)) {
      issue("geometry_type", `Una capa de ${KIND_WORDS[options.kind]} admite geometrías ${allowed.join(" o ")}, no ${geometry.type.slice(0, 40)}.`, name);
      continue;
    }
    let parsed: TerritoryGeometry;
    try {
      parsed = readGeometry(geometry.type, geometry.coordinates);
    } catch (error) {
      if (!(error instanceof Structure)) throw error;
      issue("coordinates_invalid", `Coordenadas no válidas: ${error.message}.`, name);
      continue;
    }
    if (reproject !== null) parsed = mapPositions(parsed, reproject);
    const outside = positionsOf(parsed).find((p) => !inRange(p));
    if (outside !== undefined) {
      const looksProjected = !declared && (Math.abs(outside[0]) > 1000 || Math.abs(outside[1]) > 1000);
      issue(
        "out_of_range",
        looksProjected
          ? `Las coordenadas (${outside[0]}, ${outside[1]}) no son longitud/latitud; parecen metros de un CRS proyectado: declare el CRS en el miembro «crs» del archivo (p. ej. EPSG:32614).`
          : `La posición (${outside[0]}, ${outside[1]}) está fuera de longitud −180…180 / latitud −90…90 (EPSG:4326).`,
        name,
      );
      continue;
    }
    if (selfIntersects(parsed)) {
      issue("self_intersection", "El contorno del polígono se cruza consigo mismo.", name);
      continue;
    }
    features.push({ ordinal, name, properties, geometry: parsed, bbox: bboxOf(parsed) });
  }
  if (issues.length > 0) fail(issues);
  return { features, sourceCrs };
}

// ---------------------------------------------------------------------------------------------
// A project's territory
// ---------------------------------------------------------------------------------------------

export interface TerritoryFeatureInput {
  layerKind: LayerKind;
  layerName: string;
  name: string;
  geometry: TerritoryGeometry;
  bbox: BBox | readonly number[];
}

export interface CompatibilityRuleInput {
  zone: string;
  use: LandUse;
  compatibility: LandUseCompatibility;
  cos?: number | null;
  cus?: number | null;
  cas?: number | null;
}

export interface TerritoryZone {
  name: string;
  layer: string;
  compatibility: LandUseCompatibility | null;
  cos: number | null;
  cus: number | null;
  cas: number | null;
}

export interface TerritoryResult {
  use: LandUse | null;
  microregions: string[];
  zones: TerritoryZone[];
  reserves: string[];
  infrastructure: string[];
  /** Worst case over zones with a rule (prohibited > conditional > permitted); null when no zone or no rule for the use. */
  compatibility: LandUseCompatibility | null;
  /** The zone whose rule decided (first in name order among the worst). */
  decidedBy: string | null;
  /** Zones touched that have no rule for the use (listed; they do not decide). */
  unruled: string[];
}

const collator = new Intl.Collator("es", { sensitivity: "base", numeric: true });
const byName = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
const sortedDistinct = (names: Iterable<string>) => [...new Set(names)].sort(byName);

const SEVERITY: Record<LandUseCompatibility, number> = { permitted: 0, conditional: 1, prohibited: 2 };

const overlaps = (a: readonly number[], b: readonly number[]) => a[0]! <= b[2]! && b[0]! <= a[2]! && a[1]! <= b[3]! && b[1]! <= a[3]!;

type TurfInput = Parameters<typeof booleanIntersects>[0];

/**
 * The features a project's geometry touches (a shared boundary counts), and the land-use
 * compatibility of its use over the zoning units it touches: the worst case decides, every zone is listed.
 */
export function computeTerritory(input: {
  geometry: TerritoryGeometry;
  use: LandUse | null;
  features: readonly TerritoryFeatureInput[];
  rules: readonly CompatibilityRuleInput[];
}): TerritoryResult {
  const box = bboxOf(input.geometry);
  const touched = input.features.filter(
    (f) => overlaps(box, f.bbox) && booleanIntersects(f.geometry as unknown as TurfInput, input.geometry as unknown as TurfInput),
  );
  const names = (kind: LayerKind) => sortedDistinct(touched.filter((f) => f.layerKind === kind).map((f) => f.name));

  const rules = new Map<string, CompatibilityRuleInput>();
  if (input.use !== null) {
    for (const rule of input.rules) if (rule.use === input.use) rules.set(zoneKey(rule.zone), rule);
  }
  const zoneFeatures = touched.filter((f) => f.layerKind === "zoning");
  const zones: TerritoryZone[] = [];
  for (const name of sortedDistinct(zoneFeatures.map((f) => f.name))) {
    const layer = zoneFeatures.filter((f) => f.name === name).map((f) => f.layerName).sort(byName)[0]!;
    const rule = rules.get(zoneKey(name));
    zones.push({
      name,
      layer,
      compatibility: rule?.compatibility ?? null,
      cos: rule?.cos ?? null,
      cus: rule?.cus ?? null,
      cas: rule?.cas ?? null,
    });
  }
  let decided: TerritoryZone | null = null;
  for (const zone of zones) {
    if (zone.compatibility === null) continue;
    if (decided === null || SEVERITY[zone.compatibility] > SEVERITY[decided.compatibility!]) decided = zone;
  }
  return {
    use: input.use,
    microregions: names("microregion"),
    zones,
    reserves: names("reserve"),
    infrastructure: names("infrastructure"),
    compatibility: decided?.compatibility ?? null,
    decidedBy: decided?.name ?? null,
    unruled: zones.filter((z) => z.compatibility === null).map((z) => z.name),
  };
}
