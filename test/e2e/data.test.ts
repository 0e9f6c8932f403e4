import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { ADMIN, CollabTestServer } from "../support/realtime";
import { DEMO, browserAvailable, demoWorkspace, launchBrowser, screenshot, shootStates, signIn, type Person } from "../support/browser";

/**
 * The web app's data layer in a real browser against a real server with the demo portfolio: one
 * cache shared by the screens (a list fetched once), mutations that update what is shown without
 * a reload, and controls that follow the abilities the server sends.
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let project: { id: string; name: string };
let owner: Person;
let commenter: Person;
let admin: Person;

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  ({ project } = await demoWorkspace(server.url));
  ({ browser, close: closeBrowser } = await launchBrowser());
  owner = await signIn(browser, server.url, DEMO.owner, DEMO.password);
  commenter = await signIn(browser, server.url, DEMO.commenter, DEMO.password);
  admin = await signIn(browser, server.url, ADMIN.email, ADMIN.password);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

/** Counts the page's API requests whose path is exactly `path` (GET, any query string). */
function countRequests(page: Page, path: string): () => number {
  let count = 0;
  page.on("request", (request) => {
    if (request.method() === "GET" && new URL(request.url()).pathname === path) count++;
  });
  return () => count;
}

const tab = (page: Page, name: string) => page.getByRole("tab", { name, exact: true });

describe.skipIf(!enabled)("the web app's data layer in a browser", () => {
  it("fetches the agencies once for the portfolio's filters and dialog, and not again for the project form", async () => {
    const page = owner.page;
    const orgRequests = countRequests(page, "/api/orgs");
    await page.goto("/");
    await page.getByRole("link", { name: project.name }).waitFor();
    await page.getByRole("combobox", { name: "Dependencia" }).locator("option", { hasText: "IMPLAN" }).waitFor({ state: "attached" });
    await page.getByRole("link", { name: project.name }).click();
    await tab(page, "Editar ficha").click();
    await page.getByRole("checkbox", { name: "Dirección de Movilidad" }).waitFor();
    expect(orgRequests()).toBe(1);
  });

  it("shows a member's new role at once and the change in the activity trail", async () => {
    const page = owner.page;
    await page.goto(`/projects/${project.id}?tab=members`);
    const role = page.getByRole("combobox", { name: "Rol de Andrés Soto Villanueva" });
    await role.selectOption("reviewer");
    // A role change asks first, naming the person and both roles.
    const confirm = page.getByRole("dialog", { name: "¿Cambiar el rol?" });
    await confirm.getByText("Andrés Soto Villanueva pasará de «Persona editora» a «Persona revisora».").waitFor();
    await confirm.getByRole("button", { name: "Cambiar rol" }).click();
    await page.getByText("Andrés Soto Villanueva ahora tiene el rol Persona revisora.").waitFor();
    await expect.poll(() => role.inputValue()).toBe("reviewer");
    await tab(page, "Actividad").click();
    await page.getByText(/cambió el rol de Andrés Soto Villanueva de Persona editora a Persona revisora/).waitFor();
    await screenshot(page, "data-01-activity");
  });

  it("offers a commenter neither the project form, the trail nor new documents; the admin gets the admin page", async () => {
    const page = commenter.page;
    await page.goto(`/projects/${project.id}`);
    await tab(page, "Integrantes").waitFor();
    // «Revisiones», «Seguimiento» and «Territorio» are every member's (to read; an agency's commenter
    // may answer for a round); «Editar» and «Actividad» are not.
    expect(await page.getByRole("tab").allInnerTexts()).toEqual(["Resumen", "Etapa", "Integrantes", "Documentos", "Revisiones", "Seguimiento", "Territorio"]);
    await tab(page, "Documentos").click();
    await page.getByRole("heading", { name: /Documentos/ }).waitFor();
    expect(await page.getByRole("button", { name: "Nuevo documento de texto" }).count()).toBe(0);
    expect(await page.getByRole("navigation", { name: "Navegación principal" }).getByRole("link", { name: "Administración" }).count()).toBe(0);

    await admin.page.goto("/");
    await admin.page.getByRole("navigation", { name: "Navegación principal" }).getByRole("link", { name: "Administración" }).click();
    await admin.page.getByRole("heading", { name: /Usuarios/ }).waitFor();
    await admin.page.getByRole("cell", { name: "IMPLAN" }).first().waitFor();
    await screenshot(admin.page, "data-02-admin");
  });

  it("offers «Nuevo proyecto» only where the agency may propose projects, as the admin sets it (issue 15, item 3)", async () => {
    const newProject = (page: Page) => page.getByRole("button", { name: "Nuevo proyecto" });
    // The owner (IMPLAN) may; the commenter's agency (Obra Pública) may not, in the demo.
    await owner.page.goto("/");
    await newProject(owner.page).waitFor();
    const page = commenter.page;
    await page.goto("/");
    await page.getByRole("link", { name: project.name }).waitFor();
    expect(await newProject(page).count()).toBe(0);

    const adminPage = admin.page;
    await adminPage.goto("/admin");
    const op = adminPage.getByRole("checkbox", { name: "Dirección de Obra Pública puede proponer proyectos" });
    expect(await op.isChecked()).toBe(false);
    expect(await adminPage.getByRole("checkbox", { name: "Instituto Municipal de Planeación puede proponer proyectos" }).isChecked()).toBe(true);
    // A click asks the server; the box shows the new state from its answer (not before).
    await op.click();
    await adminPage.getByText("Dirección de Obra Pública ahora puede proponer proyectos.").waitFor();
    expect(await op.isChecked()).toBe(true);
    await shootStates(adminPage, "data-03-admin-orgs", () => adminPage.locator("#orgs-title").scrollIntoViewIfNeeded());

    await page.reload();
    await newProject(page).waitFor();
    await op.click();
    await adminPage.getByText("Dirección de Obra Pública ya no puede proponer proyectos.").waitFor();
    expect(await op.isChecked()).toBe(false);
    await page.reload();
    await page.getByRole("link", { name: project.name }).waitFor();
    expect(await newProject(page).count()).toBe(0);
  }, 120_000);
});
