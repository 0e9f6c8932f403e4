import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import type { WebsocketProvider } from "y-websocket";
import { colorFor } from "@taller/domain";
import { CollabTestServer, HttpSession, connectClient, synced } from "../support/realtime";
import { browserAvailable, launchBrowser, signIn, type Person } from "../support/browser";

/**
 * Presence as people see it in the web app (issue 9, case 9): a real browser's «En el documento»
 * list shows who is really there — a read-only person whose client claims the owner's name,
 * agency and colour is listed under their own name, not folded into the owner's entry.
 */
const DEMO_PASSWORD = "demo-taller-2026";
const OWNER = "lucia.mendez@demo.taller.local";
const COMMENTER = "jorge.ibarra@demo.taller.local";

const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let owner: Person;
let textDoc: { id: string; collabName: string };
let canvasDoc: { id: string; collabName: string };
const spoofers: WebsocketProvider[] = [];

type Me = { id: string; name: string; org: { shortName: string } };

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  const api = await HttpSession.login(server.url, OWNER, DEMO_PASSWORD);
  const projects = (await api.call("GET", "/api/projects")).body.projects as { id: string; stage: string }[];
  const project = projects.find((p) => p.stage === "prefeasibility") ?? projects[0]!;
  const documents = (await api.call("GET", `/api/projects/${project.id}/documents`)).body.documents as { id: string; collabName: string; kind: string }[];
  textDoc = documents.find((d) => d.kind === "text")!;
  canvasDoc = documents.find((d) => d.kind === "canvas")!;
  ({ browser, close: closeBrowser } = await launchBrowser());
  owner = await signIn(browser, server.url, OWNER, DEMO_PASSWORD);
}, 180_000);

afterAll(async () => {
  for (const spoofer of spoofers) spoofer.destroy();
  await closeBrowser?.();
  await server?.close();
});

describe.skipIf(!enabled)("presence in the browser", () => {
  it("lists a person who claims the owner's identity under their own name and agency", async () => {
    const ownerApi = await HttpSession.login(server.url, OWNER, DEMO_PASSWORD);
    const commenterApi = await HttpSession.login(server.url, COMMENTER, DEMO_PASSWORD);
    const lucia = (await ownerApi.call("GET", "/api/auth/me")).body.user as Me;
    const jorge = (await commenterApi.call("GET", "/api/auth/me")).body.user as Me;

    await owner.page.goto(`/documents/${textDoc.id}`);
    const presence = owner.page.locator(".study-presence");
    await presence.getByText(lucia.name).waitFor();

    // A stock client with the commenter's session, claiming to be the owner.
    const spoofer = connectClient(server, textDoc.collabName, commenterApi);
    spoofers.push(spoofer);
    spoofer.awareness.setLocalStateField("user", { name: lucia.name, org: lucia.org.shortName, color: colorFor(lucia.id) });
    await synced(spoofer);

    await presence.getByText(jorge.name).waitFor({ timeout: 15_000 });
    const names = await presence.locator(".study-person-name").allTextContents();
    expect(names).toHaveLength(2);
    expect(names.some((n) => n.startsWith(lucia.name))).toBe(true);
    const jorgeEntry = presence.locator(".study-person", { hasText: jorge.name });
    await expect(jorgeEntry.locator(".study-person-org").textContent()).resolves.toBe(jorge.org.shortName);
    const avatar = await jorgeEntry.locator(".study-avatar").evaluate((el) => (el as unknown as { style: { backgroundColor: string } }).style.backgroundColor);
    expect(avatar).toBe(hexToRgb(colorFor(jorge.id)));
  });

  it("does the same in a canvas's participants list", async () => {
    const ownerApi = await HttpSession.login(server.url, OWNER, DEMO_PASSWORD);
    const commenterApi = await HttpSession.login(server.url, COMMENTER, DEMO_PASSWORD);
    const lucia = (await ownerApi.call("GET", "/api/auth/me")).body.user as Me;
    const jorge = (await commenterApi.call("GET", "/api/auth/me")).body.user as Me;

    await owner.page.goto(`/documents/${canvasDoc.id}`);
    await owner.page.locator(".tl-canvas").waitFor({ timeout: 30_000 });
    const people = owner.page.locator(".canvas-people");
    await people.locator(".canvas-person-name").first().waitFor();

    const spoofer = connectClient(server, canvasDoc.collabName, commenterApi);
    spoofers.push(spoofer);
    spoofer.awareness.setLocalStateField("user", { name: lucia.name, org: lucia.org.shortName, color: colorFor(lucia.id) });
    await synced(spoofer);

    await people.getByText(jorge.name).waitFor({ timeout: 15_000 });
    const jorgeEntry = people.locator(".canvas-person", { hasText: jorge.name });
    await expect(jorgeEntry.locator(".canvas-person-org").textContent()).resolves.toBe(jorge.org.shortName);
    expect(await people.locator(".canvas-person-name").count()).toBe(2);
  });
});

function hexToRgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
