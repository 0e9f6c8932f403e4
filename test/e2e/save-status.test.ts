import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ApiClient, TEST_PASSWORD, addOrg, addPerson, signedIn } from "../support/api-client";
import { ADMIN, CollabTestServer, eventually } from "../support/realtime";
import { browserAvailable, contextOptions, drawRectangle, expectAccessible, launchBrowser, logIn, screenshot, shootStates } from "../support/browser";

/**
 * The web client's truth in a real browser against a real server (issue 9, cases 2, 3, 5, 14):
 * «Guardado» only once storage holds the text (also after a reconnect while the room loads
 * slowly), a downgraded editor turns read-only with its unsaved changes listed and sent when
 * write access returns, an ended session goes to the login and back without losing text, and
 * logout and loss of access clear the `taller:` IndexedDB copies after offering what is unsaved.
 *
 * The page's save status and WebSocket frames are recorded inside the page (a MutationObserver on
 * `[data-save-status]`, a WebSocket subclass) with one clock, so the order of "ack received" and
 * "«Guardado» shown" is read from what happened, not from polling in the test.
 */
const enabled = browserAvailable();

let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let owner: ApiClient;
let projectId: string;
const people = {} as Record<"editor" | "editor2" | "editor3" | "editor4", { id: string; email: string }>;

/** Records save statuses and WebSocket traffic in the page, from before the app's code runs. */
const RECORDER = `(() => {
  const t0 = performance.timeOrigin;
  const now = () => t0 + performance.now();
  window.__saveLog = [];
  window.__wsLog = [];
  let last = null;
  const check = () => {
    const el = document.querySelector("[data-save-status]");
    const status = el ? el.getAttribute("data-save-status") : null;
    if (status !== last) { last = status; window.__saveLog.push({ status, t: now() }); }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-save-status"] });
  const readVarUint = (bytes, pos) => { let n = 0, mult = 1, b; do { b = bytes[pos.i++]; n += (b & 127) * mult; mult *= 128; } while (b >= 128); return n; };
  const Native = window.WebSocket;
  let sockets = 0;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      const id = ++sockets;
      this.__id = id;
      window.__wsLog.push({ id, ev: "new", t: now() });
      this.addEventListener("open", () => window.__wsLog.push({ id, ev: "open", t: now() }));
      this.addEventListener("close", (e) => window.__wsLog.push({ id, ev: "close", code: e.code, t: now() }));
      this.addEventListener("message", (e) => {
        const bytes = new Uint8Array(e.data);
        const pos = { i: 0 };
        const type = readVarUint(bytes, pos);
        if (type === 100 || type === 101) window.__wsLog.push({ id, ev: type === 100 ? "ack" : "refused", seq: readVarUint(bytes, pos), t: now() });
        else if (type === 102) window.__wsLog.push({ id, ev: "access", t: now() });
        else if (type === 0) window.__wsLog.push({ id, ev: "in-sync", kind: readVarUint(bytes, pos), t: now() });
      });
    }
    send(data) {
      const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
      if (bytes[0] === 0 && (bytes[1] === 1 || bytes[1] === 2)) window.__wsLog.push({ id: this.__id, ev: bytes[1] === 1 ? "out-step2" : "out-update", t: now() });
      return super.send(data);
    }
  };
})();`;

type SaveEntry = { status: string | null; t: number };
type WsEntry = { id: number; ev: string; seq?: number; kind?: number; code?: number; t: number };

async function newPerson(email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(contextOptions(server.url));
  await context.addInitScript(RECORDER);
  const page = await context.newPage();
  await page.goto("/login");
  await login(page, email);
  return { context, page };
}

const login = (page: Page, email: string) => logIn(page, email, TEST_PASSWORD);

/** An API client with the session of a browser context (its cookies), e.g. to end that session from outside. */
const sessionOf = async (context: BrowserContext) => ApiClient.withCookies(server.url, await context.cookies());

const editorText = (page: Page) => page.locator(".ProseMirror").first();
// Expressions as strings: they run in the page (this project type-checks without the DOM library).
const saveLog = (page: Page) => page.evaluate("window.__saveLog") as Promise<SaveEntry[]>;
const wsLog = (page: Page) => page.evaluate("window.__wsLog") as Promise<WsEntry[]>;
const pageLanguage = (page: Page) => page.evaluate("document.documentElement.lang");
const currentStatus = (page: Page) => page.locator("[data-save-status]").first().getAttribute("data-save-status");

async function openStudy(page: Page, documentId: string) {
  await page.goto(`/documents/${documentId}`);
  await editorText(page).waitFor();
  await page.getByText("1. Resumen ejecutivo").first().waitFor({ timeout: 20_000 });
  await expect.poll(() => currentStatus(page), { timeout: 20_000 }).toBe("saved");
}

async function typeAtEnd(page: Page, text: string) {
  await editorText(page).click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type(text);
}

/** The study text storage holds: snapshot + log, read from the database itself. */
async function storedText(collabName: string): Promise<string> {
  const state = await server.storedState(collabName);
  if (!state) return "";
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc.getXmlFragment("default").toString();
}

async function content(documentId: string): Promise<string> {
  const res = await owner.get(`/api/documents/${documentId}/content`);
  return JSON.stringify(res.body);
}

async function newStudy(title: string): Promise<{ id: string; collabName: string }> {
  const res = await owner.post(`/api/projects/${projectId}/documents`, { kind: "text", title });
  return res.body as { id: string; collabName: string };
}

/** A new study titled `title`, open in the browser of the person signed in as `email`, saved. */
async function studyOpenedBy(title: string, email: string) {
  const study = await newStudy(title);
  const { context, page } = await newPerson(email);
  await openStudy(page, study.id);
  return { study, context, page };
}

/** Takes the browser offline and types a new paragraph, `label` and a timestamp; returns the text. */
async function typeOffline(context: BrowserContext, page: Page, label: string): Promise<string> {
  await context.setOffline(true);
  const typed = `${label} ${Date.now()}`;
  await typeAtEnd(page, typed);
  return typed;
}

async function setRole(userId: string, role: string | null) {
  const res =
    role === null
      ? await owner.delete(`/api/projects/${projectId}/members/${userId}`)
      : await owner.patch(`/api/projects/${projectId}/members/${userId}`, { role });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
}

async function copies(page: Page): Promise<string[]> {
  return page.evaluate(`indexedDB.databases().then((all) => all.map((d) => d.name || "").filter((n) => n.startsWith("taller:")))`) as Promise<string[]>;
}


/**
 * Scrolls the window and every scrolled element back to the top, then brings `last` and `first`
 * into view (in that order, so `first` wins when both do not fit).
 */
async function showFromTop(page: Page, first: string, last: string) {
  await page.evaluate(`(() => {
    window.scrollTo(0, 0);
    for (const el of document.querySelectorAll("*")) if (el.scrollTop > 0) el.scrollTop = 0;
    document.querySelector(${JSON.stringify(last)})?.scrollIntoView({ block: "nearest" });
    document.querySelector(${JSON.stringify(first)})?.scrollIntoView({ block: "nearest" });
  })()`);
}

beforeAll(async () => {
  if (!enabled) return;
  // Rooms unload one second after the last socket leaves: a reconnect then loads from storage.
  server = await CollabTestServer.start({ COLLAB_IDLE_UNLOAD_SECONDS: "1" });
  const admin = await signedIn(server.url, ADMIN.email, ADMIN.password);
  const org = await addOrg(admin, "Dirección de Planeación", "DP");
  owner = await signedIn(server.url, (await addPerson(admin, org.id, "Lucía Méndez")).email);
  projectId = (await owner.post("/api/projects", { name: "Parque lineal del arroyo", kind: "study" })).body.id;
  const names = { editor: "Andrés Soto", editor2: "Marta Ruiz", editor3: "Pablo Gil", editor4: "Sara León" };
  for (const key of Object.keys(names) as (keyof typeof names)[]) {
    people[key] = await addPerson(admin, org.id, names[key]);
    await owner.post(`/api/projects/${projectId}/members`, { userId: people[key].id, role: "editor" });
  }
  ({ browser, close: closeBrowser } = await launchBrowser());
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

describe.skipIf(!enabled)("save status and local copies in Chromium", () => {
  it("offline, types, comes back while the room loads slowly: the first «Guardado» comes after storage holds the text", async () => {
    const { study, context, page } = await studyOpenedBy("Propuesta lenta", people.editor.email);

    // The app's own offline path closes its socket (with the network still up, so the server
    // sees the close and unloads the room); then the network really goes.
    await page.evaluate(`window.dispatchEvent(new Event("offline"))`);
    await context.setOffline(true);
    await expect.poll(() => currentStatus(page)).toBe("offline");
    const typed = `Escrito sin conexión ${Date.now()}`;
    await typeAtEnd(page, typed);
    // Nobody else has the document open: the room unloads (1 s), so the reconnect loads it again.
    await new Promise((r) => setTimeout(r, 2_500));

    // PostgreSQL: the room's load and every commit wait on real table locks held by this test.
    // PGlite has no second connection to hold a lock with (the server owns the only one), so
    // there the load is as slow as it is; the same checks run on a shorter window.
    const release = await server.holdTableLocks(["document_snapshots", "document_updates"]);
    const savedBefore = (await saveLog(page)).length;
    const socketsBefore = Math.max(0, ...(await wsLog(page)).map((e) => e.id));
    try {
      await context.setOffline(false);
      if (release) {
        // The socket is open and the room is loading: the status must say so, never «Guardado».
        await expect.poll(async () => (await saveLog(page)).slice(savedBefore).map((e) => e.status), { timeout: 10_000 }).toContain("syncing");
        await eventually(async () => (await wsLog(page)).some((e) => e.id > socketsBefore && e.ev === "open"), 10_000, "socket open");
        // Hold the load for a while and watch every status the page shows meanwhile.
        await new Promise((r) => setTimeout(r, 1_500));
        expect((await saveLog(page)).slice(savedBefore).map((e) => e.status)).not.toContain("saved");
        // The room really was loading: its sync step 2 had not arrived.
        expect((await wsLog(page)).filter((e) => e.id > socketsBefore && e.ev === "in-sync" && e.kind === 1)).toEqual([]);
      }
    } finally {
      await release?.();
    }

    // The first «Guardado» since the reconnect: stop the server at once (SIGKILL writes nothing
    // more) and read what storage holds.
    await page.waitForFunction(`window.__saveLog.slice(${savedBefore}).some((e) => e.status === "saved")`, undefined, { polling: "raf", timeout: 30_000 });
    await server.server.stop("SIGKILL");
    expect(await storedText(study.collabName)).toContain(typed);

    // Case 2's reconnect rule, from the page's own records: «Guardado» appeared only after the
    // ack covering the first step 2 sent on the new socket.
    const statuses = (await saveLog(page)).slice(savedBefore);
    const firstSaved = statuses.find((e) => e.status === "saved")!;
    const frames = (await wsLog(page)).filter((e) => e.id > socketsBefore);
    const socketId = frames.find((e) => e.ev === "open")!.id;
    const onSocket = frames.filter((e) => e.id === socketId);
    const counted = onSocket.filter((e) => e.ev === "out-step2" || e.ev === "out-update");
    const firstStep2Seq = counted.findIndex((e) => e.ev === "out-step2") + 1;
    expect(firstStep2Seq).toBeGreaterThan(0);
    const covering = onSocket.find((e) => e.ev === "ack" && (e.seq ?? 0) >= firstStep2Seq);
    expect(covering, JSON.stringify(onSocket)).toBeDefined();
    expect(firstSaved.t).toBeGreaterThanOrEqual(covering!.t);
    expect(firstSaved.t).toBeGreaterThanOrEqual(onSocket.find((e) => e.ev === "in-sync" && e.kind === 1)!.t);

    await server.resume();
    await context.close();
  }, 150_000);

  it("turns a downgraded editor read-only with a banner, lists what was not stored, and stores it when write access returns", async () => {
    const { study, context, page } = await studyOpenedBy("Propuesta con cambio de rol", people.editor2.email);

    const typed = await typeOffline(context, page, "Cambio antes de perder el rol");
    await setRole(people.editor2.id, "viewer");
    await context.setOffline(false);

    // Read-only at once, with a banner that says the role changed, and the text listed.
    await expect.poll(() => editorText(page).getAttribute("contenteditable"), { timeout: 15_000 }).toBe("false");
    await page.getByRole("alert").filter({ hasText: /Tu rol cambió/ }).waitFor();
    await page.locator(".study-not-stored").getByText(typed).waitFor({ timeout: 15_000 });
    await expect.poll(() => currentStatus(page)).toBe("refusedReadOnly");
    await expect.poll(() => page.locator(".document-badges").innerText()).toMatch(/Solo lectura/);
    expect(await content(study.id)).not.toContain(typed);
    // Typing scrolled the page to the end of the study: the shots are for the banner and the list.
    await shootStates(page, "issue9-downgraded-editor", () => showFromTop(page, ".study-readonly", ".study-not-stored"));

    await setRole(people.editor2.id, "editor");
    await expect.poll(() => editorText(page).getAttribute("contenteditable"), { timeout: 15_000 }).toBe("true");
    await expect.poll(() => currentStatus(page), { timeout: 15_000 }).toBe("saved");
    expect(await content(study.id)).toContain(typed);
    await expect(page.locator(".study-not-stored").count()).resolves.toBe(0);
    await context.close();
  }, 150_000);

  it("turns a downgraded editor's canvas read-only, lists the shapes not stored, and stores them when write access returns", async () => {
    const board = (await owner.post(`/api/projects/${projectId}/documents`, { kind: "canvas", title: "Croquis con cambio de rol" })).body as {
      id: string;
    };
    const shapeCount = async () => {
      const res = await owner.get(`/api/documents/${board.id}/content`);
      return new Set(JSON.stringify(res.body).match(/"shape:[^"]+"/g) ?? []).size;
    };
    const { context, page } = await newPerson(people.editor2.email);
    await page.goto(`/documents/${board.id}`);
    await page.locator(".tl-canvas").waitFor({ timeout: 30_000 });
    await expect.poll(() => currentStatus(page), { timeout: 20_000 }).toBe("saved");

    await page.evaluate(`window.dispatchEvent(new Event("offline"))`);
    await context.setOffline(true);
    await drawRectangle(page);
    await setRole(people.editor2.id, "viewer");
    await context.setOffline(false);

    await page.getByRole("alert").filter({ hasText: /Tu rol cambió/ }).waitFor({ timeout: 15_000 });
    await page.locator(".canvas-not-stored").getByText(/Forma/).waitFor({ timeout: 15_000 });
    await expect.poll(() => currentStatus(page)).toBe("refusedReadOnly");
    expect(await shapeCount()).toBe(0);
    await screenshot(page, "issue9-canvas-downgraded-es-MX-1440");
    await expectAccessible(page, "downgraded canvas", [".tl-canvas"]);

    await setRole(people.editor2.id, "editor");
    await expect.poll(() => currentStatus(page), { timeout: 15_000 }).toBe("saved");
    expect(await shapeCount()).toBe(1);
    await expect(page.locator(".canvas-not-stored").count()).resolves.toBe(0);
    await context.close();
  }, 150_000);

  it("sends a person whose session ended to the login and back, and stores what they typed offline", async () => {
    const { study, context, page } = await studyOpenedBy("Propuesta con sesión vencida", people.editor3.email);
    const sameSession = await sessionOf(context);

    // Ended while the socket is open: 4401 → login → back to the document.
    await sameSession.post("/api/auth/logout");
    await page.waitForURL(/\/login/, { timeout: 15_000 });
    await page.getByText(/Tu sesión terminó/).waitFor();
    await shootStates(page, "issue9-session-ended-login");
    await login(page, people.editor3.email);
    await page.waitForURL(`**/documents/${study.id}`);
    await expect.poll(() => currentStatus(page), { timeout: 20_000 }).toBe("saved");

    // Ended while offline, with text typed meanwhile: the upgrade is refused (401) → login → back → stored.
    const typed = await typeOffline(context, page, "Escrito con la sesión vencida");
    await (await sessionOf(context)).post("/api/auth/logout");
    await context.setOffline(false);
    await page.waitForURL(/\/login/, { timeout: 20_000 });
    expect(await copies(page)).toContain(`taller:${people.editor3.id}:${study.collabName}`);
    await login(page, people.editor3.email);
    await page.waitForURL(`**/documents/${study.id}`);
    await expect.poll(() => currentStatus(page), { timeout: 20_000 }).toBe("saved");
    expect(await content(study.id)).toContain(typed);
    await context.close();
  }, 150_000);

  it("keeps a person's copy when their session ended without logout and someone else opens the document in that browser", async () => {
    const first = people.editor3;
    const second = people.editor2;
    const { study, context, page } = await studyOpenedBy("Propuesta en un equipo compartido", first.email);

    // The first person types offline; their session ends elsewhere (no logout in this browser).
    const typed = await typeOffline(context, page, "Escrito por la primera persona");
    await (await sessionOf(context)).post("/api/auth/logout");
    await context.setOffline(false);
    await page.waitForURL(/\/login/, { timeout: 20_000 });
    const firstCopy = `taller:${first.id}:${study.collabName}`;
    expect(await copies(page)).toContain(firstCopy);

    // Someone else logs in at the same browser and lands on the same document: they get their
    // own copy; the first person's text is neither shown to them, nor sent under their name.
    await login(page, second.email);
    await page.waitForURL(`**/documents/${study.id}`);
    await expect.poll(() => currentStatus(page), { timeout: 20_000 }).toBe("saved");
    expect(await editorText(page).innerText()).not.toContain(typed);
    expect(await content(study.id)).not.toContain(typed);
    expect(await copies(page)).toEqual(expect.arrayContaining([firstCopy, `taller:${second.id}:${study.collabName}`]));

    // Their logout offers and clears only their own copy (nothing unsaved: no dialog).
    await page.getByRole("button", { name: "Cerrar sesión" }).click();
    await page.waitForURL(/\/login/, { timeout: 15_000 });
    await expect.poll(() => copies(page), { timeout: 10_000 }).toEqual([firstCopy]);

    // The first person comes back: their copy syncs what they typed, under their own session.
    await login(page, first.email);
    await page.goto(`/documents/${study.id}`);
    await expect.poll(() => currentStatus(page), { timeout: 20_000 }).toBe("saved");
    await expect.poll(() => content(study.id), { timeout: 15_000 }).toContain(typed);
    await context.close();
  }, 150_000);

  it("offers unsaved changes at logout and clears the taller: IndexedDB copies", async () => {
    const { study, context, page } = await studyOpenedBy("Propuesta para cerrar sesión", people.editor4.email);
    expect(await copies(page)).toContain(`taller:${people.editor4.id}:${study.collabName}`);
    // The English strings are a chunk of their own: fetch them while online, for the screenshots.
    await page.locator('.language-switch button[lang="en"]').click();
    await expect.poll(() => pageLanguage(page)).toBe("en");
    await page.locator('.language-switch button[lang="es-MX"]').click();

    const typed = await typeOffline(context, page, "Sin guardar al salir");
    await page.getByRole("button", { name: "Cerrar sesión" }).click();
    const dialog = page.getByRole("dialog", { name: "Hay cambios sin guardar" });
    await dialog.getByText(typed).waitFor();
    await shootStates(page, "issue9-logout-unsaved");
    await dialog.getByRole("button", { name: "Seguir en Taller" }).click();
    await expect(dialog.isVisible()).resolves.toBe(false);

    // Keep the text unstored while online (the role is lowered: the server refuses it), then
    // leave the document: the copy is closed with its baseline, and the next logout reads it
    // from IndexedDB instead of a live session.
    await setRole(people.editor4.id, "viewer");
    await context.setOffline(false);
    await expect.poll(() => currentStatus(page), { timeout: 15_000 }).toBe("refusedReadOnly");
    await page.getByRole("link", { name: "Cartera" }).first().click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("button", { name: "Cerrar sesión" }).click();
    await dialog.getByText(typed).waitFor({ timeout: 15_000 });
    await dialog.getByRole("button", { name: "Cerrar sesión y borrar" }).click();
    await page.waitForURL(/\/login/, { timeout: 15_000 });
    await expect.poll(() => copies(page), { timeout: 10_000 }).toEqual([]);
    await context.close();
  }, 150_000);

  it("clears the copy when access is removed, after offering what it holds unsaved", async () => {
    const { study, context, page } = await studyOpenedBy("Propuesta sin acceso", people.editor.email);
    const typed = await typeOffline(context, page, "Escrito antes de perder el acceso");
    await setRole(people.editor.id, null);
    await context.setOffline(false);

    const dialog = page.getByRole("dialog", { name: "Ya no tienes acceso a este documento" });
    await dialog.getByText(typed).waitFor({ timeout: 20_000 });
    // The header no longer claims the role that was removed.
    await expect.poll(() => page.locator(".document-badges").innerText()).not.toMatch(/Persona editora/);
    await shootStates(page, "issue9-lost-access");
    await dialog.getByRole("button", { name: "Borrar la copia de este navegador" }).click();
    await page.getByText("La copia de este navegador se borró.").waitFor();
    await expect.poll(() => copies(page), { timeout: 10_000 }).not.toContain(`taller:${people.editor.id}:${study.collabName}`);
    expect(await content(study.id)).not.toContain(typed);
    await context.close();
    await owner.post(`/api/projects/${projectId}/members`, { userId: people.editor.id, role: "editor" });
  }, 150_000);
});

