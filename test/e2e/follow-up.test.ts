import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { signedIn, type ApiClient } from "../support/api-client";
import { CollabTestServer } from "../support/realtime";
import { DEMO, browserAvailable, launchBrowser, shootStates, signIn, type Person } from "../support/browser";

/**
 * Follow-up and the portfolio dashboard in a real browser against the demo server, whose Hidalgo
 * market is being built (a 12-month plan, seven monthly reports up to last month, a late
 * milestone, two indicators). The editor (Andrés) adds this month's progress report through
 * «Nuevo reporte de avance» and the S-curve follows: its table gains the month's row and its
 * chart one more mark on the actual line. A viewer (Elena) reads the same charts and tables but is
 * offered no form. The dashboard's counts follow the list's filters, and «Exportar CSV» downloads
 * the filtered portfolio.
 */
const enabled = browserAvailable();
const VIEWER = "elena.campos@demo.taller.local";
const MARKET = "Rehabilitación del Mercado Municipal Hidalgo";

let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let ownerApi: ApiClient;
let editor: Person;
let viewer: Person;
let market: { id: string; name: string; stage: string };

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  ownerApi = await signedIn(server.url, DEMO.owner, DEMO.password);
  const projects = (await ownerApi.get("/api/projects")).body.projects as { id: string; name: string; stage: string }[];
  market = projects.find((p) => p.name === MARKET)!;
  expect(market?.stage).toBe("execution");
  ({ browser, close: closeBrowser } = await launchBrowser());
  [editor, viewer] = await Promise.all([signIn(browser, server.url, DEMO.editor, DEMO.password), signIn(browser, server.url, VIEWER, DEMO.password)]);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

const scurve = (page: Page) => page.getByTestId("scurve");
/** The marks of the S-curve's actual line (one circle per reported month). */
const actualMarks = (page: Page) => scurve(page).locator(".scurve-actual-marks circle").count();
/** The S-curve's table as text rows: month, planned, actual, spent. */
async function scurveRows(page: Page): Promise<string[][]> {
  return scurve(page)
    .locator("[data-testid=scurve-table] tbody tr")
    .evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => (cell.textContent ?? "").replace(/\s+/g, " ").trim())));
}

/** 'YYYY-MM' of the month `offset` months from now (the server's office day is today here too). */
function period(offset: number): string {
  const now = new Date();
  const index = now.getFullYear() * 12 + now.getMonth() + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

const monthName = (p: string) =>
  new Intl.DateTimeFormat("es-MX", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(Number(p.slice(0, 4)), Number(p.slice(5, 7)) - 1, 1)));

describe.skipIf(!enabled)("follow-up and the portfolio dashboard in a browser", () => {
  it("shows the market's alerts on its overview and in the portfolio", async () => {
    const page = editor.page;
    await page.goto(`/projects/${market.id}`);
    const card = page.getByRole("region", { name: /^Alertas de seguimiento/ });
    await card.waitFor();
    await expect.poll(() => card.getByText("Avance físico por debajo del plan").count()).toBe(1);
    await card.getByText("Hito atrasado").first().waitFor();
    await shootStates(page, "follow-up-alerts-overview", async () => {
      await page.locator(".alerts-card").scrollIntoViewIfNeeded();
    });

    await page.goto("/");
    const row = page.getByRole("row", { name: new RegExp(MARKET) });
    await row.getByTestId("alert-badge").waitFor();
    expect(await row.getByTestId("alert-badge").textContent()).toMatch(/Alertas de seguimiento: .*Hito atrasado/);
  }, 60_000);

  it("lets the editor add this month's progress report, and the S-curve's table and marks follow", async () => {
    const page = editor.page;
    // The viewer has the tab open meanwhile: the project's event stream brings the report to her.
    await viewer.page.goto(`/projects/${market.id}?tab=follow-up`);
    await scurve(viewer.page).waitFor({ timeout: 30_000 });
    await page.goto(`/projects/${market.id}?tab=follow-up`);
    await scurve(page).waitFor({ timeout: 30_000 });
    await expect.poll(() => actualMarks(page)).toBe(7);
    expect(await actualMarks(viewer.page)).toBe(7);
    await scurve(page).getByText("Ver tabla de datos").click();
    const thisMonth = monthName(period(0));
    const before = await scurveRows(page);
    expect(before.find((row) => row[0] === thisMonth)?.[2]).toBe("—");
    await shootStates(page, "follow-up-editor", async () => {
      await scurve(page).scrollIntoViewIfNeeded();
    });

    await page.getByRole("button", { name: "Nuevo reporte de avance" }).click();
    const dialog = page.locator("dialog[open]");
    expect(await page.getByRole("dialog", { name: "Nuevo reporte de avance" }).count()).toBe(1);
    await dialog.waitFor();
    expect(await dialog.getByLabel(/^Mes/).inputValue()).toBe(period(0));
    await dialog.getByLabel(/^Avance físico acumulado/).fill("61.5");
    await dialog.getByLabel(/^Autorizado/).fill("48,600,000.50");
    await dialog.getByLabel(/^Comprometido/).fill("30,000,000");
    // A spent amount in words is refused before anything is sent.
    await dialog.getByLabel(/^Ejercido/).fill("mucho");
    await dialog.getByRole("button", { name: "Guardar reporte" }).click();
    await dialog.locator(".field-error").first().waitFor();
    await dialog.getByLabel(/^Ejercido/).fill("27,500,000.25");
    await dialog.getByLabel(/^Narrativa/).fill("Se concluyó la cubierta de la sección B.");
    // A photo, uploaded to the project's assets as it is chosen.
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    await dialog.getByLabel(/^Fotografías/).setInputFiles({ name: "cubierta.png", mimeType: "image/png", buffer: png });
    await dialog.getByRole("img", { name: /^Fotografía 1 del reporte/ }).waitFor();
    await shootStates(page, "follow-up-report-form", async () => {
      await dialog.getByLabel(/^Narrativa|^Narrative/).scrollIntoViewIfNeeded();
    });
    await dialog.getByRole("button", { name: "Guardar reporte" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByText(`Reporte de ${thisMonth} guardado.`).waitFor();

    // The server's answer, read again: the month's row has the actual progress and spending, and the line one more mark.
    await expect.poll(async () => (await scurveRows(page)).find((row) => row[0] === thisMonth)?.[2]).toBe("61.5%");
    const row = (await scurveRows(page)).find((r) => r[0] === thisMonth)!;
    expect(row[3]).toBe("56.6%");
    await expect.poll(() => actualMarks(page)).toBe(8);
    await expect.poll(() => actualMarks(viewer.page), { timeout: 15_000 }).toBe(8);
    const stored = (await ownerApi.get(`/api/projects/${market.id}/follow-up`)).body as { reports: { period: string; physicalPct: number; financial: { spent: number } }[] };
    expect(stored.reports.find((r) => r.period === period(0))).toMatchObject({ physicalPct: 61.5, financial: { spent: 27_500_000.25 } });
    expect((stored.reports.find((r) => r.period === period(0)) as unknown as { photos: unknown[] }).photos).toHaveLength(1);
    await page.getByText(`Narrativa · ${thisMonth} · Fotografías: 1`).click();
    await page.getByRole("img", { name: `Fotografía 1 del reporte de ${thisMonth}` }).waitFor();
    // The project's trail words it.
    await page.getByRole("tab", { name: "Actividad" }).click();
    await page.getByText(`Andrés Soto Villanueva registró el reporte de avance de ${thisMonth}`).waitFor();
    expect(editor.foreignRequests).toEqual([]);
  }, 180_000);

  it("lets the editor add a milestone, refuses a plan that goes down, and records a measurement", async () => {
    const page = editor.page;
    await page.goto(`/projects/${market.id}?tab=follow-up`);
    await scurve(page).waitFor({ timeout: 30_000 });

    // A milestone, through its dialog: «Cumplido» without the actual date is refused first.
    await page.getByRole("button", { name: "Agregar hito" }).click();
    const dialog = page.locator("dialog[open]");
    await dialog.getByLabel(/^Hito/).fill("Pruebas de la subestación eléctrica");
    await dialog.getByLabel(/^Fecha prevista/).fill("2027-01-15");
    await dialog.getByLabel(/^Estado/).selectOption("done");
    await dialog.getByRole("button", { name: "Guardar hito" }).click();
    await dialog.locator(".field-invalid").getByText(/./).first().waitFor();
    await dialog.getByLabel(/^Estado/).selectOption("pending");
    await dialog.getByLabel(/^Dependencia responsable/).selectOption({ label: "SP — Dirección de Servicios Públicos" });
    await dialog.getByRole("button", { name: "Guardar hito" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("table", { name: "Hitos del proyecto" }).getByRole("rowheader", { name: /Pruebas de la subestación eléctrica/ }).waitFor();

    // The plan: a month that goes below the one before is refused with the domain's words, nothing saved.
    await page.getByRole("button", { name: "Editar plan" }).click();
    const second = page.getByLabel("Mes 2: Avance previsto (%)");
    await second.fill("1");
    await page.getByRole("button", { name: "Guardar plan" }).click();
    await page.locator(".plan-editor .field-error").first().waitFor();
    await page.getByRole("button", { name: "Cancelar" }).click();
    const plan = (await ownerApi.get(`/api/projects/${market.id}/follow-up`)).body as { plan: { plannedPhysicalPct: number }[] };
    expect(plan.plan[1]?.plannedPhysicalPct).toBe(8);

    // Last month's report, corrected: its sources must add up to the totals (refused until they do).
    const lastMonth = monthName(period(-1));
    await page.getByRole("button", { name: `Editar el reporte de ${lastMonth}` }).click();
    const report = page.locator("dialog[open]");
    expect(await report.getByRole("checkbox", { name: "Desglosar por fuente de financiamiento" }).isChecked()).toBe(true);
    const stateSpent = report.getByLabel("Estatal: Ejercido");
    const before = await stateSpent.inputValue();
    await stateSpent.fill("1.00");
    await report.getByLabel(/^Avance físico acumulado/).fill("53");
    await report.getByRole("button", { name: "Guardar reporte" }).click();
    await report.getByText("Los montos por fuente deben sumar los totales", { exact: false }).waitFor();
    await stateSpent.fill(before);
    await report.getByRole("button", { name: "Guardar reporte" }).click();
    await report.waitFor({ state: "hidden" });
    await expect.poll(async () => (await scurveRows(page)).find((row) => row[0] === lastMonth)?.[2]).toBe("53%");

    // A measurement of «Locales en operación»: the indicator's table gains it.
    const indicator = page.getByRole("article", { name: "Locales en operación" });
    await indicator.getByLabel(/^Fecha/).fill(new Date().toISOString().slice(0, 10));
    await indicator.getByLabel(/^Valor/).fill("142");
    await indicator.getByRole("button", { name: "Agregar medición" }).click();
    await indicator.getByText("Ver tabla de datos").click();
    await indicator.getByRole("cell", { name: "142" }).waitFor();
  }, 120_000);

  it("presents the follow-up of a project still being studied as planning, with no progress report offered", async () => {
    const page = editor.page;
    const projects = (await ownerApi.get("/api/projects")).body.projects as { id: string; stage: string }[];
    const study = projects.find((p) => p.stage === "prefeasibility")!;
    await page.goto(`/projects/${study.id}?tab=follow-up`);
    await page.getByText(/está en la etapa «Prefactibilidad»: aquí se planean los hitos/).waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Agregar hito" }).waitFor();
    expect(await page.getByRole("button", { name: "Nuevo reporte de avance" }).count()).toBe(0);
    await page.getByRole("heading", { name: "Plan de avance físico" }).waitFor();
    await shootStates(page, "follow-up-planning");
  }, 120_000);

  it("lets a viewer read the follow-up with its charts and tables, but offers no form", async () => {
    const page = viewer.page;
    await page.goto(`/projects/${market.id}?tab=follow-up`);
    await scurve(page).waitFor({ timeout: 30_000 });
    await expect.poll(() => actualMarks(page)).toBe(8);
    await page.getByText("Puedes consultar el seguimiento").waitFor();
    await page.getByRole("figure", { name: /^Autorizado, comprometido y ejercido por fuente/ }).waitFor();
    await page.getByRole("figure", { name: /^Locales en operación/ }).waitFor();
    await page.getByRole("table", { name: "Hitos del proyecto" }).waitFor();
    for (const name of ["Nuevo reporte de avance", "Agregar hito", "Editar plan", "Nuevo indicador", "Agregar medición"]) {
      expect(await page.getByRole("button", { name }).count(), name).toBe(0);
    }
    await shootStates(page, "follow-up-viewer", async () => {
      await page.getByRole("table", { name: /^Hitos del proyecto|^The project's milestones/ }).scrollIntoViewIfNeeded();
    });
  }, 120_000);

  it("answers the dashboard with the list's filters and downloads them as CSV", async () => {
    const page = editor.page;
    await page.goto("/?view=dashboard");
    const total = page.getByTestId("dashboard-total-projects").locator("dd");
    await total.waitFor({ timeout: 30_000 });
    const all = Number(await total.textContent());
    const visible = ((await (await signedIn(server.url, DEMO.editor, DEMO.password)).get("/api/projects")).body.projects as { stage: string }[]);
    expect(all).toBe(visible.length);
    await shootStates(page, "dashboard-editor", async () => {
      await page.getByTestId("dashboard-byStage").scrollIntoViewIfNeeded();
    });

    await page.getByLabel("Etapa", { exact: true }).selectOption("execution");
    await page.waitForURL(/stage=execution/);
    const executing = visible.filter((p) => p.stage === "execution").length;
    await expect.poll(async () => Number(await total.textContent())).toBe(executing);
    // Every stage is listed; only «Ejecución» counts projects now.
    const stages = await page
      .getByTestId("dashboard-byStage-table")
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((row) => [row.children[0]?.textContent, row.children[1]?.textContent]));
    expect(stages.filter(([, count]) => count !== "0")).toEqual([["Ejecución", String(executing)]]);
    await page.getByTestId("dashboard-alerts").getByText(MARKET).waitFor();

    const link = page.getByRole("link", { name: "Exportar CSV" });
    expect(await link.getAttribute("href")).toBe("/api/portfolio/dashboard.csv?stage=execution");
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), link.click()]);
    expect(await download.failure()).toBeNull();
    expect(download.suggestedFilename()).toMatch(/^cartera-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), "utf8");
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/clave/i);
    expect(lines).toHaveLength(executing + 1);
    expect(csv).toContain(MARKET);
  }, 180_000);
});
