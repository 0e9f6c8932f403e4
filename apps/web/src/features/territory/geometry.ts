// Geometry helpers of the map screens, without the map library (so they test and load apart):
// reading the keyboard alternative's text (a "lon, lat" pair or pasted GeoJSON) into a project
// geometry, and the bounds of what a map must show. The server validates again (closed rings,
// ranges, self-intersections) and its answer is what the screens show as saved.
import { positionsOf, type Position } from "@taller/domain/geometry";
import type { Geometry } from "../../api/territory";

export type GeometryTextError = "empty" | "json" | "type" | "lonlat" | "range" | "ring" | "line";

export type GeometryTextResult = { geometry: Geometry } | { error: GeometryTextError };

const inRange = ([lon, lat]: Position) => lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length >= 2 && typeof value[0] === "number" && typeof value[1] === "number" && Number.isFinite(value[0]) && Number.isFinite(value[1]);
}

const isPositions = (value: unknown): value is Position[] => Array.isArray(value) && value.every(isPosition);
const isRings = (value: unknown): value is Position[][] => Array.isArray(value) && value.length > 0 && value.every(isPositions);

/** Drops a third coordinate (elevation) the wire does not carry. */
const lonLat = (p: Position): Position => [p[0], p[1]];

function ringError(ring: Position[]): GeometryTextError | null {
  if (ring.length < 4) return "ring";
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  return first[0] === last[0] && first[1] === last[1] ? null : "ring";
}

/** Checks a GeoJSON geometry object's shape and ranges (not self-intersections: the server does). */
export function readGeometry(value: unknown): GeometryTextResult {
  if (typeof value !== "object" || value === null) return { error: "type" };
  const object = value as { type?: unknown; coordinates?: unknown; geometry?: unknown; features?: unknown };
  // A Feature (or a one-feature collection) pasted from a GIS: its geometry.
  if (object.type === "Feature") return readGeometry(object.geometry);
  if (object.type === "FeatureCollection" && Array.isArray(object.features) && object.features.length === 1) return readGeometry(object.features[0]);
  const c = object.coordinates;
  let positions: Position[];
  let geometry: Geometry;
  switch (object.type) {
    case "Point":
      if (!isPosition(c)) return { error: "type" };
      positions = [c];
      geometry = { type: "Point", coordinates: lonLat(c) };
      break;
    case "MultiPoint":
      if (!isPositions(c) || c.length === 0) return { error: "type" };
      positions = c;
      geometry = { type: "MultiPoint", coordinates: c.map(lonLat) };
      break;
    case "LineString":
      if (!isPositions(c)) return { error: "type" };
      if (c.length < 2) return { error: "line" };
      positions = c;
      geometry = { type: "LineString", coordinates: c.map(lonLat) };
      break;
    case "MultiLineString":
      if (!isRings(c)) return { error: "type" };
      if (c.some((line) => line.length < 2)) return { error: "line" };
      positions = c.flat();
      geometry = { type: "MultiLineString", coordinates: c.map((line) => line.map(lonLat)) };
      break;
    case "Polygon": {
      if (!isRings(c)) return { error: "type" };
      const bad = c.map(ringError).find((e) => e !== null);
      if (bad) return { error: bad };
      positions = c.flat();
      geometry = { type: "Polygon", coordinates: c.map((ring) => ring.map(lonLat)) };
      break;
    }
    case "MultiPolygon": {
      if (!Array.isArray(c) || c.length === 0 || !c.every(isRings)) return { error: "type" };
      const polygons = c as Position[][][];
      const bad = polygons.flat().map(ringError).find((e) => e !== null);
      if (bad) return { error: bad };
      positions = polygons.flat(2);
      geometry = { type: "MultiPolygon", coordinates: polygons.map((polygon) => polygon.map((ring) => ring.map(lonLat))) };
      break;
    }
    default:
      return { error: "type" };
  }
  return positions.every(inRange) ? { geometry } : { error: "range" };
}

/**
 * The keyboard alternative to drawing: "lon, lat" (also "lon lat" or "lon; lat", with the Unicode
 * minus sign people copy from documents) gives a point; text starting with "{" is read as GeoJSON.
 */
export function parseGeometryText(text: string): GeometryTextResult {
  const trimmed = text.trim();
  if (trimmed === "") return { error: "empty" };
  if (trimmed.startsWith("{")) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      return { error: "json" };
    }
    return readGeometry(value);
  }
  const parts = trimmed
    .replace(/[\u2212\u2013]/g, "-")
    .split(/\s*[,;]\s*|\s+/)
    .filter((part) => part !== "");
  if (parts.length !== 2 || !parts.every((part) => /^[+-]?\d+(\.\d+)?$/.test(part))) return { error: "lonlat" };
  const position: Position = [Number(parts[0]), Number(parts[1])];
  return inRange(position) ? { geometry: { type: "Point", coordinates: position } } : { error: "range" };
}

export type Bounds = [[number, number], [number, number]];

/** The south-west and north-east corners around some geometries, or null when there are none. */
export function boundsOf(geometries: Iterable<Geometry>): Bounds | null {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const geometry of geometries) {
    for (const [lon, lat] of positionsOf(geometry)) {
      minLon = Math.min(minLon, lon);
      minLat = Math.min(minLat, lat);
      maxLon = Math.max(maxLon, lon);
      maxLat = Math.max(maxLat, lat);
    }
  }
  return minLon === Infinity ? null : [
    [minLon, minLat],
    [maxLon, maxLat],
  ];
}

/** Two geometries are the same location (what the draft is compared with the saved one by). */
export function sameGeometry(a: Geometry | null, b: Geometry | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A short text for a geometry: its type and, for a point, its coordinates. */
export function describeGeometry(geometry: Geometry, typeLabel: string, format: (n: number) => string): string {
  if (geometry.type === "Point") return `${typeLabel} (${format(geometry.coordinates[0])}, ${format(geometry.coordinates[1])})`;
  return typeLabel;
}
