import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Download, Locator, Page } from "playwright-core";
import { signedIn, type ApiClient } from "../support/api-client";
import { CollabTestServer } from "../support/realtime";
import { DEMO, browserAvailable, demoWorkspace, expectAccessible, launchBrowser, screenshot, shootStates, signIn, type DocumentRef, type Person } from "../support/browser";

/**
 * Exports in a real browser against a real server (demo portfolio). The «Exportar» menu works
 * from the keyboard alone; the study's PDF and DOCX (live and of a version) download as real
 * files; a canvas with two text shapes exports an SVG holding both texts and a PNG with a PNG's
 * signature, made by tldraw in the page, with no request leaving the app's origin (fonts come from
 * our server); an empty canvas offers neither, and says why; a version of the canvas exports with
 * the version in the file name; a review round's decisions download as CSV and JSON; the overview
 * links the dossier. Screenshots for an editor and an agency's commenter, on desktop and phone,
 * in Spanish and English; on a phone the open menu stays inside the window.
 */
const enabled = browserAvailable();
const REVIEWER = "ricardo.leal@demo.taller.local";

let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let project: { id: string; name: string };
let textDoc: DocumentRef;
let ownerApi: ApiClient;
let editorApi: ApiClient;
let editor: Person;
let reader: Person;

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  ({ ownerApi, project, textDoc } = await demoWorkspace(server.url));
  editorApi = await signedIn(server.url, DEMO.editor, DEMO.password);
  ({ browser, close: closeBrowser } = await launchBrowser());
  [editor, reader] = await Promise.all([signIn(browser, server.url, DEMO.editor, DEMO.password), signIn(browser, server.url, DEMO.commenter, DEMO.password)]);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

const exportButton = (page: Page) => page.getByRole("button", { name: /^(Exportar|Export) / });
const menu = (page: Page) => page.getByRole("menu");
const item = (page: Page, name: string | RegExp) => menu(page).getByRole("menuitem", { name });
/** The accessible name of the focused element (runs in the page). */
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? "");
const focusedRole = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute("role") ?? document.activeElement?.tagName ?? "");

/** Presses a key (or clicks) on a menu entry and answers the download it starts, with its bytes. */
async function downloadFrom(page: Page, act: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), act()]);
  const path = await download.path();
  expect(await download.failure()).toBeNull();
  return { download, bytes: readFileSync(path) };
}

/** The open menu at this window size: entirely inside the window. */
async function expectMenuInsideWindow(page: Page) {
  const box = (await menu(page).boundingBox())!;
  const width = page.viewportSize()!.width;
  expect(box.x, "menu's left edge").toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, "menu's right edge").toBeLessThanOrEqual(width);
}

async function openMenuByKeyboard(page: Page) {
  await exportButton(page).first().focus();
  await page.keyboard.press("Enter");
  await menu(page).waitFor();
}

/** For screenshots: the menu opened afresh from the keyboard at this size, in view and inside the window. */
async function showMenu(page: Page) {
  const button = exportButton(page).first();
  await button.focus();
  if (await menu(page).isVisible()) await page.keyboard.press("Escape");
  await menu(page).waitFor({ state: "hidden" });
  await button.scrollIntoViewIfNeeded();
  await page.keyboard.press("Enter");
  await menu(page).waitFor();
  await menu(page).scrollIntoViewIfNeeded();
  await expectMenuInsideWindow(page);
}

async function closeMenu(page: Page) {
  await exportButton(page).first().focus();
  if (await menu(page).isVisible()) await page.keyboard.press("Escape");
  await menu(page).waitFor({ state: "hidden" });
}

/**
 * shootStates for canvas pages: the same shots, with axe run on everything but tldraw's own
 * style panel (its opacity slider has no name, a tldraw issue this app does not draw).
 */
async function shootCanvasStates(page: Page, name: string, show: () => Promise<void>) {
  for (const language of ["es-MX", "en"] as const) {
    await page.locator(`.language-switch button[lang="${language}"]`).dispatchEvent("click");
    await expect.poll(() => page.evaluate("document.documentElement.lang")).toBe(language);
    for (const [width, height] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await show();
      await screenshot(page, `${name}-${language}-${width}`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await expectAccessible(page, `${name} (${language})`, [".tlui-style-panel__wrapper"]);
  }
  await page.locator('.language-switch button[lang="es-MX"]').dispatchEvent("click");
  await page.setViewportSize({ width: 1360, height: 900 });
}

const PDF = Buffer.from("%PDF");
const ZIP = Buffer.from("PK\u0003\u0004", "latin1");
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A text shape written with tldraw's text tool at an offset from the canvas's centre. */
async function writeOnCanvas(page: Page, dx: number, dy: number, text: string) {
  const canvas = (await page.locator(".tl-canvas").boundingBox())!;
  const x = canvas.x + canvas.width / 2 + dx;
  const y = canvas.y + canvas.height / 2 + dy;
  // The toolbar's button rather than the «t» shortcut, and typing only once the text field has
  // focus: keys that reach the canvas first would be taken as tool shortcuts.
  await page.locator('[data-testid="tools.text"]').click();
  await page.mouse.click(x, y);
  await page.waitForFunction(() => Boolean(document.activeElement?.closest(".tl-text-input")));
  await page.keyboard.type(text);
  await page.keyboard.press("Escape");
  await page.locator(".tl-shape", { hasText: text }).first().waitFor();
}

const saveStatus = (page: Page) => page.locator("[data-save-status]").first().getAttribute("data-save-status");

describe.skipIf(!enabled)("exports in the web app", () => {
  it("opens «Exportar» from the keyboard on the study and downloads its PDF and DOCX, live and of a version", async () => {
    const page = editor.page;
    await page.goto(`/documents/${textDoc.id}`);
    await page.getByText("1. Resumen ejecutivo").first().waitFor({ timeout: 30_000 });

    // APG menu button: Enter opens on the first format; arrows, End and Home move; Escape closes back to the button.
    await openMenuByKeyboard(page);
    expect(await exportButton(page).getAttribute("aria-expanded")).toBe("true");
    expect(await focusedRole(page)).toBe("menuitem");
    expect(await focusedText(page)).toContain("PDF");
    await page.keyboard.press("ArrowDown");
    expect(await focusedText(page)).toContain("Word (DOCX)");
    await page.keyboard.press("End");
    expect(await focusedText(page)).toContain("Markdown");
    await page.keyboard.press("ArrowDown");
    expect(await focusedText(page)).toContain("PDF");
    await page.keyboard.press("ArrowUp");
    expect(await focusedText(page)).toContain("Markdown");
    await page.keyboard.press("Escape");
    await menu(page).waitFor({ state: "hidden" });
    expect(await exportButton(page).getAttribute("aria-expanded")).toBe("false");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-haspopup"))).toBe("menu");
    // Space opens too; ↑ on the button opens on the last format.
    await page.keyboard.press("Space");
    await menu(page).waitFor();
    expect(await focusedText(page)).toContain("PDF");
    await page.keyboard.press("Escape");
    await page.keyboard.press("ArrowUp");
    await menu(page).waitFor();
    expect(await focusedText(page)).toContain("Markdown");
    await page.keyboard.press("Escape");

    // Every entry is a download link to the server's export of this document.
    await openMenuByKeyboard(page);
    for (const [name, format] of [
      ["PDF", "pdf"],
      ["Word (DOCX)", "docx"],
      ["HTML", "html"],
      ["Markdown", "md"],
    ] as const) {
      const link = item(page, new RegExp(`^${name.replace(/[()]/g, "\\$&")}`));
      expect(await link.getAttribute("href")).toBe(`/api/documents/${textDoc.id}/export?format=${format}`);
      expect(await link.getAttribute("download")).toBe("");
    }

    // PDF by the keyboard (Enter on the focused entry), DOCX by Space.
    const pdf = await downloadFrom(page, () => page.keyboard.press("Enter"));
    expect(pdf.bytes.subarray(0, 4).equals(PDF)).toBe(true);
    expect(pdf.download.suggestedFilename()).toMatch(/\.pdf$/);
    await menu(page).waitFor({ state: "hidden" });
    await openMenuByKeyboard(page);
    await page.keyboard.press("ArrowDown");
    const docx = await downloadFrom(page, () => page.keyboard.press("Space"));
    expect(docx.bytes.subarray(0, 4).equals(ZIP)).toBe(true);
    expect(docx.download.suggestedFilename()).toMatch(/\.docx$/);

    // A version of the study: the same formats of that version.
    const frozen = await editorApi.post(`/api/documents/${textDoc.id}/versions`, { name: "Entrega para exportar" });
    expect(frozen.status).toBe(201);
    const versionId = (frozen.body as { id: string }).id;
    await page.goto(`/documents/${textDoc.id}/versions/${versionId}`);
    await page.getByRole("heading", { level: 1, name: /Entrega para exportar/ }).waitFor();
    await openMenuByKeyboard(page);
    expect(await item(page, /^PDF/).getAttribute("href")).toBe(`/api/documents/${textDoc.id}/export?format=pdf&version=${versionId}`);
    const versionPdf = await downloadFrom(page, () => page.keyboard.press("Enter"));
    expect(versionPdf.bytes.subarray(0, 4).equals(PDF)).toBe(true);
    await shootStates(page, "exports-version-study-editor", () => showMenu(page));
    await closeMenu(page);

    // The agency's commenter reads the study and exports it too.
    await reader.page.goto(`/documents/${textDoc.id}`);
    await reader.page.getByText("1. Resumen ejecutivo").first().waitFor({ timeout: 30_000 });
    await openMenuByKeyboard(reader.page);
    const readerPdf = await downloadFrom(reader.page, () => reader.page.keyboard.press("Enter"));
    expect(readerPdf.bytes.subarray(0, 4).equals(PDF)).toBe(true);
    await shootStates(reader.page, "exports-study-reader", () => showMenu(reader.page));
    await closeMenu(reader.page);
    await page.goto(`/documents/${textDoc.id}`);
    await page.getByText("1. Resumen ejecutivo").first().waitFor({ timeout: 30_000 });
    await shootStates(page, "exports-study-editor", () => showMenu(page));
    await closeMenu(page);

    expect(editor.foreignRequests).toEqual([]);
    expect(reader.foreignRequests).toEqual([]);
  }, 240_000);

  it("exports a canvas with two shapes as SVG (both texts, fonts inlined) and PNG, made in the page without leaving the origin; an empty canvas says why it cannot", async () => {
    const page = editor.page;
    const created = await ownerApi.post(`/api/projects/${project.id}/documents`, { kind: "canvas", title: "Croquis: plaza / mercado" });
    expect(created.status).toBe(201);
    const canvasId = (created.body as { id: string }).id;
    const requests: string[] = [];
    const origin = new URL(server.url).origin;
    const onRequest = (request: { url(): string }) => requests.push(request.url());
    page.on("request", onRequest);

    await page.goto(`/documents/${canvasId}`);
    await page.locator(".tl-canvas").waitFor({ timeout: 30_000 });

    // Empty: both formats listed, unavailable, with the reason; choosing one does nothing.
    await openMenuByKeyboard(page);
    const svgEntry = item(page, /^SVG/);
    await expect.poll(() => svgEntry.getAttribute("aria-disabled")).toBe("true");
    expect(await svgEntry.textContent()).toContain("no tiene formas");
    expect(await item(page, /^PNG/).getAttribute("aria-disabled")).toBe("true");
    await page.keyboard.press("Enter");
    await menu(page).waitFor();
    await shootCanvasStates(page, "exports-canvas-empty", () => showMenu(page));
    await closeMenu(page);

    await writeOnCanvas(page, -160, -40, "Plaza central");
    await writeOnCanvas(page, 160, 60, "Mercado municipal");
    await expect.poll(() => saveStatus(page), { timeout: 20_000 }).toBe("saved");

    await openMenuByKeyboard(page);
    await expect.poll(() => svgEntry.getAttribute("aria-disabled")).toBeNull();
    const svg = await downloadFrom(page, () => page.keyboard.press("Enter"));
    expect(svg.download.suggestedFilename()).toBe("Croquis- plaza - mercado.svg");
    const svgText = svg.bytes.toString("utf8");
    expect(svgText.startsWith("<svg")).toBe(true);
    expect(svgText).toContain("Plaza central");
    expect(svgText).toContain("Mercado municipal");
    // tldraw inlined the canvas fonts as data (fetched from this server), so the file stands alone.
    expect(svgText).toMatch(/@font-face[^}]*url\(["']?data:/);
    // …and refers to nothing outside itself: no address but XML namespaces, no url() but data and its own #ids.
    expect((svgText.match(/https?:\/\/[^\s"')<>]+/g) ?? []).filter((url) => !url.startsWith("http://www.w3.org/"))).toEqual([]);
    expect((svgText.match(/url\(\s*["']?([^"')]*)/g) ?? []).filter((ref) => !/url\(\s*["']?(data:|#)/.test(ref))).toEqual([]);
    await page.getByRole("status").filter({ hasText: /SVG descargado/ }).waitFor();

    await openMenuByKeyboard(page);
    await page.keyboard.press("ArrowDown");
    const png = await downloadFrom(page, () => page.keyboard.press("Enter"));
    expect(png.download.suggestedFilename()).toBe("Croquis- plaza - mercado.png");
    expect(png.bytes.length).toBeGreaterThan(1000);
    expect(png.bytes.subarray(0, 8).equals(PNG)).toBe(true);
    // IHDR, the first chunk: a real image, wider and taller than nothing.
    expect(png.bytes.subarray(12, 16).toString("latin1")).toBe("IHDR");
    expect(png.bytes.readUInt32BE(16)).toBeGreaterThan(0);
    expect(png.bytes.readUInt32BE(20)).toBeGreaterThan(0);

    // A version of the canvas: exported from the read-only canvas, named after the version.
    const frozen = await editorApi.post(`/api/documents/${canvasId}/versions`, { name: "Propuesta" });
    expect(frozen.status).toBe(201);
    const version = frozen.body as { id: string; number: number };
    await page.goto(`/documents/${canvasId}/versions/${version.id}`);
    await page.locator(".version-canvas .tl-shape").first().waitFor({ timeout: 30_000 });
    await openMenuByKeyboard(page);
    await expect.poll(() => svgEntry.getAttribute("aria-disabled")).toBeNull();
    const versionSvg = await downloadFrom(page, () => page.keyboard.press("Enter"));
    expect(versionSvg.download.suggestedFilename()).toBe(`Croquis- plaza - mercado — v${version.number} Propuesta.svg`);
    expect(versionSvg.bytes.toString("utf8")).toContain("Mercado municipal");
    await shootCanvasStates(page, "exports-version-canvas-editor", () => showMenu(page));
    await closeMenu(page);

    page.off("request", onRequest);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith("blob:") && !url.startsWith("data:"))).toEqual([]);

    // The live canvas as the agency's commenter (read-only), on phone and desktop.
    await reader.page.goto(`/documents/${canvasId}`);
    await reader.page.locator(".tl-shape", { hasText: "Plaza central" }).first().waitFor({ timeout: 30_000 });
    await shootCanvasStates(reader.page, "exports-canvas-reader", () => showMenu(reader.page));
    await closeMenu(reader.page);
    expect(reader.foreignRequests).toEqual([]);
  }, 240_000);

  it("downloads a review round's decisions as CSV and JSON, and links the project's dossier on its overview", async () => {
    const page = editor.page;
    const frozen = await editorApi.post(`/api/documents/${textDoc.id}/versions`, { name: "Para dictamen" });
    expect(frozen.status).toBe(201);
    const people = (await editorApi.get(`/api/people?q=${encodeURIComponent("Ricardo")}`)).body.people as { id: string }[];
    const round = await editorApi.post(`/api/versions/${(frozen.body as { id: string }).id}/reviews`, { participants: [{ userId: people[0]!.id }], rule: "all" });
    expect(round.status).toBe(201);
    const reviewId = (round.body as { id: string }).id;
    const reviewerApi = await signedIn(server.url, REVIEWER, DEMO.password);
    expect((await reviewerApi.post(`/api/reviews/${reviewId}/decisions`, { decision: "favorable" })).status).toBe(201);

    await page.goto(`/projects/${project.id}/reviews/${reviewId}`);
    await page.getByTestId("review-status").waitFor();
    await openMenuByKeyboard(page);
    expect(await item(page, /^CSV/).getAttribute("href")).toBe(`/api/reviews/${reviewId}/export?format=csv`);
    expect(await item(page, /^JSON/).getAttribute("href")).toBe(`/api/reviews/${reviewId}/export?format=json`);
    const csv = await downloadFrom(page, () => page.keyboard.press("Enter"));
    expect(csv.bytes.toString("utf8")).toContain("Ricardo Leal");
    await openMenuByKeyboard(page);
    await page.keyboard.press("End");
    const json = await downloadFrom(page, () => page.keyboard.press("Enter"));
    expect(JSON.stringify(JSON.parse(json.bytes.toString("utf8")))).toContain("favorable");
    await shootStates(page, "exports-review-editor", () => showMenu(page));
    await closeMenu(page);
    await reader.page.goto(`/projects/${project.id}/reviews/${reviewId}`);
    await reader.page.getByTestId("review-status").waitFor();
    await shootStates(reader.page, "exports-review-reader", () => showMenu(reader.page));
    await closeMenu(reader.page);

    // The dossier, on the project's overview, for every member.
    for (const person of [editor, reader]) {
      await person.page.goto(`/projects/${project.id}`);
      const dossier = person.page.getByRole("link", { name: "Descargar expediente (ZIP)" });
      await dossier.waitFor();
      expect(await dossier.getAttribute("href")).toBe(`/api/projects/${project.id}/dossier.zip`);
      expect(await dossier.getAttribute("download")).toBe("");
    }
    const zip = await downloadFrom(reader.page, () => reader.page.getByRole("link", { name: "Descargar expediente (ZIP)" }).click());
    expect(zip.bytes.subarray(0, 4).equals(ZIP)).toBe(true);
    const dossierCard = (page: Page): Locator => page.locator(".dossier-card");
    await shootStates(reader.page, "exports-dossier-reader", () => dossierCard(reader.page).scrollIntoViewIfNeeded());
    expect(editor.foreignRequests).toEqual([]);
    expect(reader.foreignRequests).toEqual([]);
  }, 240_000);
});
