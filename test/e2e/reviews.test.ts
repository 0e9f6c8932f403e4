import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { signedIn, type ApiClient } from "../support/api-client";
import { CollabTestServer } from "../support/realtime";
import { DEMO, browserAvailable, demoWorkspace, drawRectangle, expectAccessible, launchBrowser, screenshot, shootStates, signIn, type DocumentRef, type Person } from "../support/browser";

/**
 * Versions and review, the issue's «done when», in a real browser against the demo server: the
 * editor (Andrés, IMPLAN) freezes v1 of the study and of the canvas from their «Versiones» panels,
 * edits both (words typed in the study, a rectangle dragged on the canvas), freezes v2; the diffs show the added words and the
 * moved shape. He submits the study's v2 through «Enviar a revisión» to a reviewer (Ricardo, MOV)
 * and an agency (OP) under «Todos deciden». Before deciding, the reviewer's portfolio marks the
 * project «pendiente»; a commenter of an agency that does not take part (Paola, MA) sees the round
 * but no decision form. Jorge answers for OP «favorable con observaciones», the reviewer «favorable»,
 * each in their own browser, and the editor's open round page turns «Aprobada con observaciones»
 * without a reload.
 */
const enabled = browserAvailable();
const REVIEWER = "ricardo.leal@demo.taller.local";
const OTHER_AGENCY = "paola.nava@demo.taller.local";

let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let project: { id: string; name: string };
let textDoc: DocumentRef;
let canvasDoc: DocumentRef;
let editorApi: ApiClient;
let editor: Person;
let reviewer: Person;
let agency: Person;
let outsider: Person;

const study = { v1: "", v2: "" };
const canvas = { v1: "", v2: "" };
let reviewId = "";

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  ({ project, textDoc, canvasDoc } = await demoWorkspace(server.url));
  editorApi = await signedIn(server.url, DEMO.editor, DEMO.password);
  ({ browser, close: closeBrowser } = await launchBrowser());
  [editor, reviewer, agency, outsider] = await Promise.all([
    signIn(browser, server.url, DEMO.editor, DEMO.password),
    signIn(browser, server.url, REVIEWER, DEMO.password),
    signIn(browser, server.url, DEMO.commenter, DEMO.password),
    signIn(browser, server.url, OTHER_AGENCY, DEMO.password),
  ]);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

const saveStatus = (page: Page) => page.locator("[data-save-status]").first().getAttribute("data-save-status");
const waitSaved = (page: Page) => expect.poll(() => saveStatus(page), { timeout: 20_000 }).toBe("saved");

const versionsPanel = (page: Page) => page.getByRole("complementary", { name: /^Versiones\b/ });

/** Freezes a version from the document's «Versiones» panel once the edits are saved; answers its id. */
async function freeze(page: Page, documentId: string, name: string): Promise<string> {
  await waitSaved(page);
  if (!(await versionsPanel(page).isVisible())) await page.locator(".versions-toggle").click();
  await versionsPanel(page).getByRole("button", { name: "Congelar versión" }).click();
  await versionsPanel(page).getByLabel(/^Nombre/).fill(name);
  await versionsPanel(page).getByRole("button", { name: /^Congelar$/ }).click();
  await versionsPanel(page).locator(".versions-done").filter({ hasText: /congelada/ }).waitFor();
  const newest = (await editorApi.get(`/api/documents/${documentId}/versions`)).body.versions[0] as { id: string; name: string };
  expect(newest.name).toBe(name);
  return newest.id;
}

async function typeAtEnd(page: Page, text: string) {
  await page.locator(".ProseMirror[contenteditable=true]").first().click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type(text);
}

const shapeIds = (page: Page) => page.locator(".tl-shapes .tl-shape").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-shape-id")!));
const shapeBox = async (page: Page, id: string) => (await page.locator(`.tl-shape[data-shape-id="${id}"]`).boundingBox())!;
const statusBadge = (page: Page) => page.getByTestId("review-status");

describe.skipIf(!enabled)("versions and review rounds in a browser", () => {
  it("freezes v1 and v2 of a study and a canvas around an edit, and the diffs show the words added and the shape moved", async () => {
    const page = editor.page;
    // The study: a sentence in v1, another added before v2.
    await page.goto(`/documents/${textDoc.id}`);
    await page.getByText("1. Resumen ejecutivo").first().waitFor({ timeout: 20_000 });
    await waitSaved(page);
    await typeAtEnd(page, "El parque conecta los barrios del oriente.");
    await waitSaved(page);
    study.v1 = await freeze(page, textDoc.id, "Primer borrador");
    await typeAtEnd(page, "Se agrega una ciclovía confinada.");
    await waitSaved(page);
    study.v2 = await freeze(page, textDoc.id, "Para revisión");

    // The canvas: a rectangle in v1, dragged 160 px to the right before v2.
    await page.goto(`/documents/${canvasDoc.id}`);
    await page.locator(".tl-canvas").waitFor({ timeout: 30_000 });
    const before = await shapeIds(page);
    await drawRectangle(page);
    await expect.poll(async () => (await shapeIds(page)).length).toBe(before.length + 1);
    const shapeId = (await shapeIds(page)).find((id) => !before.includes(id))!;
    await waitSaved(page);
    canvas.v1 = await freeze(page, canvasDoc.id, "Croquis inicial");
    const box = await shapeBox(page, shapeId);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 160, box.y + box.height / 2 + 40, { steps: 10 });
    await page.mouse.up();
    await expect.poll(async () => (await shapeBox(page, shapeId)).x - box.x).toBeGreaterThan(100);
    await waitSaved(page);
    canvas.v2 = await freeze(page, canvasDoc.id, "Croquis ajustado");

    // The study's diff: the added sentence, word by word.
    await page.goto(`/documents/${textDoc.id}/versions/${study.v2}/diff?against=${study.v1}`);
    await page.locator("ins", { hasText: "ciclovía" }).first().waitFor({ timeout: 20_000 });
    const inserted = (await page.locator(".version-diff ins").allTextContents()).join(" ");
    expect(inserted).toContain("Se agrega una ciclovía confinada.");
    expect(inserted).not.toContain("barrios del oriente");
    await screenshot(page, "reviews-diff-study");

    // The canvas's diff: one shape moved.
    await page.goto(`/documents/${canvasDoc.id}/versions/${canvas.v2}/diff?against=${canvas.v1}`);
    await page.getByText("Movidas: 1").first().waitFor({ timeout: 30_000 });
    await page.getByText("Añadidas: 0").first().waitFor();
    await screenshot(page, "reviews-diff-canvas");
  }, 180_000);

  it("submits the study's v2 to a reviewer and an agency under «Todos deciden» through «Enviar a revisión»", async () => {
    const page = editor.page;
    await page.goto(`/documents/${textDoc.id}/versions/${study.v2}`);
    await page.getByRole("button", { name: "Enviar a revisión" }).click();
    const dialog = page.getByRole("dialog", { name: "Enviar v2 · Para revisión a revisión" });
    await dialog.waitFor();
    await dialog.getByRole("checkbox", { name: /Ricardo Leal Domínguez/ }).check();
    await dialog.getByRole("checkbox", { name: /^OP — Dirección de Obra Pública/ }).check();
    await dialog.getByRole("radio", { name: /^Todos deciden/ }).check();
    // A due date in the past is refused before anything is sent.
    await dialog.getByLabel("Fecha", { exact: true }).fill("2020-01-01");
    await dialog.getByLabel("Hora", { exact: true }).fill("09:00");
    await dialog.getByRole("button", { name: "Enviar a revisión" }).click();
    await dialog.getByText("La fecha límite debe ser posterior a este momento.").waitFor();
    const nextYear = new Date().getFullYear() + 1;
    await dialog.getByLabel("Fecha", { exact: true }).fill(`${nextYear}-03-15`);
    await dialog.getByLabel("Hora", { exact: true }).fill("17:30");
    await dialog.getByText(/^Vence el 15 mar/).waitFor();
    expect(await dialog.getByText("La fecha límite debe ser posterior a este momento.").count()).toBe(0);
    await shootStates(page, "reviews-submit-dialog", () => page.evaluate("document.activeElement?.blur(); document.querySelector('.review-submit-dialog').scrollTop = 0"));
    await dialog.getByRole("button", { name: "Enviar a revisión" }).click();

    await page.waitForURL(new RegExp(`/projects/${project.id}/reviews/[0-9a-f-]+$`));
    reviewId = page.url().split("/").at(-1)!;
    await page.getByRole("heading", { level: 1, name: "Revisión de v2 · Para revisión" }).waitFor();
    expect(await statusBadge(page).textContent()).toBe("En revisión");
    const round = (await editorApi.get(`/api/reviews/${reviewId}`)).body;
    expect(round.rule).toBe("all");
    expect(round.participants.map((p: { person?: { name: string }; org?: { shortName: string } }) => p.person?.name ?? p.org?.shortName).sort()).toEqual([
      "OP",
      "Ricardo Leal Domínguez",
    ]);
    // The editor answers for nobody: no decision form.
    expect(await page.getByRole("radio", { name: /^Favorable/ }).count()).toBe(0);
  }, 120_000);

  it("marks the project «pendiente» in the reviewer's portfolio, and «Pendiente para mí» shows only it", async () => {
    const page = reviewer.page;
    await page.goto("/");
    const row = page.getByRole("row").filter({ hasText: project.name });
    await row.getByText("1 revisión pendiente").waitFor();
    await page.getByRole("checkbox", { name: /Pendiente para mí/ }).check();
    await expect.poll(() => page.getByRole("row").count()).toBe(2);
    await row.waitFor();
    expect(new URL(page.url()).searchParams.get("pending")).toBe("1");
    await shootStates(page, "reviews-portfolio-pending");
    await page.getByRole("button", { name: /Tablero|Board/ }).click();
    await page.locator(".board-card").filter({ hasText: project.name }).getByText("1 revisión pendiente").waitFor();
    await screenshot(page, "reviews-portfolio-board");
  }, 120_000);

  it("shows the round but no decision form to a commenter of an agency that does not take part", async () => {
    const page = outsider.page;
    await page.goto(`/projects/${project.id}/reviews/${reviewId}`);
    await page.getByRole("heading", { level: 1, name: "Revisión de v2 · Para revisión" }).waitFor();
    await page.getByRole("heading", { name: "Participantes" }).waitFor();
    expect(await page.getByRole("radio").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Enviar decisión" }).count()).toBe(0);
    expect(await page.getByText("Pendiente para ti").count()).toBe(0);
  });

  it("closes «Aprobada con observaciones» live on the editor's page when the agency and the reviewer decide", async () => {
    const path = `/projects/${project.id}/reviews/${reviewId}`;
    await editor.page.goto(path);
    await statusBadge(editor.page).waitFor();
    // A mark on the editor's page: it must survive until the result shows (no reload).
    await editor.page.evaluate("window.reviewMark = 'same page'");

    // Jorge answers for OP (its dictamen), from the «Revisiones» tab.
    await agency.page.goto(`/projects/${project.id}?tab=reviews`);
    const item = agency.page.getByRole("listitem").filter({ hasText: "v2 · Para revisión" });
    await item.getByText("Pendiente para ti").waitFor();
    await shootStates(agency.page, "reviews-tab-agency");
    await item.getByRole("link", { name: /Ver la revisión de v2/ }).click();
    await agency.page.getByRole("heading", { level: 1, name: "Revisión de v2 · Para revisión" }).waitFor();
    const form = agency.page.getByRole("region", { name: "Tu decisión" });
    await form.getByRole("radio", { name: /^Favorable con observaciones/ }).check();
    // The reason is required for anything but «favorable», and the form says so before sending.
    await form.getByText("Obligatorio salvo para una decisión favorable.").waitFor();
    await form.getByRole("button", { name: "Enviar decisión" }).click();
    await form.getByText("Escribe el motivo de tu decisión.").waitFor();
    await form.getByLabel(/^Motivo/).fill("El cruce con la avenida necesita semáforo peatonal.");
    await form.getByLabel(/^Condiciones/).fill("Proyecto de señalamiento aprobado por Movilidad.");
    await shootStates(agency.page, "reviews-round-agency-form", () => agency.page.locator(".review-form").evaluate("(element) => element.scrollIntoView({ block: 'start' })"));
    await form.getByRole("button", { name: "Enviar decisión" }).click();
    await agency.page.getByText("Dictamen de OP, firmado por Jorge Ibarra Quintero").waitFor();

    // The editor's page follows (1 of 2), still open.
    await editor.page.getByText("Dictamen de OP, firmado por Jorge Ibarra Quintero").waitFor();
    await editor.page.getByText("1 de 2 decidieron").waitFor();
    expect(await statusBadge(editor.page).textContent()).toBe("En revisión");

    // The reviewer answers «favorable» (no reason needed), from the inbox's link.
    await reviewer.page.goto("/inbox");
    const notice = reviewer.page.getByRole("listitem").filter({ hasText: "Andrés Soto Villanueva (IMPLAN) pidió tu revisión de v2 · Para revisión" });
    await notice.waitFor();
    await shootStates(reviewer.page, "reviews-inbox-reviewer");
    await notice.getByRole("link", { name: /Ver la revisión de v2/ }).click();
    await reviewer.page.waitForURL(`**${path}`);
    const mine = reviewer.page.getByRole("region", { name: "Tu decisión" });
    await mine.waitFor();
    await shootStates(reviewer.page, "reviews-round-reviewer", () => reviewer.page.evaluate("window.scrollTo(0, 0)"));
    await mine.getByRole("radio", { name: /^Favorable\b(?! con)/ }).check();
    await mine.getByText("Opcional para una decisión favorable.").waitFor();
    await mine.getByRole("button", { name: "Enviar decisión" }).click();

    // Under «Todos deciden» the most severe decision gives the result, live on the editor's page.
    await expect.poll(() => statusBadge(editor.page).textContent(), { timeout: 20_000 }).toBe("Aprobada con observaciones");
    expect(await editor.page.evaluate("window.reviewMark")).toBe("same page");
    await editor.page.getByText("Se cerró al cumplirse la regla").first().waitFor();
    const round = (await editorApi.get(`/api/reviews/${reviewId}`)).body;
    expect([round.status, round.result, round.closeReason]).toEqual(["closed", "approved_with_observations", "rule_met"]);
    // Closed: nobody is offered a decision any more.
    await reviewer.page.getByTestId("review-status").filter({ hasText: "Aprobada con observaciones" }).waitFor();
    expect(await reviewer.page.getByRole("button", { name: "Enviar decisión" }).count()).toBe(0);
    await shootStates(editor.page, "reviews-round-editor-closed");
    await expectAccessible(editor.page, "round page (closed)");
  }, 240_000);
});
