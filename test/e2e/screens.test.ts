import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { CollabTestServer, ADMIN } from "../support/realtime";
import { DEMO, browserAvailable, contextOptions, demoWorkspace, expectNoAxeViolations, launchBrowser, screenshot, type DocumentRef } from "../support/browser";

/**
 * Every main screen at phone (390×844) and desktop (1440×900) size, in Spanish and English (issue
 * 15, «done when»): the page never scrolls sideways (what is wider scrolls inside its own region)
 * and axe-core (WCAG 2.1 A and AA) finds no violation of any impact. The main dialogs and the study
 * editor's drawer are checked open. Screenshots: .screenshots/screens-<screen>-<language>-<width>.png.
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let project: { id: string; name: string };
let textDoc: DocumentRef;
let canvasDoc: DocumentRef;
let reviewId = "";
let meetingId = "";

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  const workspace = await demoWorkspace(server.url);
  ({ project, textDoc, canvasDoc } = workspace);
  const api = workspace.ownerApi;
  // A version under review (for the review page and the meeting's agenda) and a scheduled meeting.
  const version = await api.post(`/api/documents/${textDoc.id}/versions`, { name: "Estudio para comité" });
  expect(version.status, JSON.stringify(version.body)).toBe(201);
  const people = (await api.get(`/api/people?q=${encodeURIComponent("Ricardo")}`)).body.people as { id: string }[];
  const round = await api.post(`/api/versions/${version.body.id}/reviews`, { participants: [{ userId: people[0]!.id }], rule: "all" });
  expect(round.status, JSON.stringify(round.body)).toBe(201);
  reviewId = round.body.id;
  const startsAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const meeting = await api.post("/api/meetings", { title: "Comité técnico · Parque lineal", kind: "committee_session", startsAt, place: "Sala de cabildo" });
  expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
  meetingId = meeting.body.id;
  expect((await api.post(`/api/meetings/${meetingId}/agenda`, { reviewId })).status).toBe(201);
  ({ browser, close: closeBrowser } = await launchBrowser());
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

const sizes = [
  [390, 844],
  [1440, 900],
] as const;
const languages = ["es-MX", "en"] as const;
type Language = (typeof languages)[number];

/** A context whose app starts in `language` (the switch remembers it in localStorage). */
async function openContext(language: Language, width: number, height: number): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...contextOptions(server.url), locale: language, viewport: { width, height } });
  await context.addInitScript((lang) => window.localStorage.setItem("taller.language", lang), language);
  return { context, page: await context.newPage() };
}

/** Waits until the page shows no loading line (the route's chunk, its data, a lazy tab). */
async function settled(page: Page): Promise<void> {
  await page.locator(".state-loading").first().waitFor({ state: "detached", timeout: 20_000 }).catch(() => undefined);
  await expect.poll(() => page.locator(".state-loading").count(), { timeout: 20_000 }).toBe(0);
  // Fonts and late layout (charts, maps) before measuring.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** The page itself never scrolls sideways; wide content scrolls inside its own region. */
async function expectNoPageOverflow(page: Page, screen: string): Promise<void> {
  const { scrollWidth, innerWidth, culprits } = await page.evaluate(() => {
    const root = document.scrollingElement!;
    const width = window.innerWidth;
    // The widest elements that stick out, to say what overflows when it does.
    const sticksOut = (el: Element | null) => !!el && el.getBoundingClientRect().right > width + 1;
    const describe = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} (${Math.round(el.getBoundingClientRect().left)}–${Math.round(el.getBoundingClientRect().right)})`;
    // Inside a scroller that clips it (an absolutely positioned element escapes scrollers below its containing block).
    const clipped = (el: Element) => {
      let absolute = ["absolute", "fixed"].includes(getComputedStyle(el).position);
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (absolute && style.position === "static") continue;
        if (style.overflowX !== "visible") return true;
        if (absolute) absolute = style.position === "absolute" || style.position === "fixed";
      }
      return false;
    };
    // The outermost elements that stick out past the window while their parent does not, outside any scroller.
    const culprits = root.scrollWidth > width
      ? [...document.querySelectorAll("body *")]
          .filter((el) => sticksOut(el) && !sticksOut(el.parentElement) && !clipped(el))
          .slice(0, 6)
          .map((el) => `${describe(el)} in ${describe(el.parentElement!)}`)
      : [];
    return { scrollWidth: root.scrollWidth, innerWidth: width, culprits };
  });
  expect(scrollWidth, `${screen}: the page scrolls sideways (${scrollWidth} > ${innerWidth}): ${culprits.join(", ")}`).toBeLessThanOrEqual(innerWidth);
}

const problems: string[] = [];

/** Overflow, screenshot and axe for the screen the page shows now. Failures are collected, so one run lists them all. */
async function check(page: Page, screen: string, language: Language, width: number, exclude: string[] = []): Promise<void> {
  const name = `screens-${screen}-${language}-${width}`;
  await screenshot(page, name);
  for (const run of [() => expectNoPageOverflow(page, name), () => expectNoAxeViolations(page, name, exclude)]) {
    try {
      await run();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
}

const tabs = ["overview", "edit", "stage", "members", "documents", "reviews", "follow-up", "territory", "activity"] as const;

/** A locator's text that reads the same in both languages. */
const either = (es: string, en: string) => new RegExp(`^(${es}|${en})$`);

/** The login form in either language. */
async function signInAs(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel(/correo|email/i).fill(email);
  await page.getByLabel(/contraseña|password/i).fill(password);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

async function ownerScreens(page: Page, language: Language, width: number): Promise<void> {
  await page.goto("/login");
  await page.locator("form").first().waitFor();
  await check(page, "login", language, width);
  await signInAs(page, DEMO.owner, DEMO.password);

  // The portfolio's four views.
  await page.getByRole("link", { name: project.name }).first().waitFor();
  await settled(page);
  await check(page, "portfolio-table", language, width);
  await page.getByRole("button", { name: either("Nuevo proyecto", "New project") }).click();
  await page.getByRole("dialog").waitFor();
  await check(page, "dialog-new-project", language, width);
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "hidden" });
  for (const view of ["board", "map", "dashboard"] as const) {
    await page.goto(`/?view=${view}`);
    await settled(page);
    if (view === "board") {
      // Nine stages scroll sideways at every width: the hint and the shadow on the hidden edge say so.
      await page.locator(".board-hint").waitFor();
      await page.locator(".board-frame .scroll-cue[data-scroll-end]").waitFor({ state: "attached" });
      await page.locator(".board-frame").evaluate((element) => element.scrollIntoView({ block: "start" }));
    }
    if (view === "map") await page.locator(".maplibregl-canvas").first().waitFor();
    await check(page, `portfolio-${view}`, language, width);
  }

  // The workspace's tabs.
  for (const tab of tabs) {
    await page.goto(`/projects/${project.id}${tab === "overview" ? "" : `?tab=${tab}`}`);
    await page.locator(`#panel-${tab}`).waitFor();
    await settled(page);
    if (tab === "territory") await page.locator(".maplibregl-canvas").first().waitFor();
    // On a phone the tabs overflow: a shadow marks the edge that hides some, the open one is in view.
    if (width < 1000) {
      await page.locator(".tabs-frame[data-scroll-start], .tabs-frame[data-scroll-end]").waitFor({ state: "attached" });
      const [open, list] = await Promise.all([page.locator(`#tab-${tab}`).boundingBox(), page.getByRole("tablist").boundingBox()]);
      expect(open!.x).toBeGreaterThanOrEqual(list!.x - 1);
      expect(open!.x + open!.width).toBeLessThanOrEqual(list!.x + list!.width + 1);
    }
    await check(page, `tab-${tab}`, language, width);
    if (tab === "members") {
      await page.locator(".add-member input[type=search]").fill("Ricardo");
      await page.locator(".people-list li").first().waitFor();
      await check(page, "members-add", language, width);
    }
    if (tab === "documents") {
      await page.getByRole("button", { name: either("Nuevo documento de texto", "New text document") }).click();
      await page.getByRole("dialog").waitFor();
      await check(page, "dialog-new-document", language, width);
      await page.keyboard.press("Escape");
      await page.getByRole("dialog").waitFor({ state: "hidden" });
    }
  }
  await page.goto(`/projects/${project.id}/reviews/${reviewId}`);
  await settled(page);
  await page.locator("h1").waitFor();
  await check(page, "review", language, width);

  // The study editor (with its drawer of outline and participants on narrow screens) and the canvas.
  await page.goto(`/documents/${textDoc.id}`);
  await page.locator(".study-page .ProseMirror[contenteditable=true]").waitFor();
  await settled(page);
  await check(page, "study", language, width);
  const drawer = page.getByRole("button", { name: either("Esquema y participantes", "Outline and participants") });
  // On a phone the toolbar is one row that scrolls sideways (its buttons are 2.25rem high).
  if (width < 1000) expect(await page.locator(".study-toolbar").evaluate((element) => element.getBoundingClientRect().height)).toBeLessThan(60);
  // Wide: outline and participants beside the page; narrow: in a drawer opened from the bar.
  expect(await drawer.isVisible()).toBe(width < 1000);
  expect(await page.locator(".study-side").isVisible()).toBe(width >= 1000);
  if (width < 1000) {
    await drawer.click();
    const dialog = page.getByRole("dialog", { name: either("Esquema y participantes", "Outline and participants") });
    await dialog.waitFor();
    await check(page, "study-drawer", language, width);
    // Esc closes it and gives the focus back to its button.
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await drawer.evaluate((element) => element === document.activeElement)).toBe(true);
    // A section chosen in the drawer closes it and lands below the sticky toolbar, the save status in view.
    await drawer.click();
    const link = dialog.locator(".study-outline-link").nth(6);
    const section = (await link.innerText()).trim();
    await link.click();
    await dialog.waitFor({ state: "hidden" });
    const heading = page.locator(".study-prose").locator("h1, h2, h3", { hasText: section }).first();
    // The heading's distance below the bar's bottom edge, once the (smooth) scroll has ended.
    const belowBar = async () => {
      const [bar, top] = await Promise.all([page.locator(".study-bar").boundingBox(), heading.boundingBox()]);
      return Math.round(top!.y - (bar!.y + bar!.height));
    };
    await expect.poll(belowBar, { timeout: 10_000 }).toBeLessThan(60);
    expect(await belowBar()).toBeGreaterThanOrEqual(0);
    const save = (await page.locator(".study-save").boundingBox())!;
    expect(save.y).toBeGreaterThanOrEqual(0);
    expect(save.x + save.width).toBeLessThanOrEqual(width);
    await screenshot(page, `screens-study-outline-jump-${language}-${width}`);
  }
  await page.goto(`/documents/${canvasDoc.id}`);
  await page.locator(".tl-canvas").waitFor();
  await settled(page);
  await check(page, "canvas", language, width);

  await page.goto("/meetings");
  await page.getByRole("link", { name: /Comité técnico/ }).first().waitFor();
  await settled(page);
  await check(page, "meetings", language, width);
  await page.goto(`/meetings/${meetingId}`);
  await page.locator("h1.page-title").waitFor();
  await settled(page);
  await check(page, "meeting", language, width);
  await page.goto("/inbox");
  await page.locator("h1").waitFor();
  await settled(page);
  await check(page, "inbox", language, width);
}

async function adminScreens(page: Page, language: Language, width: number): Promise<void> {
  await page.goto("/login");
  await signInAs(page, ADMIN.email, ADMIN.password);
  await page.goto("/admin");
  await page.locator("#orgs-title").waitFor();
  await settled(page);
  await check(page, "admin", language, width);
  await page.goto("/admin/territory");
  await page.locator("h1").waitFor();
  await settled(page);
  await check(page, "admin-territory", language, width);
}

describe.skipIf(!enabled)("every main screen at phone and desktop size, in both languages", () => {
  for (const language of languages) {
    for (const [width, height] of sizes) {
      it(`${language} at ${width}×${height}: no sideways page scroll, no axe violation`, async () => {
        problems.length = 0;
        const owner = await openContext(language, width, height);
        const admin = await openContext(language, width, height);
        try {
          await Promise.all([ownerScreens(owner.page, language, width), adminScreens(admin.page, language, width)]);
        } finally {
          await Promise.all([owner.context.close(), admin.context.close()]);
        }
        expect(problems, problems.join("\n\n")).toEqual([]);
      }, 180_000);
    }
  }
});
