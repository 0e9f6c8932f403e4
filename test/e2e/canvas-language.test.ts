import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { CollabTestServer } from "../support/realtime";
import { DEMO, browserAvailable, demoWorkspace, launchBrowser, screenshot, signIn, type DocumentRef, type Person } from "../support/browser";

/**
 * tldraw's own strings follow the UI language (issue 15, item 7): es-MX shows tldraw's Spanish
 * translation ("es", served from our server with the other tldraw assets), English shows English,
 * and switching the language switches the canvas without a reload.
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let canvasDoc: DocumentRef;
let owner: Person;

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  ({ canvasDoc } = await demoWorkspace(server.url));
  ({ browser, close: closeBrowser } = await launchBrowser());
  owner = await signIn(browser, server.url, DEMO.owner, DEMO.password);
  owner.page.setDefaultTimeout(20_000);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

/** The accessible name and tooltip of tldraw's select tool and of its main menu button. */
async function tldrawLabels(page: Page): Promise<string> {
  const select = page.locator('[data-testid="tools.select"]');
  await select.waitFor();
  const menu = page.locator('[data-testid="main-menu.button"]');
  const parts = [await select.getAttribute("aria-label"), await select.getAttribute("title"), await menu.getAttribute("aria-label"), await menu.getAttribute("title")];
  return parts.filter(Boolean).join(" | ");
}

async function switchLanguage(page: Page, language: "es-MX" | "en"): Promise<void> {
  await page.locator(`.language-switch button[lang="${language}"]`).click();
  await expect.poll(() => page.evaluate("document.documentElement.lang")).toBe(language);
}

describe.skipIf(!enabled)("tldraw in the UI language", { timeout: 90_000 }, () => {
  it("shows tldraw's Spanish strings in es-MX and its English ones in en", async () => {
    const page = owner.page;
    await page.goto(`/documents/${canvasDoc.id}`);
    await expect.poll(() => tldrawLabels(page)).toMatch(/Seleccionar/);
    expect(await tldrawLabels(page)).toMatch(/Menú/);
    await screenshot(page, "voice-canvas-es-MX-1360");

    await switchLanguage(page, "en");
    await expect.poll(() => tldrawLabels(page)).toMatch(/Select/);
    expect(await tldrawLabels(page)).not.toMatch(/Seleccionar/);

    // After a reload in English, still English.
    await page.reload();
    await expect.poll(() => tldrawLabels(page)).toMatch(/Select/);
    await screenshot(page, "voice-canvas-en-1360");
    await switchLanguage(page, "es-MX");
    await expect.poll(() => tldrawLabels(page)).toMatch(/Seleccionar/);
  });
});
