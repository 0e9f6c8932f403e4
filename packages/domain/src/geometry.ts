import { kinks } from "@turf/kinks";

/**
 * GeoJSON geometries in EPSG:4326 as projects and territorial layers use them, and the checks
 * both need: bounding box and self-intersection. Apart from territory.ts (proj4, turf's
 * intersection) so that the project forms' validation stays light in the web bundle.
 */

export type Position = [number, number];

/** A GeoJSON geometry in EPSG:4326 longitude/latitude, of the types layers and projects use. */
export type TerritoryGeometry =
  | { type: "Point"; coordinates: Position }
  | { type: "MultiPoint"; coordinates: Position[] }
  | { type: "LineString"; coordinates: Position[] }
  | { type: "MultiLineString"; coordinates: Position[][] }
  | { type: "Polygon"; coordinates: Position[][] }
  | { type: "MultiPolygon"; coordinates: Position[][][] };

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** Every position of a geometry. */
export function positionsOf(geometry: TerritoryGeometry): Position[] {
  switch (geometry.type) {
    case "Point":
      return [geometry.coordinates];
    case "MultiPoint":
    case "LineString":
      return geometry.coordinates;
    case "MultiLineString":
    case "Polygon":
      return geometry.coordinates.flat();
    case "MultiPolygon":
      return geometry.coordinates.flat(2);
  }
}

/** The bounding box of a geometry. */
export function bboxOf(geometry: TerritoryGeometry): BBox {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const [lon, lat] of positionsOf(geometry)) {
    if (lon < minLon) minLon = lon;
    if (lat < minLat) minLat = lat;
    if (lon > maxLon) maxLon = lon;
    if (lat > maxLat) maxLat = lat;
  }
  return [minLon, minLat, maxLon, maxLat];
}

/** Consecutive repeated positions removed (they are harmless, but read as crossings by kinks). */
const dedupe = (ring: Position[]) => ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]);

/** Up to this many segments a polygon is checked by @turf/kinks (every pair); beyond, by a sweep over x. */
const KINKS_MAX_SEGMENTS = 2000;

interface Segment {
  ring: number;
  index: number;
  last: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** Whether two segments meet, with @turf/kinks' rule: parallel ones never do, touching ends do. */
function segmentsMeet(s: Segment, t: Segment): boolean {
  const denominator = (t.y1 - t.y0) * (s.x1 - s.x0) - (t.x1 - t.x0) * (s.y1 - s.y0);
  if (denominator === 0) return false;
  const dy = s.y0 - t.y0;
  const dx = s.x0 - t.x0;
  const a = ((t.x1 - t.x0) * dy - (t.y1 - t.y0) * dx) / denominator;
  const b = ((s.x1 - s.x0) * dy - (s.y1 - s.y0) * dx) / denominator;
  return a >= 0 && a <= 1 && b >= 0 && b <= 1;
}

/**
 * The same answer as kinks for a large polygon, without comparing every pair of segments: only
 * segments whose x ranges overlap are compared (sorted by their left end, an active list).
 */
function sweepCrosses(rings: Position[][]): boolean {
  const segments: Segment[] = [];
  rings.forEach((ring, r) => {
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i]!;
      const [x1, y1] = ring[i + 1]!;
      segments.push({ ring: r, index: i, last: ring.length - 2, x0, y0, x1, y1, minX: Math.min(x0, x1), maxX: Math.max(x0, x1), minY: Math.min(y0, y1), maxY: Math.max(y0, y1) });
    }
  });
  segments.sort((p, q) => p.minX - q.minX);
  let active: Segment[] = [];
  for (const s of segments) {
    active = active.filter((a) => a.maxX >= s.minX);
    for (const a of active) {
      if (a.maxY < s.minY || a.minY > s.maxY) continue;
      if (a.ring === s.ring) {
        const gap = Math.abs(a.index - s.index);
        // Neighbours share a vertex, and so do a closed ring's first and last segments.
        if (gap === 1 || gap === s.last) continue;
      }
      if (segmentsMeet(a, s)) return true;
    }
    active.push(s);
  }
  return false;
}

/** True when a polygon's or multipolygon's rings cross themselves or each other. */
export function selfIntersects(geometry: TerritoryGeometry): boolean {
  if (geometry.type !== "Polygon" && geometry.type !== "MultiPolygon") return false;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some((polygon) => {
    const rings = polygon.map(dedupe);
    const segments = rings.reduce((n, ring) => n + ring.length - 1, 0);
    if (segments > KINKS_MAX_SEGMENTS) return sweepCrosses(rings);
    return kinks({ type: "Polygon", coordinates: rings }).features.length > 0;
  });
}

