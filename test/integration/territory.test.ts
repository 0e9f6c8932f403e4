import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, compatibilityRules, projectTerritory, territoryFeatures, territoryLayers } from "@taller/db";
import { signedIn, type ApiClient } from "../support/api-client";
import { makeOrg, makeUser, startTestApp, type TestApp } from "../support/app";

/**
 * Territorial layers, the compatibility matrix and each project's computed territory through the
 * HTTP API: imports (good, superseding, bad files that leave nothing behind, CRSs, 413), who may
 * change what, and the territory and priority a project's geometry gets.
 */
let t: TestApp;
let admin: ApiClient;
let owner: ApiClient;
let outsider: ApiClient;

type Ring = [number, number][];
const box = (x0: number, y0: number, x1: number, y1: number): Ring => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const polygonFeature = (name: string, ring: Ring) => ({ type: "Feature", properties: { nombre: name }, geometry: { type: "Polygon", coordinates: [ring] } });
const collection = (features: unknown[], extra: Record<string, unknown> = {}) => ({ type: "FeatureCollection", ...extra, features });

// Two zones sharing the edge lon = -101.65, and a third to the north.
const ZONES = collection([
  polygonFeature("UGAT 3 – Centro urbano", box(-101.7, 21.1, -101.65, 21.15)),
  polygonFeature("UGAT 14 – Corredor Arroyo", box(-101.65, 21.1, -101.6, 21.15)),
  polygonFeature("UGAT 21 – Conservación", box(-101.7, 21.15, -101.6, 21.2)),
]);
const MICROREGIONS = collection([
  polygonFeature("Poniente", box(-101.7, 21.1, -101.65, 21.2)),
  polygonFeature("Oriente", box(-101.65, 21.1, -101.6, 21.2)),
]);
const MATRIX = {
  rules: [
    { zone: "UGAT 3 – Centro urbano", use: "infrastructure", compatibility: "permitted", cos: 0.6, cus: 1.8, cas: 0.2 },
    { zone: "UGAT 14 – Corredor Arroyo", use: "infrastructure", compatibility: "prohibited", note: "Zona de inundación" },
    { zone: "UGAT 3 – Centro urbano", use: "housing", compatibility: "conditional" },
  ],
};

const counts = async () => ({
  layers: (await t.database.db.select().from(territoryLayers)).length,
  features: (await t.database.db.select().from(territoryFeatures)).length,
  audit: (await t.database.db.select().from(auditLog)).length,
  territories: (await t.database.db.select().from(projectTerritory)).length,
});

beforeAll(async () => {
  t = await startTestApp();
  const org = await makeOrg(t, "IMPLAN");
  await makeUser(t, { email: "admin@ejemplo.mx", orgId: org.id, isAdmin: true });
  await makeUser(t, { email: "owner@ejemplo.mx", orgId: org.id });
  await makeUser(t, { email: "outsider@ejemplo.mx", orgId: org.id });
  [admin, owner, outsider] = await Promise.all(["admin", "owner", "outsider"].map((w) => signedIn(t, `${w}@ejemplo.mx`))) as [ApiClient, ApiClient, ApiClient];
});
afterAll(async () => {
  await t.close();
});

describe("layers", () => {
  let zoningId: string;

  it("imports a layer for an admin only, lists it and serves it as GeoJSON", async () => {
    const refused = await owner.post("/api/layers", { kind: "zoning", name: "Zonificación PMDUOET", geojson: ZONES });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");

    const created = await admin.post("/api/layers", { kind: "zoning", name: "Zonificación PMDUOET", geojson: ZONES });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: "zoning", name: "Zonificación PMDUOET", features: 3, sourceCrs: "EPSG:4326", supersedes: null });
    zoningId = created.body.id;

    const list = await owner.get("/api/layers");
    expect(list.status).toBe(200);
    expect(list.body.layers).toEqual([
      expect.objectContaining({ id: zoningId, kind: "zoning", features: 3, current: true, supersededAt: null, importedBy: expect.objectContaining({ name: "admin" }) }),
    ]);

    const geojson = await owner.get(`/api/layers/${zoningId}`);
    expect(geojson.status).toBe(200);
    expect(geojson.headers.get("cache-control")).toBe("private, max-age=60");
    expect(geojson.body.type).toBe("FeatureCollection");
    expect(geojson.body.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual([
      "UGAT 3 – Centro urbano",
      "UGAT 14 – Corredor Arroyo",
      "UGAT 21 – Conservación",
    ]);
    expect(geojson.body.features[0]).toMatchObject({ id: expect.any(String), properties: { nombre: "UGAT 3 – Centro urbano" } });
    const etag = geojson.headers.get("etag")!;
    const again = await owner.request("GET", `/api/layers/${zoningId}`, undefined, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect((await owner.get("/api/layers/00000000-0000-4000-8000-000000000000")).body.error.code).toBe("layer_not_found");
    expect((await owner.get("/api/layers/nope")).status).toBe(404);
  });

  it("supersedes the current layer of the same kind and name, keeping the old version", async () => {
    const first = await admin.post("/api/layers", { kind: "microregion", name: "Microrregiones", geojson: MICROREGIONS });
    expect(first.status).toBe(201);
    const second = await admin.post("/api/layers", { kind: "microregion", name: "MICRORREGIONES", geojson: MICROREGIONS });
    expect(second.status).toBe(201);
    expect(second.body.supersedes).toBe(first.body.id);

    const current = (await owner.get("/api/layers")).body.layers.filter((l: { kind: string }) => l.kind === "microregion");
    expect(current.map((l: { id: string }) => l.id)).toEqual([second.body.id]);
    const all = (await owner.get("/api/layers?all=1")).body.layers.filter((l: { kind: string }) => l.kind === "microregion");
    expect(all.map((l: { id: string; current: boolean }) => [l.id, l.current])).toEqual([
      [second.body.id, true],
      [first.body.id, false],
    ]);
    expect(all[1].supersededAt).not.toBeNull();
    // The old version is still served (it is part of the record).
    expect((await owner.get(`/api/layers/${first.body.id}`)).status).toBe(200);
  });

  it("refuses a self-intersecting polygon naming the feature and the reason, and stores nothing", async () => {
    const before = await counts();
    const bowtie = { type: "Feature", properties: { nombre: "Moño" }, geometry: { type: "Polygon", coordinates: [[[-101.7, 21.1], [-101.6, 21.2], [-101.6, 21.1], [-101.7, 21.2], [-101.7, 21.1]]] } };
    const res = await admin.post("/api/layers", { kind: "reserve", name: "Reservas", geojson: collection([polygonFeature("Buena", box(-101.7, 21.1, -101.69, 21.11)), bowtie]) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_geojson");
    expect(res.body.error.details.issues).toEqual([{ feature: 1, name: "Moño", reason: "self_intersection", message: expect.any(String) }]);
    expect(await counts()).toEqual(before);
  });

  it("refuses an unsupported CRS and metres without a declared CRS; reprojects a declared UTM 14N file", async () => {
    // box(-101.7, 21.1, -101.69, 21.11) in WGS 84 / UTM zone 14N metres (proj4, to the millimetre).
    const metres: Ring = [[219502.095, 2335595.447], [220541.547, 2335577.833], [220560.286, 2336685.484], [219520.904, 2336703.105], [219502.095, 2335595.447]];
    const before = await counts();

    const lambert = await admin.post("/api/layers", {
      kind: "reserve",
      name: "Reservas",
      geojson: collection([polygonFeature("R1", metres)], { crs: { type: "name", properties: { name: "EPSG:2154" } } }),
    });
    expect(lambert.status).toBe(400);
    expect(lambert.body.error.details.issues).toEqual([expect.objectContaining({ feature: null, reason: "unsupported_crs" })]);

    const undeclared = await admin.post("/api/layers", { kind: "reserve", name: "Reservas", geojson: collection([polygonFeature("R1", metres)]) });
    expect(undeclared.status).toBe(400);
    expect(undeclared.body.error.details.issues[0]).toMatchObject({ feature: 0, name: "R1", reason: "out_of_range" });
    expect(undeclared.body.error.details.issues[0].message).toMatch(/declare el CRS/);
    expect(await counts()).toEqual(before);

    const declared = await admin.post("/api/layers", {
      kind: "reserve",
      name: "Reservas",
      geojson: collection([polygonFeature("Reserva Los Encinos", metres)], { crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32614" } } }),
    });
    expect(declared.status).toBe(201);
    expect(declared.body.sourceCrs).toBe("EPSG:32614");
    const [feature] = (await owner.get(`/api/layers/${declared.body.id}`)).body.features;
    expect(feature.geometry.coordinates[0][0][0]).toBeCloseTo(-101.7, 6);
    expect(feature.geometry.coordinates[0][0][1]).toBeCloseTo(21.1, 6);
  });

  it("answers a 50 MB file with 413 before reading it, and a 2 MB one is accepted by the limit", async () => {
    const huge = JSON.stringify({ kind: "zoning", name: "Grande", geojson: { type: "FeatureCollection", features: [], pad: "x".repeat(50 * 1024 * 1024) } });
    const res = await admin.request("POST", "/api/layers", huge);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
    // Over the API's usual 1 MB, under the layers' 25 MB: it reaches the validation (an empty file).
    const medium = JSON.stringify({ kind: "zoning", name: "Mediana", geojson: { type: "FeatureCollection", features: [], pad: "x".repeat(2 * 1024 * 1024) } });
    const read = await admin.request("POST", "/api/layers", medium);
    expect(read.status).toBe(400);
    expect(read.body.error.details.issues[0].reason).toBe("empty");
  });
});

describe("compatibility matrix", () => {
  it("is replaced by admins (JSON), read by anyone with the current zones and the uses", async () => {
    expect((await owner.request("PUT", "/api/compatibility", MATRIX)).status).toBe(403);
    const put = await admin.request("PUT", "/api/compatibility", MATRIX);
    expect(put.status).toBe(200);
    const got = await owner.get("/api/compatibility");
    expect(got.body).toEqual(put.body);
    expect(got.body.zones).toEqual(["UGAT 3 – Centro urbano", "UGAT 14 – Corredor Arroyo", "UGAT 21 – Conservación"]);
    expect(got.body.uses).toContain("green_space");
    expect(got.body.rules).toContainEqual({ zone: "UGAT 14 – Corredor Arroyo", use: "infrastructure", compatibility: "prohibited", cos: null, cus: null, cas: null, note: "Zona de inundación" });
    const dup = await admin.request("PUT", "/api/compatibility", { rules: [MATRIX.rules[0], MATRIX.rules[0]] });
    expect(dup.status).toBe(400);
    expect(dup.body.error.details.issues).toEqual([{ path: "rules", code: "duplicates" }]);
  });

  it("imports a CSV (Spanish labels, decimal comma) and refuses a bad row naming it, changing nothing", async () => {
    const csv = (text: string, client = admin) => client.request("POST", "/api/compatibility/csv", text, { "content-type": "text/csv" });
    const good = await csv(
      "zona,uso,compatibilidad,cos,cus,cas,nota\n" +
        "UGAT 3 – Centro urbano,Infraestructura,permitido,\"0,6\",1.8,0.2,\n" +
        "UGAT 14 – Corredor Arroyo,infraestructura,PROHIBIDO,,,,Zona de inundación\n" +
        "UGAT 3 – Centro urbano,habitacional,Condicionado,,,,\n" +
        "UGAT 21 – Conservación,Áreas verdes y espacio público,permitted,0.05,,,\n",
    );
    expect(good.status).toBe(200);
    expect(good.body.rules).toHaveLength(4);
    expect(good.body.rules).toContainEqual(expect.objectContaining({ zone: "UGAT 3 – Centro urbano", use: "infrastructure", compatibility: "permitted", cos: 0.6 }));
    expect((await csv("zona,uso,compatibilidad\nX,housing,permitted\n", owner)).status).toBe(403);

    const before = (await owner.get("/api/compatibility")).body;
    const bad = await csv("zone,use,compatibility,cos\nUGAT 3,housing,permitted,\nUGAT 9,fábricas,prohibido,\nUGAT 9,housing,prohibido,150\n");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_csv");
    expect(bad.body.error.details.issues).toEqual([
      { row: 3, column: "uso", message: expect.stringContaining("fábricas") },
      { row: 4, column: "cos", message: expect.any(String) },
    ]);
    expect((await csv("zona,uso\nA,housing\n")).body.error.details.issues).toEqual([{ row: 1, column: "compatibilidad", message: expect.any(String) }]);
    expect((await owner.get("/api/compatibility")).body).toEqual(before);

    // The export reads back as the same matrix.
    const exported = await owner.fetch("/api/compatibility.csv");
    expect(exported.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = await exported.text();
    expect(text).toContain('"UGAT 14 – Corredor Arroyo","Infraestructura","Prohibido"');
    const reimported = await csv(text);
    expect(reimported.status).toBe(200);
    expect(reimported.body.rules).toEqual(before.rules);
    // Put the JSON matrix back for the projects below.
    expect((await admin.request("PUT", "/api/compatibility", MATRIX)).status).toBe(200);
  });
});

describe("a project's territory", () => {
  let projectId: string;

  it("is computed on PATCH of the geometry, with the zone that decides and the priority it changes", async () => {
    const created = await owner.post("/api/projects", {
      name: "Colector pluvial",
      kind: "investment",
      impact: { social: 4, environmental: 4, economic: 4 },
      alignment: { pmdAxis: "Eje 3", landUse: "permitted", ods: [6] },
    });
    expect(created.status).toBe(201);
    projectId = created.body.id;
    expect(created.body.territory).toBeNull();
    const declaredScore = created.body.priority.score;
    expect(created.body.priority.factors.find((f: { key: string }) => f.key === "landUse")).toMatchObject({ source: "declared", zone: null });

    // In UGAT 3 only: permitted for infrastructure.
    const inCentro = await owner.patch(`/api/projects/${projectId}`, { location: { microregion: null, colonia: null, geometry: { type: "Point", coordinates: [-101.68, 21.12] } } });
    expect(inCentro.status).toBe(200);
    expect(inCentro.body.territory).toEqual({
      use: "infrastructure",
      microregions: ["Poniente"],
      zones: [{ name: "UGAT 3 – Centro urbano", layer: "Zonificación PMDUOET", compatibility: "permitted", cos: 0.6, cus: 1.8, cas: 0.2 }],
      reserves: [],
      infrastructure: [],
      compatibility: "permitted",
      decidedBy: "UGAT 3 – Centro urbano",
      unruled: [],
    });
    // The zone it lies in counts as PMDUOET alignment: the score goes up.
    expect(inCentro.body.priority.score).toBeGreaterThan(declaredScore);
    const permittedScore = inCentro.body.priority.score;

    // A line over the shared edge into UGAT 14: both listed, the prohibition decides and halves the score.
    const line = { type: "LineString", coordinates: [[-101.68, 21.12], [-101.62, 21.13]] };
    const crossing = await owner.patch(`/api/projects/${projectId}`, { location: { microregion: null, colonia: null, geometry: line } });
    expect(crossing.status).toBe(200);
    expect(crossing.body.territory).toMatchObject({
      microregions: ["Oriente", "Poniente"],
      compatibility: "prohibited",
      decidedBy: "UGAT 14 – Corredor Arroyo",
    });
    expect(crossing.body.territory.zones.map((z: { name: string; compatibility: string }) => [z.name, z.compatibility])).toEqual([
      ["UGAT 3 – Centro urbano", "permitted"],
      ["UGAT 14 – Corredor Arroyo", "prohibited"],
    ]);
    expect(crossing.body.priority.score).toBeCloseTo(permittedScore / 2, 0);
    expect(crossing.body.priority.score).toBeLessThan(permittedScore * 0.6);
    expect(crossing.body.priority.factors.find((f: { key: string }) => f.key === "landUse")).toMatchObject({ source: "computed", zone: "UGAT 14 – Corredor Arroyo", value: 0.5 });

    // The same on reading it again, and in the portfolio list.
    expect((await owner.get(`/api/projects/${projectId}`)).body.territory).toEqual(crossing.body.territory);
    const listed = (await owner.get("/api/projects")).body.projects.find((p: { id: string }) => p.id === projectId);
    expect(listed.territory).toEqual(crossing.body.territory);
    expect(listed.priority.score).toBe(crossing.body.priority.score);
  });

  it("follows the land-use category, keeps it when a form leaves it out, and refuses a self-intersecting geometry", async () => {
    const housing = await owner.patch(`/api/projects/${projectId}`, { alignment: { pmdAxis: "Eje 3", landUse: "permitted", ods: [6], landUseCategory: "housing" } });
    expect(housing.status).toBe(200);
    expect(housing.body.alignment.landUseCategory).toBe("housing");
    expect(housing.body.territory).toMatchObject({ use: "housing", compatibility: "conditional", decidedBy: "UGAT 3 – Centro urbano", unruled: ["UGAT 14 – Corredor Arroyo"] });

    const kept = await owner.patch(`/api/projects/${projectId}`, { alignment: { pmdAxis: "Eje 3 bis", landUse: "permitted", ods: [6] } });
    expect(kept.body.alignment.landUseCategory).toBe("housing");

    const bowtie = { type: "Polygon", coordinates: [[[-101.7, 21.1], [-101.6, 21.2], [-101.6, 21.1], [-101.7, 21.2], [-101.7, 21.1]]] };
    const refused = await owner.patch(`/api/projects/${projectId}`, { location: { geometry: bowtie } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.issues).toEqual([{ path: "location.geometry", code: "self_intersection" }]);
  });

  it("is recomputed when the matrix or a layer changes, and dropped with the geometry", async () => {
    const ruled = { rules: [...MATRIX.rules, { zone: "UGAT 14 – Corredor Arroyo", use: "housing", compatibility: "prohibited" }] };
    expect((await admin.request("PUT", "/api/compatibility", ruled)).status).toBe(200);
    expect((await owner.get(`/api/projects/${projectId}`)).body.territory).toMatchObject({ compatibility: "prohibited", decidedBy: "UGAT 14 – Corredor Arroyo", unruled: [] });

    // A new zoning version where the corridor is gone.
    const zones = collection([polygonFeature("UGAT 3 – Centro urbano", box(-101.7, 21.1, -101.6, 21.15))]);
    expect((await admin.post("/api/layers", { kind: "zoning", name: "zonificación pmduoet", geojson: zones })).status).toBe(201);
    expect((await owner.get(`/api/projects/${projectId}`)).body.territory).toMatchObject({ compatibility: "conditional", zones: [expect.objectContaining({ name: "UGAT 3 – Centro urbano" })] });

    const cleared = await owner.patch(`/api/projects/${projectId}`, { location: null });
    expect(cleared.body.territory).toBeNull();
    expect((await t.database.db.select().from(projectTerritory)).map((r) => r.projectId)).not.toContain(projectId);
  });

  it("is not shown to non-members, and the audit records imports and matrix changes", async () => {
    expect((await outsider.get(`/api/projects/${projectId}`)).status).toBe(404);
    const actions = (await t.database.db.select().from(auditLog)).map((a) => a.action);
    expect(actions).toContain("territory.layer_imported");
    expect(actions).toContain("territory.matrix_updated");
    expect((await t.database.db.select().from(compatibilityRules)).length).toBe(4);
  });
});
