import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { addOrg, addPerson, signedIn, TEST_PASSWORD, type ApiClient } from "../support/api-client";
import { ADMIN, CollabTestServer } from "../support/realtime";
import { browserAvailable, launchBrowser, shootStates, signIn, type Person } from "../support/browser";

/**
 * The administrators' territory page (/admin/territory) in a real browser: a GeoJSON layer
 * imported and listed with its feature count and CRS; a file with a self-intersecting polygon
 * refused with the feature and the reason (and nothing stored); a cell of the compatibility
 * matrix changed, saved (said only once the server answered) and still there after a reload;
 * a non-administrator gets the admin page's refusal (and the server's 403).
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let adminApi: ApiClient;
let admin: Person;
let member: Person;
let memberApi: ApiClient;

const LAYER = "Zonificación de prueba e2e";
const NORTH = "Zona E2E Norte";
const SOUTH = "Zona E2E Sur";

const square = (west: number, south: number, size: number) => [
  [
    [west, south],
    [west + size, south],
    [west + size, south + size],
    [west, south + size],
    [west, south],
  ],
];

const goodLayer = {
  type: "FeatureCollection",
  features: [
    { type: "Feature", properties: { clave: NORTH, uso: "habitacional" }, geometry: { type: "Polygon", coordinates: square(-101.7, 21.12, 0.04) } },
    { type: "Feature", properties: { clave: SOUTH, uso: "mixto" }, geometry: { type: "Polygon", coordinates: square(-101.7, 21.08, 0.04) } },
  ],
};

// The second feature is a bow tie: its boundary crosses itself.
const badLayer = {
  type: "FeatureCollection",
  features: [
    goodLayer.features[0],
    {
      type: "Feature",
      properties: { clave: "Zona cruzada" },
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [-101.66, 21.1],
            [-101.62, 21.14],
            [-101.62, 21.1],
            [-101.66, 21.14],
            [-101.66, 21.1],
          ],
        ],
      },
    },
  ],
};

const file = (name: string, content: unknown) => ({ name, mimeType: "application/geo+json", buffer: Buffer.from(JSON.stringify(content)) });

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start();
  adminApi = await signedIn(server.url, ADMIN.email, ADMIN.password);
  const org = await addOrg(adminApi, "Dirección de Desarrollo Urbano", "DU");
  const person = await addPerson(adminApi, org.id, "Marta Ríos Peña");
  memberApi = await signedIn(server.url, person.email);
  ({ browser, close: closeBrowser } = await launchBrowser());
  admin = await signIn(browser, server.url, ADMIN.email, ADMIN.password);
  member = await signIn(browser, server.url, person.email, TEST_PASSWORD);
  // A step that does not come fails with its locator, well within the test's own timeout.
  for (const person of [admin, member]) person.page.setDefaultTimeout(10_000);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

/** The matrix cell of a zone and a use: a select named by its row and column headers. */
const cell = (page: Page, zone: string, use: string) => page.getByRole("combobox", { name: `${zone} ${use}`, exact: true });
const coefficient = (page: Page, zone: string, name: string) => page.getByRole("textbox", { name: new RegExp(`^${zone} ${name}\\b`) });

describe.skipIf(!enabled)("the administrators' territory page", () => {
  it("imports a valid layer and lists it with its features, who and where from", async () => {
    const page = admin.page;
    await page.goto("/admin");
    // The admin page, with its link here, keeps to the phone's width (its tables scroll inside their cards).
    await expect.poll(() => page.getByRole("table").count()).toBe(2);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    await page.setViewportSize({ width: 1360, height: 900 });
    await page.getByRole("link", { name: "Territorio: capas y matriz de compatibilidad" }).click();
    await page.waitForURL("**/admin/territory");
    await page.getByRole("heading", { level: 1, name: "Territorio" }).waitFor();
    await page.getByText("Aún no hay capas importadas.").waitFor();

    // Nothing chosen: the file is asked for here; a file without kind or name: the server's
    // issues (the domain's schema) land beside those fields, and nothing is stored.
    await page.getByRole("button", { name: "Importar capa" }).click();
    await page.getByText("Elige un archivo.").waitFor();
    await page.getByLabel(/^Archivo GeoJSON/).setInputFiles(file("zonificacion.geojson", goodLayer));
    await page.getByRole("button", { name: "Importar capa" }).click();
    await expect.poll(() => page.getByLabel("Nombre de la capa").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Tipo de capa").getAttribute("aria-invalid")).toBe("true");
    expect((await adminApi.get("/api/layers?all=1")).body.layers).toEqual([]);

    await page.getByLabel("Tipo de capa").selectOption({ label: "Zonificación PMDUOET" });
    await page.getByLabel("Nombre de la capa").fill(LAYER);
    await page.getByLabel(/^Campo con el nombre/).fill("clave");
    await page.getByLabel(/^Archivo GeoJSON/).setInputFiles(file("zonificacion.geojson", goodLayer));
    // The server's answer is held back: meanwhile the page says the file went and is being validated.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/layers", async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
    });
    await page.getByRole("button", { name: "Importar capa" }).click();
    // (Sending or validating: an intercepted request may not report its upload to the page.)
    const phase = /^(Enviando el archivo al servidor…|El servidor valida y guarda la capa…)$/;
    await page.getByRole("status").getByText(phase).waitFor();
    expect(await page.getByRole("progressbar", { name: phase }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Importando…" }).isDisabled()).toBe(true);
    release();
    await page.getByRole("status").getByText(`Se importó «${LAYER}»: 2 elementos, desde EPSG:4326.`).waitFor();
    await page.unroute("**/api/layers");
    expect(await page.getByRole("progressbar").count()).toBe(0);

    const row = page.getByRole("region", { name: /^Capas importadas/ }).getByRole("row", { name: new RegExp(LAYER) });
    await row.waitFor();
    expect(await row.getByRole("cell").allInnerTexts()).toEqual(["Zonificación PMDUOET", "Vigente", expect.any(String), "Administración de Taller", "2", "EPSG:4326"]);
    const listed = (await adminApi.get("/api/layers?all=1")).body.layers as { name: string; features: number; current: boolean }[];
    expect(listed).toEqual([expect.objectContaining({ name: LAYER, features: 2, current: true })]);
    // The new zoning's zones are the matrix's rows.
    await cell(page, NORTH, "Habitacional").waitFor();
    await cell(page, SOUTH, "Habitacional").waitFor();
  });

  it("refuses a file with a self-intersecting polygon, naming the feature and why, and stores nothing", async () => {
    const page = admin.page;
    await page.getByLabel("Tipo de capa").selectOption({ label: "Zonificación PMDUOET" });
    await page.getByLabel("Nombre de la capa").fill(LAYER);
    await page.getByLabel(/^Campo con el nombre/).fill("clave");
    await page.getByLabel(/^Archivo GeoJSON/).setInputFiles(file("cruzada.geojson", badLayer));
    await page.getByRole("button", { name: "Importar capa" }).click();

    const alert = page.getByRole("alert").filter({ hasText: "El archivo no se importó; no se guardó nada." });
    await alert.waitFor();
    await alert.getByText("El servidor encontró 1 problema:").waitFor();
    expect(await alert.getByRole("listitem").allInnerTexts()).toEqual([expect.stringMatching(/^Elemento 2 «Zona cruzada»: El polígono se cruza consigo mismo\./)]);
    await shootStates(page, "admin-territory-invalid-file", () => page.locator(".import-issues").scrollIntoViewIfNeeded());

    const versions = (await adminApi.get("/api/layers?all=1")).body.layers as unknown[];
    expect(versions).toHaveLength(1);

    // The corrected file, with the same kind and name, replaces the current layer: both versions are listed.
    await page.getByLabel(/^Archivo GeoJSON/).setInputFiles(file("zonificacion-v2.geojson", goodLayer));
    await page.getByRole("button", { name: "Importar capa" }).click();
    const imported = page.getByRole("status").filter({ hasText: `Se importó «${LAYER}»: 2 elementos` });
    await imported.getByText("Reemplaza a la versión anterior, que queda en la lista.").waitFor();
    const rows = page.getByRole("region", { name: /^Capas importadas/ }).getByRole("row", { name: new RegExp(LAYER) });
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).getByRole("cell").nth(1).innerText()).toBe("Vigente");
    expect(await rows.nth(1).getByRole("cell").nth(1).innerText()).toMatch(/^Reemplazada el \d{1,2} \S+ \d{4}$/);
  });

  it("refuses a file over the limit before sending it, saying the limit", async () => {
    const page = admin.page;
    // Written to disk and given by path: Chromium reads it there (26 MB through the protocol is slow).
    const big = join(mkdtempSync(join(tmpdir(), "capa-")), "enorme.geojson");
    writeFileSync(big, Buffer.alloc(26 * 1024 * 1024, 32));
    await page.getByLabel(/^Archivo GeoJSON/).setInputFiles(big);
    await page.getByRole("button", { name: "Importar capa" }).click();
    await page.getByRole("alert").getByText("«enorme.geojson» pesa 26 MB; el límite es 25 MB.", { exact: false }).waitFor();
    await page.getByLabel(/^Archivo GeoJSON/).setInputFiles([]);
  });

  it("saves a changed cell and coefficient, says so only after the server answers, and keeps them after a reload", async () => {
    const page = admin.page;
    const housing = cell(page, NORTH, "Habitacional");
    expect(await housing.inputValue()).toBe("");
    await housing.selectOption({ label: "Prohibido" });
    await cell(page, NORTH, "Comercio y servicios").selectOption({ label: "Condicionado" });
    await coefficient(page, NORTH, "COS").fill("abc");
    await page.getByText("Hay cambios sin guardar.").waitFor();

    // A coefficient that is not a number is marked and keeps the matrix from being sent.
    await page.getByRole("button", { name: "Guardar", exact: true }).click();
    await page.getByRole("alert").getByText("Revisa el coeficiente marcado.").waitFor();
    expect(await coefficient(page, NORTH, "COS").getAttribute("aria-invalid")).toBe("true");
    expect((await adminApi.get("/api/compatibility")).body.rules).toEqual([]);

    await coefficient(page, NORTH, "COS").fill("0,6");
    // The answer is held back a moment: until it comes, the page says «Guardando…», not «Guardado».
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/compatibility", async (route) => {
      if (route.request().method() !== "PUT") return route.fallback();
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
    });
    await page.getByRole("button", { name: "Guardar", exact: true }).click();
    await page.getByRole("button", { name: "Guardando…" }).waitFor();
    expect(await page.getByText("Guardado.", { exact: false }).count()).toBe(0);
    release();
    await page.getByRole("status").getByText("Guardado. El servidor recalculó la compatibilidad de los proyectos.").waitFor();
    await page.unroute("**/api/compatibility");
    expect(await page.getByText("Hay cambios sin guardar.").count()).toBe(0);

    const stored = (await adminApi.get("/api/compatibility")).body.rules as { zone: string; use: string; compatibility: string; cos: number | null }[];
    expect(stored).toHaveLength(2);
    expect(stored).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ zone: NORTH, use: "housing", compatibility: "prohibited", cos: 0.6 }),
        expect.objectContaining({ zone: NORTH, use: "commerce", compatibility: "conditional", cos: 0.6 }),
      ]),
    );

    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Territorio" }).waitFor();
    await expect.poll(() => cell(page, NORTH, "Habitacional").inputValue()).toBe("prohibited");
    expect(await cell(page, NORTH, "Comercio y servicios").inputValue()).toBe("conditional");
    expect(await cell(page, SOUTH, "Habitacional").inputValue()).toBe("");
    expect(await coefficient(page, NORTH, "COS").inputValue()).toBe("0.6");

    // At phone width the matrix scrolls inside its own frame (which says so), never the page.
    await page.setViewportSize({ width: 390, height: 844 });
    const frame = page.getByRole("region", { name: "Compatibilidad de cada uso por zona" });
    await page.getByText("La tabla es más ancha que la pantalla", { exact: false }).waitFor();
    const widths = await frame.evaluate((element) => ({ frame: element.scrollWidth > element.clientWidth, page: document.documentElement.scrollWidth }));
    expect(widths).toEqual({ frame: true, page: 390 });
    await page.setViewportSize({ width: 1360, height: 900 });

    await shootStates(page, "admin-territory");
    await shootStates(page, "admin-territory-matrix", () => page.locator(".matrix-scroll").scrollIntoViewIfNeeded());
  });

  it("imports the matrix from a CSV (a bad row named, nothing changed), asks before replacing unsaved changes, and downloads it", async () => {
    const page = admin.page;
    const csv = (rows: string[]) => ({ name: "matriz.csv", mimeType: "text/csv", buffer: Buffer.from(["zona,uso,compatibilidad,cos,cus,cas,nota", ...rows].join("\n")) });
    const chooseCsv = async (content: ReturnType<typeof csv>) => {
      const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: "Importar CSV" }).click()]);
      await chooser.setFiles(content);
    };

    await chooseCsv(csv([`${SOUTH},Habitacional,permitido,"0,5",1.2,0.3,`, `${SOUTH},Volcánico,permitido,,,,`]));
    const refused = page.getByRole("alert").filter({ hasText: "«matriz.csv» no se importó; la matriz no cambió." });
    await refused.waitFor();
    expect(await refused.getByRole("listitem").allInnerTexts()).toEqual(["Fila 3, columna «uso»: Uso desconocido «Volcánico»."]);
    expect((await adminApi.get("/api/compatibility")).body.rules).toHaveLength(2);

    // An unsaved change first: the import asks, since it replaces the whole matrix.
    await cell(page, SOUTH, "Turismo").selectOption({ label: "Prohibido" });
    await chooseCsv(csv([`${SOUTH},Habitacional,permitido,"0,5",1.2,0.3,`, `${NORTH},industria,PROHIBIDO,,,,Zona habitacional`, `${NORTH},Habitacional,condicionado,,,,`]));
    const dialog = page.getByRole("dialog", { name: "¿Reemplazar la matriz?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Importar y reemplazar" }).click();
    await page.getByRole("status").getByText("Se importó «matriz.csv»: 3 reglas.").waitFor();
    expect(await cell(page, SOUTH, "Habitacional").inputValue()).toBe("permitted");
    expect(await cell(page, SOUTH, "Turismo").inputValue()).toBe("");
    expect(await cell(page, NORTH, "Industria").inputValue()).toBe("prohibited");
    expect(await cell(page, NORTH, "Comercio y servicios").inputValue()).toBe("");
    expect(await coefficient(page, SOUTH, "COS").inputValue()).toBe("0.5");
    expect((await adminApi.get("/api/compatibility")).body.rules).toHaveLength(3);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Descargar CSV" }).click()]);
    const text = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        let content = "";
        stream.on("data", (chunk: Buffer) => (content += chunk.toString("utf8")));
        stream.on("end", () => resolve(content));
        stream.on("error", reject);
      }, reject);
    });
    expect(download.suggestedFilename()).toBe("matriz-compatibilidad.csv");
    expect(text).toContain(SOUTH);
    expect(text).toContain("Zona habitacional");
  });

  it("refuses a non-administrator: the admin page's message, and 403 from the server", async () => {
    const page = member.page;
    await page.goto("/admin/territory");
    await page.getByRole("heading", { level: 1, name: "Territorio" }).waitFor();
    await page.getByText("Solo las personas administradoras pueden ver esta página.").waitFor();
    expect(await page.getByRole("button", { name: "Importar capa" }).count()).toBe(0);
    expect(await page.getByRole("table").count()).toBe(0);
    const refused = await memberApi.post("/api/layers", { kind: "zoning", name: "Intento", geojson: goodLayer });
    expect(refused.status).toBe(403);
    expect((await memberApi.request("PUT", "/api/compatibility", { rules: [] })).status).toBe(403);
    await shootStates(page, "admin-territory-forbidden");
  });
});
