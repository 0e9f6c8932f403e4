import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import { signedIn, type ApiClient } from "./api-client";

/**
 * Headless Chromium from Debian's package, driven by playwright-core (never a downloaded
 * browser). Each context is a separate person with their own cookies and IndexedDB.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = fileURLToPath(new URL("../../.screenshots/", import.meta.url));

/** Browser tests run where Chromium is installed; in CI its absence is a failure, not a skip. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run installs it with apt-get`);
  console.warn(`[e2e] ${CHROMIUM} not found: browser tests skipped (apt-get install chromium)`);
  return false;
}

export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  // playwright gives every launch a fresh, empty profile directory of its own (it refuses an
  // explicit --user-data-dir here), so no state leaks between runs.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/**
 * Options for a person's browser context. bypassCSP lets the test inject axe-core into pages
 * whose Content-Security-Policy (rightly) forbids inline scripts; the app's own code never needs it.
 */
export function contextOptions(baseUrl: string) {
  return { baseURL: baseUrl, locale: "es-MX", viewport: { width: 1360, height: 900 }, bypassCSP: true };
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Every request the page made to a host other than the app's. */
  foreignRequests: string[];
}

/** Opens a browser context for one person and signs them in through the login form. */
export async function signIn(browser: Browser, baseUrl: string, email: string, password: string): Promise<Person> {
  const context = await browser.newContext(contextOptions(baseUrl));
  const page = await context.newPage();
  const foreignRequests: string[] = [];
  const own = new URL(baseUrl).host;
  page.on("request", (request) => {
    const url = new URL(request.url());
    if ((url.protocol === "http:" || url.protocol === "https:" || url.protocol.startsWith("ws")) && url.host !== own) {
      foreignRequests.push(request.url());
    }
  });
  await page.goto("/login");
  await logIn(page, email, password);
  return { context, page, foreignRequests };
}

/** Fills in and sends the login form the page shows, and waits until it leaves the login. */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel(/correo/i).fill(email);
  await page.getByLabel(/contraseña/i).fill(password);
  await page.getByRole("button", { name: /iniciar sesión|entrar/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** People of the demo portfolio (a server started with TALLER_DEMO=1) and their shared password. */
export const DEMO = {
  password: "demo-taller-2026",
  owner: "lucia.mendez@demo.taller.local",
  editor: "andres.soto@demo.taller.local",
  commenter: "jorge.ibarra@demo.taller.local",
} as const;

export type DocumentRef = { id: string; collabName: string };

/** The demo project the browser tests work in (the one in prefeasibility), its study text and canvas, and the owner's API client. */
export async function demoWorkspace(baseUrl: string): Promise<{ ownerApi: ApiClient; project: { id: string; name: string }; textDoc: DocumentRef; canvasDoc: DocumentRef }> {
  const ownerApi = await signedIn(baseUrl, DEMO.owner, DEMO.password);
  const projects = (await ownerApi.get("/api/projects")).body.projects as { id: string; name: string; stage: string }[];
  const project = projects.find((p) => p.stage === "prefeasibility") ?? projects[0]!;
  const documents = (await ownerApi.get(`/api/projects/${project.id}/documents`)).body.documents as (DocumentRef & { kind: string })[];
  return { ownerApi, project, textDoc: documents.find((d) => d.kind === "text")!, canvasDoc: documents.find((d) => d.kind === "canvas")! };
}

/** Draws a rectangle with tldraw's tool across the middle of the page's canvas (focus the surface, "r", drag). */
export async function drawRectangle(page: Page): Promise<void> {
  const canvas = (await page.locator(".tl-canvas").boundingBox())!;
  // The centre of the drawing surface is free of tldraw's menus.
  const x = canvas.x + canvas.width / 2;
  const y = canvas.y + canvas.height / 2;
  await page.mouse.click(x, y);
  await page.keyboard.press("r");
  await page.mouse.move(x - 80, y - 60);
  await page.mouse.down();
  await page.mouse.move(x + 80, y + 60, { steps: 8 });
  await page.mouse.up();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page; returns serious and critical violations. */
async function seriousAxeViolations(page: Page, exclude: string[] = []): Promise<AxeViolation[]> {
  return (await axeViolations(page, exclude)).filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page; returns every violation, whatever its impact. */
async function axeViolations(page: Page, exclude: string[] = []): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async (excluded) => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(
      { exclude: excluded.map((selector) => [selector]) },
      { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } },
    );
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  }, exclude);
  return violations;
}

/** Fails with the list of serious and critical axe violations on the page, if there are any. */
export async function expectAccessible(page: Page, screen: string, exclude: string[] = []): Promise<void> {
  const violations = await seriousAxeViolations(page, exclude);
  expect(violations, `${screen}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** Fails with the list of axe violations on the page of any impact (minor and moderate included), if there are any. */
export async function expectNoAxeViolations(page: Page, screen: string, exclude: string[] = []): Promise<void> {
  const violations = await axeViolations(page, exclude);
  expect(violations, `${screen}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** Saves a screenshot under .screenshots/ (ignored by git) for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Whether the page scrolls sideways (it must not, at any width). */
export const pageOverflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/**
 * Screenshots (`<name>-<language>-<width>.png`) of the current state at desktop and phone size, in Spanish and English; axe in both
 * languages. `show` runs before each shot (after the resize), to bring what the shot is for into view. `strict`: at every size
 * the page must not scroll sideways and axe must find no violation of any impact (otherwise serious and critical ones, at 1440).
 */
export async function shootStates(page: Page, name: string, show?: () => Promise<void>, { strict = false }: { strict?: boolean } = {}) {
  for (const language of ["es-MX", "en"] as const) {
    // A dispatched click: a modal dialog makes the header inert to the pointer.
    await page.locator(`.language-switch button[lang="${language}"]`).dispatchEvent("click");
    await expect.poll(() => page.evaluate("document.documentElement.lang")).toBe(language);
    for (const [width, height] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await show?.();
      await screenshot(page, `${name}-${language}-${width}`);
      if (strict) {
        expect(await pageOverflows(page), `${name} ${language} ${width}: the page scrolls sideways`).toBe(false);
        await expectNoAxeViolations(page, `${name} (${language}, ${width})`);
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    if (!strict) await expectAccessible(page, `${name} (${language})`);
  }
  await page.locator('.language-switch button[lang="es-MX"]').dispatchEvent("click");
  await expect.poll(() => page.evaluate("document.documentElement.lang")).toBe("es-MX");
  await page.setViewportSize({ width: 1360, height: 900 });
}
