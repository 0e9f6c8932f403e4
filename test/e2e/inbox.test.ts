import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { signedIn, type ApiClient } from "../support/api-client";
import { CollabTestServer } from "../support/realtime";
import { DEMO, browserAvailable, demoWorkspace, launchBrowser, shootStates, signIn, type DocumentRef, type Person } from "../support/browser";

/**
 * The inbox in a real browser against the demo server: a mention made by someone else appears
 * live in the header's count and in /inbox (the person's own event stream, no reload), marking
 * read updates the count, each notification links to its thread, and the email preference shows
 * and changes what the server has.
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let ownerApi: ApiClient;
let jorgeApi: ApiClient;
let project: { id: string; name: string };
let canvasDoc: DocumentRef;
let jorge: Person;
let jorgeId: string;

const unreadOf = async () => (await jorgeApi.get("/api/notifications")).body.unread as number;
/** The header link, by the accessible name that carries the count. */
const headerLink = (page: Page, unread: number) =>
  page.getByRole("banner").getByRole("link", { name: unread > 0 ? new RegExp(`^Avisos\\s*,\\s*${unread}\\s+sin leer$`) : /^Avisos$/ });

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  ({ ownerApi, project, canvasDoc } = await demoWorkspace(server.url));
  jorgeApi = await signedIn(server.url, DEMO.commenter, DEMO.password);
  const members = (await ownerApi.get(`/api/projects/${project.id}/members`)).body.members as { userId: string; name: string }[];
  jorgeId = members.find((m) => m.name.startsWith("Jorge Ibarra"))!.userId;
  ({ browser, close: closeBrowser } = await launchBrowser());
  jorge = await signIn(browser, server.url, DEMO.commenter, DEMO.password);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

describe.skipIf(!enabled)("the inbox in a browser", () => {
  let threadId: string;

  it("shows a new mention live in the header's count and in the inbox, and marking read lowers the count", async () => {
    const page = jorge.page;
    // Marked read first (before the page opens: no refresh of that may overlap what follows),
    // so the count starts from a known zero whatever the demo left.
    await jorgeApi.post("/api/notifications/read", { all: true });
    await page.goto("/inbox");
    await page.getByRole("heading", { level: 1, name: "Avisos" }).waitFor();
    await headerLink(page, 0).waitFor();
    await page.getByRole("heading", { name: "Todo leído" }).waitFor();

    // Someone else mentions Jorge: nothing is reloaded on his side.
    const created = await ownerApi.post(`/api/documents/${canvasDoc.id}/threads`, {
      anchor: { type: "canvas", point: { x: 120, y: 80 } },
      body: `¿Puede revisar el acceso peatonal, @[Jorge Ibarra Quintero](${jorgeId})?`,
    });
    expect(created.status).toBe(201);
    threadId = created.body.id;

    await headerLink(page, 1).waitFor();
    const entry = page.getByRole("listitem").filter({ hasText: "Lucía Méndez Arriaga (IMPLAN) te mencionó en «Croquis de diseño conceptual»" }).first();
    await entry.waitFor();
    await entry.getByText("Sin leer").waitFor();
    await page.getByRole("heading", { name: "1 sin leer" }).waitFor();

    await shootStates(page, "inbox-unread");

    // On a phone the header keeps to two rows: «Avisos» is its bell and count, named in full.
    await page.setViewportSize({ width: 390, height: 844 });
    await headerLink(page, 1).waitFor();
    expect(await page.locator(".inbox-link-text").boundingBox()).toMatchObject({ width: 1, height: 1 });
    const middles = await page
      .locator(".brand, .nav-link, .language-switch, .inbox-link, .session-avatar, .header .button-ghost")
      .evaluateAll((items) => items.map((e) => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2)));
    expect(middles.length).toBeGreaterThanOrEqual(6);
    expect(new Set(middles).size).toBeLessThanOrEqual(2);
    await page.setViewportSize({ width: 1360, height: 900 });

    await entry.getByRole("button", { name: /^Marcar como leído/ }).click();
    await headerLink(page, 0).waitFor();
    await page.getByRole("heading", { name: "Todo leído" }).waitFor();
    expect(await entry.getByText("Sin leer").count()).toBe(0);
    expect(await unreadOf()).toBe(0);
  });

  it("counts mentions that arrive on any page, and leads from the inbox to the thread", async () => {
    const page = jorge.page;
    await page.goto("/");
    await headerLink(page, 0).waitFor();
    const reply = await ownerApi.post(`/api/threads/${threadId}/comments`, { body: `Gracias, @[Jorge Ibarra Quintero](${jorgeId}).` });
    expect(reply.status).toBe(201);
    await headerLink(page, 1).click();
    await page.waitForURL("**/inbox");
    const open = page.getByRole("link", { name: "Ver el comentario en «Croquis de diseño conceptual»" }).first();
    expect(await open.getAttribute("href")).toBe(`/documents/${canvasDoc.id}?thread=${threadId}`);
    await page.getByRole("button", { name: "Marcar todos como leídos" }).click();
    await headerLink(page, 0).waitFor();
  });

  it("refreshes an open project workspace when someone else changes the project (its event stream)", async () => {
    const page = jorge.page;
    await page.goto(`/projects/${project.id}`);
    await page.getByRole("heading", { level: 1, name: project.name }).waitFor();
    const renamed = `${project.name} (renombrado)`;
    expect((await ownerApi.patch(`/api/projects/${project.id}`, { name: renamed })).status).toBe(200);
    await page.getByRole("heading", { level: 1, name: renamed }).waitFor();
    expect((await ownerApi.patch(`/api/projects/${project.id}`, { name: project.name })).status).toBe(200);
    await page.getByRole("heading", { level: 1, name: project.name, exact: true }).waitFor();
  });

  it("shows and changes the email preference the server has", async () => {
    const page = jorge.page;
    await page.goto("/inbox");
    const toggle = page.getByRole("checkbox", { name: "Recibir también por correo" });
    await expect.poll(() => toggle.isChecked()).toBe(true);
    // The box shows the server's answer: it changes once the server has stored the choice.
    await toggle.click();
    await page.getByText("Los avisos no se envían por correo.").waitFor();
    expect((await jorgeApi.get("/api/me/preferences")).body).toEqual({ emailNotifications: false });
    await page.reload();
    await expect.poll(() => page.getByRole("checkbox", { name: "Recibir también por correo" }).isChecked()).toBe(false);
    await shootStates(page, "inbox-read");
  });

  it("says so when there is nothing", async () => {
    const elena = await signIn(browser, server.url, "elena.campos@demo.taller.local", DEMO.password);
    try {
      await elena.page.goto("/inbox");
      await elena.page.getByText("No tienes avisos").waitFor();
      await shootStates(elena.page, "inbox-empty");
    } finally {
      await elena.context.close();
    }
  });
});
