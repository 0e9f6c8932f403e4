import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { signedIn, type ApiClient } from "../support/api-client";
import { ADMIN, CollabTestServer } from "../support/realtime";
import { DEMO, browserAvailable, launchBrowser, shootStates, signIn, type Person } from "../support/browser";

/**
 * The map in a real browser (MapLibre on WebGL through Chromium's SwiftShader) against the demo
 * server, with territorial layers the admin imports here, in a corner of their own (so whatever
 * the demo brings does not decide the answers): two microregions and two PMDUOET zones, one that
 * prohibits infrastructure and one that permits it. The portfolio map renders the layers and the
 * listed projects and follows the filters; drawing a polygon across the zones' boundary on the
 * project's «Territorio» tab saves it, and the territory the server computes (both microregions,
 * «Prohibido» decided by the prohibiting zone) and the halved priority are shown.
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let admin: ApiClient;
let ownerApi: ApiClient;
let owner: Person;
let viewer: Person;
let layerIds: { microregion: string; zoning: string };
let collector: { id: string; name: string; clave: string };
let study: { id: string; name: string };

type Ring = [number, number][];
const box = (w: number, s: number, e: number, n: number): Ring => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];
const polygonFeature = (name: string, ring: Ring) => ({ type: "Feature", properties: { nombre: name }, geometry: { type: "Polygon", coordinates: [ring] } });

// A corner far from the demo's municipality: the boundary between north and south is latitude 21.35.
const NORTH = box(-101.4, 21.35, -101.3, 21.4);
const SOUTH = box(-101.4, 21.3, -101.3, 21.35);
const NEAR_BOUNDARY: [number, number] = [-101.35, 21.3485];

async function put(client: ApiClient, path: string, body: unknown) {
  const res = await client.fetch(path, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as unknown };
}

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  admin = await signedIn(server.url, ADMIN.email, ADMIN.password);
  const microregion = await admin.post("/api/layers", {
    kind: "microregion",
    name: "Microrregiones de prueba",
    geojson: { type: "FeatureCollection", features: [polygonFeature("Microrregión Prueba Norte", NORTH), polygonFeature("Microrregión Prueba Sur", SOUTH)] },
  });
  expect(microregion.status, JSON.stringify(microregion.body)).toBe(201);
  const zoning = await admin.post("/api/layers", {
    kind: "zoning",
    name: "Zonificación de prueba",
    geojson: { type: "FeatureCollection", features: [polygonFeature("UGAT Prueba 1 – Conservación", NORTH), polygonFeature("UGAT Prueba 2 – Urbano", SOUTH)] },
  });
  expect(zoning.status, JSON.stringify(zoning.body)).toBe(201);
  layerIds = { microregion: microregion.body.id, zoning: zoning.body.id };
  const matrix = await put(admin, "/api/compatibility", {
    rules: [
      { zone: "UGAT Prueba 1 – Conservación", use: "infrastructure", compatibility: "prohibited", cos: null, cus: null, cas: 0.9 },
      { zone: "UGAT Prueba 2 – Urbano", use: "infrastructure", compatibility: "permitted", cos: 0.7, cus: 2.1, cas: 0.2 },
    ],
  });
  expect(matrix.status, JSON.stringify(matrix.body)).toBe(200);

  // The owner's two projects there: an investment (its use: infrastructure) by the boundary, on
  // the permitting side; a study in the north.
  ownerApi = await signedIn(server.url, DEMO.owner, DEMO.password);
  const created = await ownerApi.post("/api/projects", {
    name: "Colector pluvial de prueba",
    kind: "investment",
    impact: { social: 4, economic: 3, environmental: 3 },
    location: { microregion: null, colonia: null, geometry: { type: "Point", coordinates: NEAR_BOUNDARY } },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  collector = created.body;
  const other = await ownerApi.post("/api/projects", {
    name: "Estudio de movilidad de prueba",
    kind: "study",
    location: { microregion: null, colonia: null, geometry: { type: "Point", coordinates: [-101.33, 21.38] } },
  });
  expect(other.status, JSON.stringify(other.body)).toBe(201);
  study = other.body;

  // A viewer of the collector: the demo's commenter, with the viewer role on it.
  const people = (await ownerApi.get(`/api/people?q=${encodeURIComponent("Jorge Ibarra")}`)).body.people as { id: string }[];
  expect((await ownerApi.post(`/api/projects/${collector.id}/members`, { userId: people[0]!.id, role: "viewer" })).status).toBe(201);

  ({ browser, close: closeBrowser } = await launchBrowser());
  owner = await signIn(browser, server.url, DEMO.owner, DEMO.password);
  viewer = await signIn(browser, server.url, DEMO.commenter, DEMO.password);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

/** Waits until the map in `scope` has loaded its style and sources and stopped moving. */
async function mapSettled(page: Page, scope: string): Promise<void> {
  await page.locator(`${scope} .territory-map[data-map-state="ready"]`).waitFor();
  await page.waitForFunction((selector) => {
    const map = (document.querySelector(`${selector} .territory-map-canvas`) as unknown as { __tallerMap?: { loaded(): boolean; isMoving(): boolean } } | null)?.__tallerMap;
    return Boolean(map && map.loaded() && !map.isMoving());
  }, scope);
}

/** What the map has drawn: features named by each territorial layer, and the projects (clusters counted by their size). */
async function rendered(page: Page, scope: string) {
  return page.evaluate((selector) => {
    type Feature = { layer: { id: string }; properties: Record<string, unknown> };
    const map = (document.querySelector(`${selector} .territory-map-canvas`) as unknown as { __tallerMap: { queryRenderedFeatures(options?: unknown): Feature[]; getLayer(id: string): unknown } }).__tallerMap;
    const features = map.queryRenderedFeatures();
    const layerNames: Record<string, string[]> = {};
    let projects = 0;
    const ids = new Set<string>();
    for (const feature of features) {
      const source = feature.layer.id.match(/^(layer-.+)-(fill|line|circle)$/)?.[1];
      if (source) (layerNames[source] ??= []).push(String(feature.properties.name));
      if (feature.layer.id === "projects-points-clusters") projects += Number(feature.properties.point_count);
      if (["projects-points-points", "projects-shapes-line"].includes(feature.layer.id) && !ids.has(String(feature.properties.id))) {
        ids.add(String(feature.properties.id));
        projects += 1;
      }
    }
    return { layerNames, projects, ids: [...ids] };
  }, scope);
}

/** The page position of a longitude/latitude on the map in `scope`. */
async function pixelOf(page: Page, scope: string, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([selector, position]) => {
      const element = document.querySelector(`${selector} .territory-map-canvas`) as unknown as HTMLElement & { __tallerMap: { project(p: [number, number]): { x: number; y: number } } };
      const point = element.__tallerMap.project(position);
      const frame = element.getBoundingClientRect();
      return { x: frame.left + point.x, y: frame.top + point.y };
    },
    [scope, lngLat] as const,
  );
}

const located = async (query: string) =>
  ((await ownerApi.get(`/api/projects${query}`)).body.projects as { location: { geometry: unknown } | null }[]).filter((p) => p.location?.geometry).length;

describe.skipIf(!enabled)("the territory in a browser", () => {
  it("draws the layers and the listed projects on the portfolio map, and the filters hide projects", async () => {
    const page = owner.page;
    await page.goto("/?view=map");
    await mapSettled(page, ".portfolio-map");
    const all = await located("");
    await expect.poll(async () => (await rendered(page, ".portfolio-map")).projects, { timeout: 15_000 }).toBe(all);
    const first = await rendered(page, ".portfolio-map");
    expect(first.layerNames[`layer-${layerIds.microregion}`]).toEqual(expect.arrayContaining(["Microrregión Prueba Norte", "Microrregión Prueba Sur"]));
    expect(first.layerNames[`layer-${layerIds.zoning}`]).toEqual(expect.arrayContaining(["UGAT Prueba 1 – Conservación", "UGAT Prueba 2 – Urbano"]));
    // The same projects as a table.
    await page.getByRole("table", { name: "Proyectos en el mapa" }).getByRole("link", { name: collector.name }).waitFor();

    // A layer switched off is no longer drawn.
    await page.getByRole("checkbox", { name: "Microrregiones" }).uncheck();
    await expect.poll(async () => (await rendered(page, ".portfolio-map")).layerNames[`layer-${layerIds.microregion}`]).toBeUndefined();
    await page.getByRole("checkbox", { name: "Microrregiones" }).check();

    // The kind filter: only investments stay, on the map and in its list.
    await page.getByRole("combobox", { name: "Tipo" }).selectOption("investment");
    await page.waitForURL(/kind=investment/);
    expect(new URL(page.url()).searchParams.get("view")).toBe("map");
    const investments = await located("?kind=investment");
    expect(investments).toBeLessThan(all);
    await expect.poll(async () => (await rendered(page, ".portfolio-map")).projects, { timeout: 15_000 }).toBe(investments);
    await page.getByRole("table", { name: "Proyectos en el mapa" }).getByRole("link", { name: study.name }).waitFor({ state: "detached" });

    // A click on the project opens its card.
    await page.getByRole("button", { name: `Ver en el mapa: ${collector.name}` }).click();
    await mapSettled(page, ".portfolio-map");
    const at = await pixelOf(page, ".portfolio-map", NEAR_BOUNDARY);
    await page.getByRole("button", { name: "Cerrar la ficha del proyecto" }).click();
    await page.mouse.click(at.x, at.y);
    const card = page.getByRole("article", { name: collector.name });
    await card.getByText("Permitido").waitFor();
    await card.getByText("Microrregión Prueba Sur").waitFor();
    expect(await card.getByRole("link", { name: "Abrir el proyecto" }).getAttribute("href")).toBe(`/projects/${collector.id}?tab=territory`);

    await shootStates(page, "territory-portfolio-map", () => mapSettled(page, ".portfolio-map"));
    expect(owner.foreignRequests).toEqual([]);
  }, 120_000);

  it("drawing a polygon across two zones saves it, and the computed microregions, compatibility and priority follow", async () => {
    const page = owner.page;
    const before = (await ownerApi.get(`/api/projects/${collector.id}`)).body as { priority: { score: number } };
    await page.goto(`/projects/${collector.id}?tab=territory`);
    await mapSettled(page, ".territory-panel");
    const computed = page.getByRole("region", { name: "Territorio calculado" });
    await computed.getByText("Microrregión Prueba Sur").waitFor();
    await computed.getByText("Permitido").first().waitFor();
    expect(await computed.getByText("Microrregión Prueba Norte").count()).toBe(0);

    // A square around the point, reaching north across the boundary (21.35) into the prohibiting zone.
    const corners: [number, number][] = [
      [-101.3515, 21.3475],
      [-101.3485, 21.3475],
      [-101.3485, 21.3515],
      [-101.3515, 21.3515],
    ];
    await page.getByRole("button", { name: "Polígono" }).click();
    for (const corner of corners) {
      const p = await pixelOf(page, ".territory-panel", corner);
      await page.mouse.click(p.x, p.y);
    }
    const close = await pixelOf(page, ".territory-panel", corners[0]!);
    await page.mouse.click(close.x, close.y);
    await page.getByText("Hay cambios en la ubicación sin guardar").waitFor();
    await page.getByRole("button", { name: "Guardar la ubicación" }).click();
    await page.getByText("Ubicación guardada. El territorio se calculó de nuevo.").waitFor();

    await computed.getByText("Microrregión Prueba Norte").waitFor();
    await computed.getByText("Microrregión Prueba Sur").waitFor();
    await computed.getByText("Decide la zona UGAT Prueba 1 – Conservación").waitFor();
    const zones = computed.getByRole("table", { name: "Zonas PMDUOET" });
    await zones.getByRole("row", { name: /UGAT Prueba 1 – Conservación.*Prohibido/ }).waitFor();
    await zones.getByRole("row", { name: /UGAT Prueba 2 – Urbano.*Permitido/ }).waitFor();

    // The server has the polygon, its territory and the halved priority; the tab shows that score.
    const after = (await ownerApi.get(`/api/projects/${collector.id}`)).body as {
      location: { geometry: { type: string } };
      territory: { compatibility: string; decidedBy: string; microregions: string[] };
      priority: { score: number };
    };
    expect(after.location.geometry.type).toBe("Polygon");
    expect(after.territory).toMatchObject({ compatibility: "prohibited", decidedBy: "UGAT Prueba 1 – Conservación", microregions: ["Microrregión Prueba Norte", "Microrregión Prueba Sur"] });
    expect(after.priority.score).toBeLessThan(before.priority.score);
    const priority = page.getByRole("region", { name: "Prioridad" });
    await priority.getByText("decidida por la zona UGAT Prueba 1 – Conservación").waitFor();
    await priority.getByRole("row", { name: /Puntaje de prioridad/ }).getByText(new Intl.NumberFormat("es-MX").format(after.priority.score), { exact: true }).waitFor();

    await shootStates(page, "territory-tab-owner", () => mapSettled(page, ".territory-panel"));
    expect(owner.foreignRequests).toEqual([]);
  }, 120_000);

  it("shows a viewer the location and the computed territory, without the drawing tools", async () => {
    const page = viewer.page;
    await page.goto(`/projects/${collector.id}?tab=territory`);
    await mapSettled(page, ".territory-panel");
    await page.getByRole("region", { name: "Territorio calculado" }).getByText("Decide la zona UGAT Prueba 1 – Conservación").waitFor();
    expect(await page.getByRole("button", { name: "Polígono" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Guardar la ubicación" }).count()).toBe(0);
    expect(await page.getByLabel("Coordenadas o GeoJSON").count()).toBe(0);
    await shootStates(page, "territory-tab-viewer", () => mapSettled(page, ".territory-panel"));
    expect(viewer.foreignRequests).toEqual([]);
  }, 120_000);

  it("takes typed coordinates as the keyboard alternative, and a land-use category the matrix has no rule for", async () => {
    const page = owner.page;
    await page.goto(`/projects/${collector.id}?tab=territory`);
    await mapSettled(page, ".territory-panel");
    const computed = page.getByRole("region", { name: "Territorio calculado" });
    await computed.waitFor();

    const field = page.getByLabel("Coordenadas o GeoJSON");
    await field.fill("21.32");
    await page.getByRole("button", { name: "Usar estas coordenadas" }).click();
    await page.getByText("Escribe la longitud y la latitud separadas por una coma").waitFor();
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    await field.fill("−101.35, 21.32");
    await page.getByRole("button", { name: "Usar estas coordenadas" }).click();
    await page.getByRole("button", { name: "Guardar la ubicación" }).click();
    await computed.getByText("Decide la zona UGAT Prueba 2 – Urbano").waitFor();
    expect(await computed.getByText("Microrregión Prueba Norte").count()).toBe(0);
    expect((await ownerApi.get(`/api/projects/${collector.id}`)).body.location.geometry).toEqual({ type: "Point", coordinates: [-101.35, 21.32] });

    // Green space: the test zones have no rule for it, so nothing decides.
    await page.getByLabel("Categoría de uso de suelo").selectOption("green_space");
    await page.getByRole("button", { name: "Guardar la categoría" }).click();
    await page.getByText("Categoría guardada.").waitFor();
    await computed.getByText("Ninguna zona tocada tiene regla para este uso.").waitFor();
    await computed.getByText("Áreas verdes y espacio público").waitFor();
    expect((await ownerApi.get(`/api/projects/${collector.id}`)).body.territory).toMatchObject({ use: "green_space", compatibility: null, unruled: ["UGAT Prueba 2 – Urbano"] });
  }, 120_000);
});
