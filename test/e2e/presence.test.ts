import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import type { WebsocketProvider } from "y-websocket";
import { colorFor } from "@taller/domain";
import { signedIn, type ApiClient } from "../support/api-client";
import { CollabTestServer, connectClient, synced } from "../support/realtime";
import { DEMO, browserAvailable, demoWorkspace, launchBrowser, signIn, type DocumentRef, type Person } from "../support/browser";

/**
 * Presence as people see it in the web app (issue 9, case 9): a real browser's «En el documento»
 * list shows who is really there — a read-only person whose client claims the owner's name,
 * agency and colour is listed under their own name, not folded into the owner's entry.
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let owner: Person;
let textDoc: DocumentRef;
let canvasDoc: DocumentRef;
const spoofers: WebsocketProvider[] = [];

type Me = { id: string; name: string; org: { shortName: string } };
let lucia: Me; // the owner
let jorge: Me; // a commenter
let commenterApi: ApiClient;

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  let ownerApi: ApiClient;
  ({ ownerApi, textDoc, canvasDoc } = await demoWorkspace(server.url));
  commenterApi = await signedIn(server.url, DEMO.commenter, DEMO.password);
  lucia = (await ownerApi.get("/api/auth/me")).body.user as Me;
  jorge = (await commenterApi.get("/api/auth/me")).body.user as Me;
  ({ browser, close: closeBrowser } = await launchBrowser());
  owner = await signIn(browser, server.url, DEMO.owner, DEMO.password);
}, 180_000);

afterAll(async () => {
  for (const spoofer of spoofers) spoofer.destroy();
  await closeBrowser?.();
  await server?.close();
});

/** A stock client with the commenter's session on `collabName`, claiming to be the owner. */
async function spoofOwner(collabName: string): Promise<void> {
  const spoofer = connectClient(server, collabName, commenterApi);
  spoofers.push(spoofer);
  spoofer.awareness.setLocalStateField("user", { name: lucia.name, org: lucia.org.shortName, color: colorFor(lucia.id) });
  await synced(spoofer);
}

describe.skipIf(!enabled)("presence in the browser", () => {
  it("lists a person who claims the owner's identity under their own name and agency", async () => {
    await owner.page.goto(`/documents/${textDoc.id}`);
    const presence = owner.page.locator(".study-presence");
    await presence.getByText(lucia.name).waitFor();

    await spoofOwner(textDoc.collabName);

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
    await owner.page.goto(`/documents/${canvasDoc.id}`);
    await owner.page.locator(".tl-canvas").waitFor({ timeout: 30_000 });
    const people = owner.page.locator(".canvas-people");
    await people.locator(".canvas-person-name").first().waitFor();

    await spoofOwner(canvasDoc.collabName);

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
