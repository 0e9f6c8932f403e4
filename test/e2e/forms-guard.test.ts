import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Dialog, Locator, Page } from "playwright-core";
import type { ApiClient } from "../support/api-client";
import { CollabTestServer } from "../support/realtime";
import { DEMO, browserAvailable, demoWorkspace, expectAccessible, launchBrowser, shootStates, signIn, type Person } from "../support/browser";

/**
 * Forms and states (issue 15, item 6) in a real browser: leaving the project edit form with
 * unsaved changes asks first (a tab, «Ver resumen», a link, back, reload); a field the server
 * refuses gets focus and is scrolled into view; the last owner's «Quitar» is unavailable with its
 * reason; a role change asks for confirmation; an expected refusal shows no request folio; a
 * project without impact ratings reads «Sin evaluar»; amounts keep their cents.
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let project: { id: string; name: string };
let ownerApi: ApiClient;
let owner: Person;
let otherClave: string;

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  ({ ownerApi, project } = await demoWorkspace(server.url));
  const projects = (await ownerApi.get("/api/projects")).body.projects as { id: string; clave: string }[];
  otherClave = projects.find((p) => p.id !== project.id)!.clave;
  ({ browser, close: closeBrowser } = await launchBrowser());
  owner = await signIn(browser, server.url, DEMO.owner, DEMO.password);
  // A step that cannot happen fails with its locator instead of the test's timeout.
  owner.page.setDefaultTimeout(15_000);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

const guard = (page: Page) => page.getByRole("dialog", { name: "Tienes cambios sin guardar" });
const nameInput = (page: Page) => page.getByRole("textbox", { name: /^Nombre del proyecto/ });

/** Opens the edit tab (from the portfolio, so «back» has somewhere to go) and types into the name. */
async function startEditing(page: Page, typed: string): Promise<void> {
  await page.goto("/");
  await page.getByRole("link", { name: project.name }).first().click();
  await page.waitForURL(`**/projects/${project.id}`);
  await page.getByRole("tab", { name: "Editar ficha" }).click();
  await nameInput(page).waitFor();
  await nameInput(page).fill(typed);
  await page.locator(".form-actions-status", { hasText: "Tienes cambios sin guardar." }).waitFor();
}

async function stay(page: Page): Promise<void> {
  const dialog = guard(page);
  await dialog.waitFor();
  // The safe choice takes focus first.
  await expect.poll(() => dialog.getByRole("button", { name: "Seguir editando" }).evaluate((button) => button === (button.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
  await dialog.getByRole("button", { name: "Seguir editando" }).click();
  await dialog.waitFor({ state: "hidden" });
}

const isFocused = (control: Locator) =>
  control.evaluate((element) => element === (element as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement);

/** Whether the control is inside the viewport and nothing (a sticky bar) covers its centre. */
const inViewAndUncovered = (control: Locator) =>
  control.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const win = element.ownerDocument.defaultView as unknown as { innerHeight: number; innerWidth: number };
    if (box.top < 0 || box.bottom > win.innerHeight) return false;
    const hit = element.ownerDocument.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit === element || element.contains(hit);
  });

describe.skipIf(!enabled)("forms and states", { timeout: 90_000 }, () => {
  it("leaving the edit form with unsaved changes asks first: tab, «Ver resumen», link, back; «Seguir editando» keeps the draft", async () => {
    const page = owner.page;
    const typed = `${project.name} (borrador)`;
    await startEditing(page, typed);
    const url = page.url();

    // Another tab of the workspace.
    await page.getByRole("tab", { name: "Integrantes" }).click();
    await guard(page).waitFor();
    await expectAccessible(page, "unsaved-changes dialog");
    await shootStates(page, "forms-guard-dialog", async () => {
      await guard(page).or(page.getByRole("dialog", { name: "You have unsaved changes" })).first().waitFor();
    });
    await stay(page);
    expect(page.url()).toBe(url);
    expect(await nameInput(page).inputValue()).toBe(typed);

    // «Ver resumen».
    await page.getByRole("button", { name: "Ver resumen" }).click();
    await stay(page);
    expect(page.url()).toBe(url);

    // A link of the header.
    await page.getByRole("navigation", { name: /principal/i }).getByRole("link", { name: "Cartera" }).click();
    await stay(page);
    expect(page.url()).toBe(url);

    // The browser's back button.
    await page.goBack();
    await stay(page);
    await expect.poll(() => page.url()).toBe(url);
    expect(await nameInput(page).inputValue()).toBe(typed);
  });

  it("a reload with unsaved changes gets the browser's question; without changes it does not", async () => {
    const page = owner.page;
    await startEditing(page, `${project.name} (recarga)`);
    const asked = new Promise<Dialog>((resolve) => page.once("dialog", resolve));
    void page.evaluate("location.reload()").catch(() => undefined);
    const dialog = await asked;
    expect(dialog.type()).toBe("beforeunload");
    await dialog.dismiss();
    // Stayed: the draft is still there.
    expect(await nameInput(page).inputValue()).toBe(`${project.name} (recarga)`);

    // «Descartar» in the form itself: nothing left to ask about.
    await page.getByRole("button", { name: "Descartar cambios" }).click();
    let question = false;
    const onDialog = (d: Dialog) => {
      question = true;
      void d.accept();
    };
    page.on("dialog", onDialog);
    await page.reload();
    await nameInput(page).waitFor();
    page.off("dialog", onDialog);
    expect(question).toBe(false);
  });

  it("«Descartar cambios» in the dialog goes on: tab switch and back", async () => {
    const page = owner.page;
    await startEditing(page, `${project.name} (descartar)`);
    await page.getByRole("tab", { name: "Integrantes" }).click();
    await guard(page).getByRole("button", { name: "Descartar cambios" }).click();
    await page.getByRole("tab", { name: "Integrantes", selected: true }).waitFor();
    await page.getByRole("region", { name: /Integrantes/ }).or(page.getByRole("heading", { name: "Integrantes" })).first().waitFor();
    // Nothing was saved.
    const stored = (await ownerApi.get(`/api/projects/${project.id}`)).body as { name: string };
    expect(stored.name).toBe(project.name);

    await startEditing(page, `${project.name} (atrás)`);
    await page.goBack();
    await guard(page).getByRole("button", { name: "Descartar cambios" }).click();
    await page.waitForURL((url) => url.pathname === "/");
  });

  it("after saving, leaving asks nothing", async () => {
    const page = owner.page;
    await startEditing(page, `${project.name} (guardado)`);
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    await page.getByText("Se guardaron los cambios de la ficha.").waitFor();
    await page.getByRole("tab", { name: "Integrantes" }).click();
    await page.getByRole("tab", { name: "Integrantes", selected: true }).waitFor();
    expect(await guard(page).isVisible()).toBe(false);
    await ownerApi.patch(`/api/projects/${project.id}`, { name: project.name });
  });

  it("a field the server refuses gets focus and is scrolled into view, clear of the sticky bars", async () => {
    const page = owner.page;
    await page.goto(`/projects/${project.id}?tab=edit`);
    const clave = page.getByRole("textbox", { name: /^Clave/ });
    await clave.waitFor();
    await clave.fill(otherClave.toLowerCase());
    // Sent from the bottom of the form: the clave, at the top, is out of view.
    await page.getByRole("button", { name: "Guardar cambios" }).scrollIntoViewIfNeeded();
    await page.evaluate("window.scrollTo(0, document.body.scrollHeight)");
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    await expect.poll(() => clave.getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => isFocused(clave)).toBe(true);
    await expect.poll(() => inViewAndUncovered(clave)).toBe(true);
    // An expected refusal: a plain message, no request folio.
    expect(await page.getByText(/Folio de la solicitud/).count()).toBe(0);
    await page.getByRole("button", { name: "Descartar cambios" }).click();

    // A field at the bottom of the long form, refused by the server (answered here as the server
    // would) after a save sent from the top: scrolled to, not left under the sticky action bar.
    await page.route(`**/api/projects/${project.id}`, async (route) => {
      if (route.request().method() !== "PATCH") return route.fallback();
      await route.fulfill({
        status: 400,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "validation_failed", message: "Datos inválidos", requestId: "req-prueba", details: { issues: [{ path: "impact.economic", code: "too_large" }] } } }),
      });
    });
    await page.getByRole("textbox", { name: /^Descripción/ }).fill(`Otra descripción ${Date.now()}`);
    await page.evaluate("window.scrollTo(0, 0)");
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    const economic = page.getByRole("textbox", { name: /^Impacto económico/ });
    await expect.poll(() => economic.getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => isFocused(economic)).toBe(true);
    await expect.poll(() => inViewAndUncovered(economic)).toBe(true);
    await page.unroute(`**/api/projects/${project.id}`);
    await page.getByRole("button", { name: "Descartar cambios" }).click();

    // New project: the server's issue (answered here as the server would) lands on its field.
    await page.goto("/");
    await page.route("**/api/projects", async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      await route.fulfill({
        status: 400,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "validation_failed", message: "Datos inválidos", requestId: "req-prueba", details: { issues: [{ path: "estimatedAmountMxn", code: "too_large" }] } } }),
      });
    });
    await page.getByRole("button", { name: "Nuevo proyecto" }).click();
    const dialog = page.getByRole("dialog", { name: "Nuevo proyecto" });
    await dialog.getByRole("textbox", { name: /^Nombre del proyecto/ }).fill("Proyecto que el servidor rechaza");
    await dialog.getByRole("combobox", { name: /^Tipo de proyecto/ }).selectOption("study");
    const amount = dialog.getByRole("textbox", { name: /^Monto estimado/ });
    await amount.fill("1000");
    await dialog.getByRole("textbox", { name: /^Nombre del proyecto/ }).focus();
    await dialog.getByRole("button", { name: "Crear proyecto" }).click();
    await expect.poll(() => amount.getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => isFocused(amount)).toBe(true);
    await expect.poll(() => inViewAndUncovered(amount)).toBe(true);
    await page.unroute("**/api/projects");
    await dialog.getByRole("button", { name: "Cancelar" }).click();
  });

  it("members: the last owner's «Quitar» is unavailable with its reason; a role change asks, naming person and roles", async () => {
    const page = owner.page;
    const members = (await ownerApi.get(`/api/projects/${project.id}/members`)).body.members as { userId: string; name: string; role: string }[];
    const owners = members.filter((m) => m.role === "owner");
    expect(owners).toHaveLength(1);
    const only = owners[0]!;
    const other = members.find((m) => m.role === "editor")!;
    await page.goto(`/projects/${project.id}?tab=members`);

    const remove = page.getByRole("row", { name: new RegExp(only.name) }).getByRole("button", { name: /Quitar/ });
    await remove.waitFor();
    expect(await remove.getAttribute("aria-disabled")).toBe("true");
    const describedBy = (await remove.getAttribute("aria-describedby"))!;
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toContain("única persona responsable");
    await remove.click({ force: true });
    expect(await page.getByRole("dialog").count()).toBe(0);

    // A role change: confirm dialog with name, old and new role; «Cancelar» leaves it.
    const select = page.getByRole("combobox", { name: `Rol de ${other.name}` });
    await select.selectOption("commenter");
    const confirm = page.getByRole("dialog", { name: "¿Cambiar el rol?" });
    await confirm.waitFor();
    const body = await confirm.innerText();
    expect(body).toContain(other.name);
    expect(body).toMatch(/«[^»]+» a «[^»]+»/);
    await shootStates(page, "forms-guard-role-confirm", async () => {
      await page.getByRole("dialog", { name: /¿Cambiar el rol\?|Change the role\?/ }).waitFor();
    });
    await confirm.getByRole("button", { name: "Cancelar" }).click();
    await confirm.waitFor({ state: "hidden" });
    expect(await select.inputValue()).toBe("editor");
    let stored = (await ownerApi.get(`/api/projects/${project.id}/members`)).body.members as { userId: string; role: string }[];
    expect(stored.find((m) => m.userId === other.userId)!.role).toBe("editor");

    await select.selectOption("commenter");
    await confirm.getByRole("button", { name: "Cambiar rol" }).click();
    await page.getByRole("status").filter({ hasText: other.name }).first().waitFor();
    stored = (await ownerApi.get(`/api/projects/${project.id}/members`)).body.members as { userId: string; role: string }[];
    expect(stored.find((m) => m.userId === other.userId)!.role).toBe("commenter");
    await select.selectOption("editor");
    await confirm.getByRole("button", { name: "Cambiar rol" }).click();
    await expect.poll(async () => ((await ownerApi.get(`/api/projects/${project.id}/members`)).body.members as { userId: string; role: string }[]).find((m) => m.userId === other.userId)!.role).toBe("editor");

    // The only owner giving up the role: refused (409 last_owner) in plain words, without the folio.
    await page.getByRole("combobox", { name: `Rol de ${only.name}` }).selectOption("editor");
    await confirm.getByRole("button", { name: "Cambiar rol" }).click();
    const alert = page.getByRole("alert").filter({ hasText: /rol/ });
    await alert.waitFor();
    expect(await alert.innerText()).not.toMatch(/Folio/);
    await shootStates(page, "forms-guard-members-last-owner");
  });

  it("a project without impact ratings reads «Sin evaluar»; amounts keep their cents", async () => {
    const page = owner.page;
    const created = await ownerApi.post("/api/projects", { name: `Proyecto por calificar ${Date.now()}`, kind: "study", estimatedAmountMxn: 1500000.5 });
    expect(created.status).toBe(201);
    const fresh = created.body as { id: string; name: string; priority: { evaluated: boolean } };
    expect(fresh.priority.evaluated).toBe(false);

    await page.goto(`/projects/${fresh.id}`);
    const priority = page.getByRole("region", { name: "Prioridad" });
    await priority.getByText("Sin evaluar", { exact: true }).waitFor();
    expect(await priority.getByText("de 100").count()).toBe(0);
    await page.getByText("$1,500,000.50").first().waitFor();

    await page.goto("/?view=table");
    const row = page.getByRole("row", { name: new RegExp(fresh.name) });
    await row.getByText("Sin evaluar", { exact: true }).waitFor();
    await row.getByText("$1,500,000.50").waitFor();
    await shootStates(page, "forms-guard-not-evaluated", async () => {
      await page.getByRole("row", { name: new RegExp(fresh.name) }).scrollIntoViewIfNeeded();
    });

    // Rated: the score is back.
    await ownerApi.patch(`/api/projects/${fresh.id}`, { impact: { social: 3, environmental: 0, economic: 0 } });
    await page.goto(`/projects/${fresh.id}`);
    await page.getByRole("region", { name: "Prioridad" }).getByText("de 100").waitFor();
  });
});
