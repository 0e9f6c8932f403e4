import proj4 from "proj4";
import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import { priorityScore } from "./priority";
import { projectPatchSchema } from "./project-fields";
import {
  compatibilityMatrixSchema,
  computeTerritory,
  crsCode,
  parseLayerGeoJson,
  projectLandUse,
  selfIntersects,
  type LayerIssue,
  type TerritoryFeatureInput,
  type TerritoryGeometry,
} from "./territory";

const square = (x0: number, y0: number, x1: number, y1: number): TerritoryGeometry => ({
  type: "Polygon",
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});
const feature = (layerKind: TerritoryFeatureInput["layerKind"], name: string, geometry: TerritoryGeometry): TerritoryFeatureInput => {
  const xs = (geometry.coordinates as number[][][])[0]!.map((p) => p[0]!);
  const ys = (geometry.coordinates as number[][][])[0]!.map((p) => p[1]!);
  return { layerKind, layerName: `${layerKind} layer`, name, geometry, bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
};

// Two zones side by side sharing the edge x = -101.65; a microregion over both; a reserve to the east.
const features = [
  feature("zoning", "UGAT 3 – Centro urbano", square(-101.7, 21.1, -101.65, 21.15)),
  feature("zoning", "UGAT 14 – Corredor Arroyo", square(-101.65, 21.1, -101.6, 21.15)),
  feature("zoning", "UGAT 21 – Conservación", square(-101.7, 21.15, -101.6, 21.2)),
  feature("microregion", "Centro", square(-101.7, 21.1, -101.6, 21.2)),
  feature("reserve", "Reserva Los Encinos", square(-101.62, 21.1, -101.6, 21.12)),
];
const rules = [
  { zone: "UGAT 3 – Centro urbano", use: "housing", compatibility: "permitted", cos: 0.7, cus: 2.1, cas: 0.2 },
  { zone: "ugat 14 – corredor arroyo", use: "housing", compatibility: "conditional", cos: 0.6 },
  { zone: "UGAT 14 – Corredor Arroyo", use: "industry", compatibility: "prohibited" },
  { zone: "UGAT 3 – Centro urbano", use: "industry", compatibility: "prohibited" },
] as const;
const point = (lon: number, lat: number): TerritoryGeometry => ({ type: "Point", coordinates: [lon, lat] });

describe("computeTerritory", () => {
  it("lists what a point touches and takes its zone's rule", () => {
    const result = computeTerritory({ geometry: point(-101.68, 21.12), use: "housing", features, rules: [...rules] });
    expect(result).toEqual({
      use: "housing",
      microregions: ["Centro"],
      zones: [{ name: "UGAT 3 – Centro urbano", layer: "zoning layer", compatibility: "permitted", cos: 0.7, cus: 2.1, cas: 0.2 }],
      reserves: [],
      infrastructure: [],
      compatibility: "permitted",
      decidedBy: "UGAT 3 – Centro urbano",
      unruled: [],
    });
  });

  it("puts a point on the shared edge of two zones in both, and the worst case decides", () => {
    const result = computeTerritory({ geometry: point(-101.65, 21.12), use: "housing", features, rules: [...rules] });
    expect(result.zones.map((z) => [z.name, z.compatibility])).toEqual([
      ["UGAT 3 – Centro urbano", "permitted"],
      ["UGAT 14 – Corredor Arroyo", "conditional"],
    ]);
    expect(result.compatibility).toBe("conditional");
    expect(result.decidedBy).toBe("UGAT 14 – Corredor Arroyo");
  });

  it("lists every zone a line crosses, unruled ones apart, and picks the first worst by name", () => {
    const line: TerritoryGeometry = { type: "LineString", coordinates: [[-101.69, 21.12], [-101.61, 21.17]] };
    const result = computeTerritory({ geometry: line, use: "industry", features, rules: [...rules] });
    expect(result.zones.map((z) => z.name)).toEqual(["UGAT 3 – Centro urbano", "UGAT 14 – Corredor Arroyo", "UGAT 21 – Conservación"]);
    expect(result.compatibility).toBe("prohibited");
    // Both UGAT 3 and UGAT 14 prohibit industry; numeric collation puts 3 before 14.
    expect(result.decidedBy).toBe("UGAT 3 – Centro urbano");
    expect(result.unruled).toEqual(["UGAT 21 – Conservación"]);
  });

  it("has no compatibility when no touched zone has a rule, or there is no use", () => {
    const inConservation = point(-101.65, 21.18);
    expect(computeTerritory({ geometry: inConservation, use: "housing", features, rules: [...rules] })).toMatchObject({
      compatibility: null,
      decidedBy: null,
      unruled: ["UGAT 21 – Conservación"],
    });
    const noUse = computeTerritory({ geometry: point(-101.68, 21.12), use: null, features, rules: [...rules] });
    expect(noUse.compatibility).toBeNull();
    expect(noUse.zones[0]?.compatibility).toBeNull();
  });

  it("counts a polygon that only overlaps a reserve's corner, and nothing outside every feature", () => {
    const polygon = square(-101.63, 21.11, -101.615, 21.125);
    const result = computeTerritory({ geometry: polygon, use: "housing", features, rules: [...rules] });
    expect(result.reserves).toEqual(["Reserva Los Encinos"]);
    const far = computeTerritory({ geometry: point(-100, 20), use: "housing", features, rules: [...rules] });
    expect(far).toMatchObject({ microregions: [], zones: [], reserves: [], compatibility: null });
  });

  it("takes a project's category before its kind's default use", () => {
    expect(projectLandUse("investment", null)).toBe("infrastructure");
    expect(projectLandUse("investment", "housing")).toBe("housing");
    expect(projectLandUse("study", null)).toBeNull();
  });
});

const collection = (geometries: unknown[], extra: Record<string, unknown> = {}) => ({
  type: "FeatureCollection",
  ...extra,
  features: geometries.map((geometry, i) => ({ type: "Feature", properties: { nombre: `Zona ${i + 1}` }, geometry })),
});
const issuesOf = (geojson: unknown, kind: "zoning" | "infrastructure" = "zoning", nameField?: string): LayerIssue[] => {
  try {
    parseLayerGeoJson(geojson, { kind, nameField, layerName: "Capa" });
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("invalid_geojson");
    return ((error as DomainError).details as { issues: LayerIssue[] }).issues;
  }
  throw new Error("expected invalid_geojson");
};
const bowtie = { type: "Polygon", coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] };

describe("parseLayerGeoJson", () => {
  it("reads a FeatureCollection: names, properties, bbox, EPSG:4326", () => {
    const parsed = parseLayerGeoJson(
      {
        type: "FeatureCollection",
        features: [
          { type: "Feature", properties: { NOMBRE: "Centro", area: 3 }, geometry: square(-101.7, 21.1, -101.65, 21.15) },
          { type: "Feature", properties: null, geometry: square(-101.65, 21.1, -101.6, 21.15) },
        ],
      },
      { kind: "microregion", layerName: "Microrregiones" },
    );
    expect(parsed.sourceCrs).toBe("EPSG:4326");
    expect(parsed.features.map((f) => [f.ordinal, f.name, f.bbox])).toEqual([
      [0, "Centro", [-101.7, 21.1, -101.65, 21.15]],
      [1, "Microrregiones 2", [-101.65, 21.1, -101.6, 21.15]],
    ]);
    expect(parsed.features[0]?.properties).toEqual({ NOMBRE: "Centro", area: 3 });
  });

  it("accepts a single Feature and a 3D position", () => {
    const parsed = parseLayerGeoJson(
      { type: "Feature", properties: { clave: "COL-1" }, geometry: { type: "LineString", coordinates: [[-101.6, 21.1, 1800], [-101.61, 21.11, 1801]] } },
      { kind: "infrastructure" },
    );
    expect(parsed.features[0]?.geometry).toEqual({ type: "LineString", coordinates: [[-101.6, 21.1], [-101.61, 21.11]] });
    expect(parsed.features[0]?.name).toBe("COL-1");
  });

  it("names the feature and the reason of each problem", () => {
    const issues = issuesOf(
      collection([
        square(0, 0, 1, 1),
        bowtie,
        null,
        { type: "Point", coordinates: [0, 0] },
        { type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0.5]]] },
        { type: "Polygon", coordinates: [[[0, 0], [1, "a"], [1, 1], [0, 0]]] },
        { type: "Polygon", coordinates: [[[0, 0], [1, 0], [0, 0]]] },
        square(-200, 0, -199, 1),
      ]),
    );
    expect(issues.map((i) => [i.feature, i.name, i.reason])).toEqual([
      [1, "Zona 2", "self_intersection"],
      [2, "Zona 3", "geometry_missing"],
      [3, "Zona 4", "geometry_type"],
      [4, "Zona 5", "coordinates_invalid"],
      [5, "Zona 6", "coordinates_invalid"],
      [6, "Zona 7", "coordinates_invalid"],
      [7, "Zona 8", "out_of_range"],
    ]);
  });

  it("refuses what is not a layer file", () => {
    expect(issuesOf({ type: "Topology" })[0]?.reason).toBe("not_geojson");
    expect(issuesOf("hello")[0]?.reason).toBe("not_geojson");
    expect(issuesOf({ type: "FeatureCollection", features: [] })[0]?.reason).toBe("empty");
    expect(issuesOf(collection(Array.from({ length: 20_001 }, () => null)))[0]?.reason).toBe("too_many_features");
    expect(issuesOf(collection([square(0, 0, 1, 1)]), "zoning", "clave")).toEqual([
      expect.objectContaining({ feature: 0, reason: "name_missing" }),
    ]);
  });

  it("finds a crossing in a polygon too large for pairwise checks, and none in a clean one", () => {
    const circle = Array.from({ length: 5000 }, (_, k): [number, number] => {
      const a = (2 * Math.PI * k) / 5000;
      return [-101.65 + 0.01 * Math.cos(a), 21.12 + 0.01 * Math.sin(a)];
    });
    const clean: TerritoryGeometry = { type: "Polygon", coordinates: [[...circle, circle[0]!]] };
    expect(selfIntersects(clean)).toBe(false);
    // A hole inside is fine; one crossing the outline is not.
    const hole = square(-101.651, 21.119, -101.649, 21.121).coordinates[0] as [number, number][];
    expect(selfIntersects({ type: "Polygon", coordinates: [[...circle, circle[0]!], hole] })).toBe(false);
    const crossingHole = square(-101.641, 21.119, -101.639, 21.121).coordinates[0] as [number, number][];
    expect(selfIntersects({ type: "Polygon", coordinates: [[...circle, circle[0]!], crossingHole] })).toBe(true);
    // Two vertices swapped far apart: the outline crosses itself.
    const twisted = [...circle];
    [twisted[100], twisted[2600]] = [twisted[2600]!, twisted[100]!];
    expect(selfIntersects({ type: "Polygon", coordinates: [[...twisted, twisted[0]!]] })).toBe(true);
  });

  it("stops at 20 issues", () => {
    expect(issuesOf(collection(Array.from({ length: 50 }, () => bowtie)))).toHaveLength(20);
  });

  it("reprojects a declared UTM 14N file and refuses an unknown CRS", () => {
    const utm = proj4("+proj=utm +zone=14 +datum=WGS84 +units=m +no_defs", "EPSG:4326");
    const corners = [[-101.7, 21.1], [-101.6, 21.1], [-101.6, 21.2], [-101.7, 21.2], [-101.7, 21.1]].map((p) => utm.inverse(p as [number, number]));
    const file = collection([{ type: "Polygon", coordinates: [corners] }], { crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32614" } } });
    const parsed = parseLayerGeoJson(file, { kind: "zoning" });
    expect(parsed.sourceCrs).toBe("EPSG:32614");
    const ring = (parsed.features[0]?.geometry.coordinates as number[][][])[0]!;
    expect(ring[0]?.[0]).toBeCloseTo(-101.7, 6);
    expect(ring[0]?.[1]).toBeCloseTo(21.1, 6);
    expect(ring[2]?.[0]).toBeCloseTo(-101.6, 6);

    // The same metres without a crs member: out of range, and the message says to declare it.
    const undeclared = issuesOf(collection([{ type: "Polygon", coordinates: [corners] }]));
    expect(undeclared[0]?.reason).toBe("out_of_range");
    expect(undeclared[0]?.message).toMatch(/declare el CRS/);

    const other = issuesOf(collection([square(0, 0, 1, 1)], { crs: { type: "name", properties: { name: "EPSG:2154" } } }));
    expect(other).toEqual([expect.objectContaining({ feature: null, reason: "unsupported_crs" })]);
  });

  it("reads the usual spellings of a CRS", () => {
    expect(crsCode("EPSG:4326")).toBe("EPSG:4326");
    expect(crsCode("urn:ogc:def:crs:OGC:1.3:CRS84")).toBe("EPSG:4326");
    expect(crsCode("urn:ogc:def:crs:EPSG::6372")).toBe("EPSG:6372");
    expect(crsCode("http://www.opengis.net/def/crs/EPSG/0/32613")).toBe("EPSG:32613");
    expect(crsCode("WGS 84")).toBeNull();
  });
});

describe("project geometry and matrix schemas", () => {
  it("takes lines and multi-geometries, refuses a self-intersecting polygon at location.geometry", () => {
    const ok = projectPatchSchema.safeParse({
      location: { geometry: { type: "MultiLineString", coordinates: [[[-101.6, 21.1], [-101.61, 21.12]]] } },
    });
    expect(ok.success).toBe(true);
    const bad = projectPatchSchema.safeParse({ location: { geometry: bowtie } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["location.geometry", "self_intersection"]]);
  });

  it("refuses the same zone and use twice in the matrix", () => {
    const rule = { zone: "UGAT 3", use: "housing", compatibility: "permitted" };
    expect(compatibilityMatrixSchema.safeParse({ rules: [rule, { ...rule, zone: "ugat 3 " }] }).success).toBe(false);
    expect(compatibilityMatrixSchema.safeParse({ rules: [rule, { ...rule, use: "commerce" }] }).success).toBe(true);
  });
});

describe("priority with a computed territory", () => {
  const input = {
    impact: { social: 5, environmental: 5, economic: 5 },
    alignment: { pmdAxis: "Eje 1", governmentProgram: "P-1", pmduoetZone: null, landUse: "permitted" as const, ods: [11] },
  };
  it("uses the computed compatibility over the declared one and names the zone", () => {
    const declared = priorityScore(input);
    expect(declared.factors.find((f) => f.key === "landUse")).toMatchObject({ source: "declared", zone: null, value: 1 });
    const computed = priorityScore({ ...input, territory: { compatibility: "prohibited", decidedBy: "UGAT 9", zones: [{}] } });
    expect(computed.factors.find((f) => f.key === "landUse")).toMatchObject({ source: "computed", zone: "UGAT 9", value: 0.5 });
    // The zone the project lies in counts as PMDUOET alignment: 4 of 4 instruments, halved.
    expect(computed.score).toBe(50);
    const noRule = priorityScore({ ...input, territory: { compatibility: null, decidedBy: null, zones: [] } });
    expect(noRule.factors.find((f) => f.key === "landUse")).toMatchObject({ source: "declared", value: 1 });
  });
});
