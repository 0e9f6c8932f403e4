import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { signedIn, type ApiClient } from "../support/api-client";
import { CollabTestServer } from "../support/realtime";
import { DEMO, browserAvailable, demoWorkspace, drawRectangle, launchBrowser, shootStates, signIn, type DocumentRef, type Person } from "../support/browser";

/**
 * Versions in a real browser against a real server (demo portfolio): the editor (Andrés) freezes
 * v1 of the study, edits, freezes v2; the panel lists both; v1's page shows the old text
 * read-only with its hash; «Restaurar» makes the live text v1's for the editor and, live, for a
 * viewer (Elena) in another browser context; Ctrl+Z by the editor brings v2's text back; the
 * «control de versiones» blocks (the template's and one inserted) list v1 and v2. A canvas version opens read-only. Screenshots
 * of the panel and the version page for the editor and the viewer (no «Congelar»/«Restaurar»).
 */
const enabled = browserAvailable();
const VIEWER = "elena.campos@demo.taller.local";
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let textDoc: DocumentRef;
let canvasDoc: DocumentRef;
let editor: Person;
let viewer: Person;
let editorApi: ApiClient;

const FIRST = "Texto de la primera entrega del mercado.";
const SECOND = " Cambio para la segunda entrega.";

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  ({ textDoc, canvasDoc } = await demoWorkspace(server.url));
  editorApi = await signedIn(server.url, DEMO.editor, DEMO.password);
  ({ browser, close: closeBrowser } = await launchBrowser());
  editor = await signIn(browser, server.url, DEMO.editor, DEMO.password);
  viewer = await signIn(browser, server.url, VIEWER, DEMO.password);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

const prose = (page: Page) => page.locator(".study-page .ProseMirror").first();
const versionsPanel = (page: Page) => page.getByRole("complementary", { name: /^(Versiones|Versions)\b/ });
const saveStatus = (page: Page) => page.locator("[data-save-status]").first().getAttribute("data-save-status");

/** The study's text without other people's caret labels (runs in the page). */
const studyText = (page: Page): Promise<string> =>
  page.evaluate(`(() => {
    const copy = document.querySelector(".study-page .ProseMirror").cloneNode(true);
    for (const caret of copy.querySelectorAll(".collaboration-carets__caret, .version-control")) caret.remove();
    return copy.textContent ?? "";
  })()`);

async function openStudy(person: Person) {
  await person.page.goto(`/documents/${textDoc.id}`);
  await prose(person.page).waitFor();
  await person.page.getByText("1. Resumen ejecutivo").first().waitFor();
}

async function openVersions(page: Page) {
  if (!(await versionsPanel(page).isVisible())) await page.locator(".versions-toggle").click();
  await versionsPanel(page).waitFor();
}

/** Freezes a version from the panel, after the edits are saved; answers the number the panel reports. */
async function freeze(page: Page, name: string, note = "") {
  await expect.poll(() => saveStatus(page), { timeout: 20_000 }).toBe("saved");
  await openVersions(page);
  await versionsPanel(page).getByRole("button", { name: /Congelar versión|Freeze version/ }).click();
  await versionsPanel(page).getByLabel(/^Nombre|^Name/).fill(name);
  if (note) await versionsPanel(page).getByLabel(/^Nota|^Note/).fill(note);
  await versionsPanel(page).getByRole("button", { name: /^(Congelar|Freeze)$/ }).click();
  await versionsPanel(page).locator(".versions-done").filter({ hasText: /congelada|frozen/ }).waitFor();
}

describe.skipIf(!enabled)("versions in the web app", () => {
  it("freezes v1 and v2 of a study, opens v1 read-only, restores it live for everyone, undoes it with Ctrl+Z, and lists both in the «control de versiones»", async () => {
    await openStudy(editor);
    await prose(editor.page).locator("p").first().click();
    await editor.page.keyboard.type(FIRST);
    await freeze(editor.page, "Primera entrega", "Para la sesión de cabildo.");
    await prose(editor.page).getByText(FIRST).click();
    await editor.page.keyboard.press("End");
    await editor.page.keyboard.type(SECOND);
    await freeze(editor.page, "Segunda entrega");

    const items = versionsPanel(editor.page).locator(".versions-item");
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.first().textContent()).toContain("v2 Segunda entrega");
    expect(await items.nth(1).textContent()).toContain("Para la sesión de cabildo.");
    await shootStates(editor.page, "versions-panel-editor", () => openVersions(editor.page));

    // The viewer sees the list but no «Congelar versión».
    await openStudy(viewer);
    await openVersions(viewer.page);
    await expect.poll(() => versionsPanel(viewer.page).locator(".versions-item").count()).toBe(2);
    expect(await versionsPanel(viewer.page).getByRole("button", { name: /Congelar/ }).count()).toBe(0);
    await shootStates(viewer.page, "versions-panel-viewer", () => openVersions(viewer.page));

    // v1's page: the old text, read-only, and its hash.
    const { versions } = (await editorApi.get(`/api/documents/${textDoc.id}/versions`)).body as { versions: { id: string; number: number; sha256: string }[] };
    const v1 = versions.find((v) => v.number === 1)!;
    // (Widening the window opens the comments column, which takes the versions panel's place.)
    await openVersions(editor.page);
    await versionsPanel(editor.page).getByRole("link", { name: /v1 · Primera entrega/ }).click();
    await editor.page.getByRole("heading", { level: 1, name: "v1 · Primera entrega" }).waitFor();
    const oldText = editor.page.locator(".version-study .ProseMirror");
    await oldText.getByText(FIRST).waitFor();
    expect(await oldText.textContent()).not.toContain(SECOND.trim());
    expect(await oldText.getAttribute("contenteditable")).toBe("false");
    expect(await editor.page.getByTestId("version-sha256").textContent()).toBe(v1.sha256);
    await shootStates(editor.page, "version-page-editor");

    // The viewer's version page has no «Restaurar».
    await viewer.page.goto(new URL(editor.page.url()).pathname);
    await viewer.page.getByRole("heading", { level: 1, name: "v1 · Primera entrega" }).waitFor();
    expect(await viewer.page.getByRole("button", { name: /Restaurar/ }).count()).toBe(0);
    await shootStates(viewer.page, "version-page-viewer");

    // The viewer keeps the live document open; the editor restores v1.
    await openStudy(viewer);
    await prose(viewer.page).getByText(SECOND.trim(), { exact: false }).waitFor();
    await editor.page.getByRole("button", { name: "Restaurar v1" }).click();
    const dialog = editor.page.getByRole("dialog", { name: /Restaurar v1/ });
    await dialog.waitFor();
    await shootStates(editor.page, "version-restore-confirm");
    await dialog.getByRole("button", { name: "Restaurar" }).click();
    await editor.page.getByText("Versión v1 restaurada. Deshacer: Ctrl+Z").waitFor({ timeout: 30_000 });
    expect(await studyText(editor.page)).toContain(FIRST);
    expect(await studyText(editor.page)).not.toContain(SECOND.trim());
    await expect.poll(() => studyText(viewer.page), { timeout: 15_000 }).not.toContain(SECOND.trim());
    expect(await studyText(viewer.page)).toContain(FIRST);
    // The server found nothing left to change: the restore was the editor's own edit.
    const audit = (await editorApi.get(`/api/versions/${v1.id}`)).body as { sha256: string };
    expect(audit.sha256).toBe(v1.sha256);

    // Ctrl+Z by the editor brings v2's text back, for everyone.
    await prose(editor.page).focus();
    await editor.page.keyboard.press("Control+z");
    await expect.poll(() => studyText(editor.page), { timeout: 10_000 }).toContain(SECOND.trim());
    await expect.poll(() => studyText(viewer.page), { timeout: 15_000 }).toContain(SECOND.trim());

    // The «control de versiones»: the template's block (end of section 0) and one inserted from the
    // toolbar further down both list v1 and v2 from the database.
    const blocks = editor.page.locator(".study-page .version-control");
    expect(await blocks.count()).toBe(1);
    await expect.poll(() => blocks.first().locator("tbody tr[data-version-number]").count()).toBe(2);
    await prose(editor.page).getByText(FIRST, { exact: false }).click();
    await editor.page.keyboard.press("End");
    await editor.page.getByRole("button", { name: "Insertar control de versiones" }).click();
    await expect.poll(() => blocks.count()).toBe(2);
    const table = blocks.last();
    await expect.poll(() => table.locator("tbody tr[data-version-number]").count()).toBe(2);
    expect(await table.locator("tbody tr").first().textContent()).toContain("Primera entrega");
    await expect.poll(() => viewer.page.locator(".study-page .version-control").last().locator("tbody tr[data-version-number]").count(), { timeout: 15_000 }).toBe(2);
    await table.scrollIntoViewIfNeeded();
    await shootStates(editor.page, "version-control-block", () => table.scrollIntoViewIfNeeded());
  }, 240_000);

  it("freezes a canvas version, opens it read-only, restores it as the editor's edit and undoes that with Ctrl+Z", async () => {
    await editor.page.goto(`/documents/${canvasDoc.id}`);
    await editor.page.locator(".tl-canvas").waitFor();
    await drawRectangle(editor.page);
    await freeze(editor.page, "Croquis inicial");
    await versionsPanel(editor.page).getByRole("link", { name: /Croquis inicial/ }).click();
    await editor.page.getByRole("heading", { level: 1, name: /Croquis inicial/ }).waitFor();
    const canvas = editor.page.locator(".version-canvas");
    await canvas.locator(".tl-shape").first().waitFor({ timeout: 20_000 });
    // Read-only: tldraw's editing tools are not offered.
    expect(await canvas.locator('[data-testid="tools.rectangle"]').count()).toBe(0);
    await shootStates(editor.page, "version-page-canvas");
    const versionUrl = new URL(editor.page.url()).pathname;

    // Restore it after drawing a second shape: back to one shape, as the editor's own edit; Ctrl+Z brings the second back.
    await editor.page.goto(`/documents/${canvasDoc.id}`);
    const live = editor.page.locator(".canvas-surface .tl-shape");
    await live.first().waitFor();
    const before = await live.count();
    await drawRectangle(editor.page);
    await expect.poll(() => live.count()).toBe(before + 1);
    await expect.poll(() => saveStatus(editor.page), { timeout: 20_000 }).toBe("saved");
    await editor.page.goto(versionUrl);
    await editor.page.getByRole("heading", { level: 1, name: /Croquis inicial/ }).waitFor();
    await editor.page.getByRole("button", { name: /^Restaurar v/ }).click();
    await editor.page.getByRole("dialog").getByRole("button", { name: "Restaurar" }).click();
    await editor.page.getByText(/Versión v\d+ restaurada\. Deshacer: Ctrl\+Z/).waitFor({ timeout: 30_000 });
    await expect.poll(() => live.count()).toBe(before);
    await editor.page.locator(".tl-canvas").click({ position: { x: 10, y: 200 } });
    await editor.page.keyboard.press("Control+z");
    await expect.poll(() => live.count(), { timeout: 10_000 }).toBe(before + 1);
  }, 180_000);
});
