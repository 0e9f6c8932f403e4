import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/**
 * Headless Chromium from Debian's package, driven by playwright-core (never a downloaded
 * browser). Each context is a separate person with their own cookies and IndexedDB.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = fileURLToPath(new URL("../../.screenshots/", import.meta.url));

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
  await page.getByLabel(/correo/i).fill(email);
  await page.getByLabel(/contraseña/i).fill(password);
  await page.getByRole("button", { name: /iniciar sesión|entrar/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return { context, page, foreignRequests };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page; returns serious and critical violations. */
export async function seriousAxeViolations(page: Page, exclude: string[] = []): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async (excluded) => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(
      { exclude: excluded.map((selector) => [selector]) },
      { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } },
    );
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  }, exclude);
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Saves a screenshot under .screenshots/ (ignored by git) for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}
