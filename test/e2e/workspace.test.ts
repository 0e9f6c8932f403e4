import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { CollabTestServer, HttpSession } from "../support/realtime";
import { browserAvailable, contextOptions, launchBrowser, screenshot, seriousAxeViolations, signIn, type Person } from "../support/browser";

/**
 * The web workspace in a real browser (Debian's Chromium, headless) against a real server on the
 * embedded database with the demo portfolio: several people in separate browser contexts, live
 * text and canvas editing, read-only roles, reloads, the save status, and an accessibility check
 * of each main screen. Screenshots land in .screenshots/ (git-ignored).
 */
const DEMO_PASSWORD = "demo-taller-2026";
const OWNER = "lucia.mendez@demo.taller.local";
const EDITOR = "andres.soto@demo.taller.local";
const COMMENTER = "jorge.ibarra@demo.taller.local";

const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let project: { id: string; name: string };
let textDoc: { id: string };
let canvasDoc: { id: string };
let owner: Person;
let editor: Person;
let commenter: Person;

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  const api = await HttpSession.login(server.url, OWNER, DEMO_PASSWORD);
  const projects = (await api.call("GET", "/api/projects")).body.projects as { id: string; name: string; stage: string }[];
  project = projects.find((p) => p.stage === "prefeasibility") ?? projects[0]!;
  const documents = (await api.call("GET", `/api/projects/${project.id}/documents`)).body.documents as { id: string; kind: string }[];
  textDoc = documents.find((d) => d.kind === "text")!;
  canvasDoc = documents.find((d) => d.kind === "canvas")!;
  ({ browser, close: closeBrowser } = await launchBrowser());
  owner = await signIn(browser, server.url, OWNER, DEMO_PASSWORD);
  editor = await signIn(browser, server.url, EDITOR, DEMO_PASSWORD);
  commenter = await signIn(browser, server.url, COMMENTER, DEMO_PASSWORD);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

async function expectAccessible(page: Page, screen: string, exclude: string[] = []) {
  const violations = await seriousAxeViolations(page, exclude);
  expect(violations, `${screen}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

const editorText = (page: Page) => page.locator(".ProseMirror").first();

async function openStudy(person: Person) {
  await person.page.goto(`/documents/${textDoc.id}`);
  await editorText(person.page).waitFor();
  await person.page.getByText("1. Resumen ejecutivo").first().waitFor();
}

async function openCanvas(person: Person) {
  await person.page.goto(`/documents/${canvasDoc.id}`);
  await person.page.locator(".tl-canvas").waitFor({ timeout: 30_000 });
}

const shapeCount = (page: Page) => page.locator(".tl-shapes .tl-shape").count();

describe.skipIf(!enabled)("web workspace in Chromium", () => {
  it("shows login, portfolio and project workspace accessibly, and opens a study from the project", async () => {
    const anonymous = await browser.newContext(contextOptions(server.url));
    const login = await anonymous.newPage();
    await login.goto("/login");
    await login.getByRole("button", { name: "Entrar" }).waitFor();
    await screenshot(login, "01-login");
    await expectAccessible(login, "login");
    await anonymous.close();

    const page = owner.page;
    await page.goto("/");
    await page.getByRole("link", { name: project.name }).first().waitFor();
    await screenshot(page, "02-portfolio");
    await expectAccessible(page, "portfolio");

    await page.getByRole("link", { name: project.name }).first().click();
    await page.waitForURL(`**/projects/${project.id}**`);
    await page.getByRole("heading", { name: project.name }).first().waitFor();
    await screenshot(page, "03-workspace");
    await expectAccessible(page, "project workspace");

    // Deep link on reload.
    await page.reload();
    await page.getByRole("heading", { name: project.name }).first().waitFor();
    await page.getByRole("tab", { name: /Documentos/ }).click();
    await page.getByRole("link", { name: "Propuesta de estudio" }).first().click();
    await page.waitForURL(`**/documents/${textDoc.id}`);
    await editorText(page).waitFor();
    await expect.poll(() => editorText(page).innerText(), { timeout: 15_000 }).toContain("12. Anexos");
  }, 90_000);

  it("shows what one person types to another live, and reaches «Guardado»", async () => {
    await Promise.all([openStudy(owner), openStudy(editor)]);
    const typed = `Texto de Lucía ${Date.now()}`;
    await editorText(owner.page).click();
    await owner.page.keyboard.press("Control+End");
    await owner.page.keyboard.type(typed);
    const typedAt = Date.now();
    await expect.poll(() => editorText(editor.page).innerText(), { timeout: 5_000, interval: 50 }).toContain(typed);
    console.log(`[e2e] text visible to the second person after ${Date.now() - typedAt} ms`);
    await owner.page.getByRole("status").filter({ hasText: "Guardado" }).first().waitFor({ timeout: 10_000 });
    await screenshot(owner.page, "04-study-editor");
    await expectAccessible(owner.page, "study editor");

    await owner.page.reload();
    await expect.poll(() => editorText(owner.page).innerText(), { timeout: 15_000 }).toContain(typed);
  }, 90_000);

  it("shows a shape drawn by one person on another's canvas, and keeps it on reload", async () => {
    await Promise.all([openCanvas(owner), openCanvas(editor)]);
    const before = await shapeCount(owner.page);
    const canvas = await editor.page.locator(".tl-canvas").boundingBox();
    // Focus the drawing surface (its centre is free of tldraw's menus), then pick the rectangle tool.
    await editor.page.mouse.click(canvas!.x + canvas!.width / 2, canvas!.y + canvas!.height / 2);
    await editor.page.keyboard.press("r");
    await editor.page.mouse.move(canvas!.x + canvas!.width / 2 - 80, canvas!.y + canvas!.height / 2 - 60);
    await editor.page.mouse.down();
    await editor.page.mouse.move(canvas!.x + canvas!.width / 2 + 80, canvas!.y + canvas!.height / 2 + 60, { steps: 8 });
    await editor.page.mouse.up();
    await expect.poll(() => shapeCount(owner.page), { timeout: 10_000 }).toBe(before + 1);
    await editor.page.getByRole("status").filter({ hasText: "Guardado" }).first().waitFor({ timeout: 10_000 });
    await screenshot(owner.page, "05-canvas");
    await expectAccessible(owner.page, "canvas", [".tl-canvas"]);

    await owner.page.reload();
    await owner.page.locator(".tl-canvas").waitFor({ timeout: 30_000 });
    await expect.poll(() => shapeCount(owner.page), { timeout: 15_000 }).toBe(before + 1);
  }, 120_000);

  it("gives a commenter read-only text and shapes", async () => {
    await openStudy(commenter);
    await expect.poll(() => editorText(commenter.page).getAttribute("contenteditable")).toBe("false");
    await commenter.page.getByText(/solo lectura/i).first().waitFor();
    const before = await editorText(owner.page).innerText().catch(() => "");
    await editorText(commenter.page).click();
    await commenter.page.keyboard.type("Cambio no permitido");
    await openStudy(owner);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await editorText(owner.page).innerText()).not.toContain("Cambio no permitido");
    expect(before === "" || (await editorText(owner.page).innerText()).length > 0).toBe(true);
    await screenshot(commenter.page, "06-study-read-only");

    await Promise.all([openCanvas(commenter), openCanvas(owner)]);
    const shapes = await shapeCount(owner.page);
    const canvas = await commenter.page.locator(".tl-canvas").boundingBox();
    await commenter.page.keyboard.press("r");
    await commenter.page.mouse.move(canvas!.x + 100, canvas!.y + 100);
    await commenter.page.mouse.down();
    await commenter.page.mouse.move(canvas!.x + 220, canvas!.y + 200, { steps: 6 });
    await commenter.page.mouse.up();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await shapeCount(owner.page)).toBe(shapes);
    await screenshot(commenter.page, "07-canvas-read-only");
  }, 120_000);

  it("made no request to any other host", () => {
    expect([...owner.foreignRequests, ...editor.foreignRequests, ...commenter.foreignRequests]).toEqual([]);
  });
});
