import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { CollabTestServer } from "../support/realtime";
import { DEMO, browserAvailable, demoWorkspace, launchBrowser, shootStates, signIn, type Person } from "../support/browser";

/**
 * The web app's error boundary in a real browser against the demo server: a route whose code
 * chunk cannot arrive (opened while offline) or a screen that fails while rendering shows a page
 * with «Reintentar» inside <main>, the header stays, and the page comes back by itself when the
 * network returns (the chunk requested again, its stylesheet too).
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let project: { id: string; name: string };
let owner: Person;

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  ({ project } = await demoWorkspace(server.url));
  ({ browser, close: closeBrowser } = await launchBrowser());
  owner = await signIn(browser, server.url, DEMO.owner, DEMO.password);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

const banner = (page: Page) => page.getByRole("banner");

/** The header is there and usable: brand, main navigation, session. */
async function expectHeader(page: Page) {
  expect(await banner(page).getByRole("navigation").getByRole("link", { name: "Cartera", exact: true }).isVisible()).toBe(true);
  expect(await banner(page).getByRole("button", { name: "Cerrar sesión" }).isVisible()).toBe(true);
}

/** The error page's h1 has the focus and sits in an alert. */
async function expectErrorHeading(page: Page, name: string) {
  const heading = page.getByRole("main").getByRole("alert").getByRole("heading", { level: 1, name });
  await heading.waitFor();
  await expect.poll(() => heading.evaluate((element) => element === document.activeElement)).toBe(true);
}

/** Every stylesheet of the page has arrived (a failed <link> has no sheet). */
const unloadedStylesheets = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].filter((link) => !link.sheet).map((link) => link.href));

/** Marks the current document, to tell an in-app recovery from a reload. */
const markDocument = (page: Page) => page.evaluate(() => ((window as unknown as { marked: boolean }).marked = true));
const documentMarked = (page: Page) => page.evaluate(() => (window as unknown as { marked?: boolean }).marked === true);

describe.skipIf(!enabled)("the error boundary in a browser", () => {
  it("shows «Sin conexión» with «Reintentar» under the header when a route's chunk cannot load offline, and opens the route when the network returns", async () => {
    const { page, context } = owner;
    await page.goto("/");
    await page.getByRole("link", { name: project.name }).waitFor();
    // The English strings are their own chunk: loaded now, so the offline screenshots can switch.
    await page.locator('.language-switch button[lang="en"]').click();
    await expect.poll(() => page.evaluate("document.documentElement.lang")).toBe("en");
    await page.locator('.language-switch button[lang="es-MX"]').click();
    await expect.poll(() => page.evaluate("document.documentElement.lang")).toBe("es-MX");
    await markDocument(page);

    // The inbox's code (and its stylesheet) has not been loaded on this page yet.
    const inboxChunks: { url: string; ok: boolean }[] = [];
    page.on("requestfinished", (request) => {
      if (/\/assets\/InboxPage-[^/]+\.(js|css)$/.test(request.url())) inboxChunks.push({ url: request.url(), ok: true });
    });
    page.on("requestfailed", (request) => {
      if (/\/assets\/InboxPage-[^/]+\.(js|css)$/.test(request.url())) inboxChunks.push({ url: request.url(), ok: false });
    });

    await context.setOffline(true);
    await banner(page).getByRole("link", { name: /^Avisos/ }).click();
    await page.waitForURL("**/inbox");
    await expectErrorHeading(page, "Sin conexión");
    await expectHeader(page);
    const main = page.getByRole("main");
    await main.getByText("Se cargará sola en cuanto vuelva la conexión.").waitFor();
    expect(await main.getByRole("button", { name: "Reintentar" }).isVisible()).toBe(true);
    expect(inboxChunks.length).toBeGreaterThan(0);
    expect(inboxChunks.every((chunk) => !chunk.ok)).toBe(true);

    // «Reintentar» while still offline: the same page again, never a blank one.
    await main.getByRole("button", { name: "Reintentar" }).click();
    await expectErrorHeading(page, "Sin conexión");
    await expectHeader(page);

    await shootStates(page, "error-boundary-offline");
    await expectErrorHeading(page, "Sin conexión");

    // The network returns: nobody clicks anything.
    await context.setOffline(false);
    await page.getByRole("main").getByRole("heading", { level: 1, name: "Avisos" }).waitFor();
    await expectHeader(page);
    expect(await page.getByRole("main").getByRole("alert").count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe("/inbox");
    // Requested again and arrived, stylesheet included; in this page, not by reloading it.
    expect(inboxChunks.filter((chunk) => chunk.ok && chunk.url.endsWith(".js")).length).toBeGreaterThan(0);
    await expect.poll(() => unloadedStylesheets(page)).toEqual([]);
    expect(await documentMarked(page)).toBe(true);
  });

  it("recovers a tab whose chunk failed offline inside a loaded page (the workspace's edit form)", async () => {
    const { page, context } = owner;
    await page.goto(`/projects/${project.id}`);
    await page.getByRole("heading", { level: 1, name: project.name }).waitFor();
    await markDocument(page);

    await context.setOffline(true);
    await page.getByRole("tab", { name: "Editar ficha", exact: true }).click();
    await expectErrorHeading(page, "Sin conexión");
    await expectHeader(page);

    await context.setOffline(false);
    await page.getByRole("heading", { level: 1, name: project.name }).waitFor();
    await page.getByRole("textbox", { name: /Nombre del proyecto/ }).waitFor();
    expect(await page.getByRole("main").getByRole("alert").count()).toBe(0);
    expect(await documentMarked(page)).toBe(true);
  });

  it("shows «Esta página tuvo un error» under the header when a screen fails while rendering, and «Reintentar» loads it again", async () => {
    const { page } = owner;
    await page.goto("/");
    await page.getByRole("link", { name: project.name }).waitFor();

    // A malformed answer (a list that is not a list) makes the meetings screen throw while
    // rendering: fault injection at the network, no test-only code in the app.
    const malformed = (url: URL) => url.pathname === "/api/meetings";
    await page.route(malformed, (route) => route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ meetings: "not a list" }) }));
    await banner(page).getByRole("link", { name: "Sesiones", exact: true }).click();
    await page.waitForURL("**/meetings");
    await expectErrorHeading(page, "Esta página tuvo un error");
    await expectHeader(page);
    await shootStates(page, "error-boundary-render");

    // The server answers properly again; «Reintentar» loads the screen's data anew.
    await page.unroute(malformed);
    await page.getByRole("main").getByRole("button", { name: "Reintentar" }).click();
    await page.getByRole("main").getByRole("heading", { level: 1, name: "Sesiones" }).waitFor();
    expect(await page.getByRole("main").getByRole("alert").count()).toBe(0);
    await expectHeader(page);
  });
});
