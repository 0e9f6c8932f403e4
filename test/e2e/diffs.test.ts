import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Browser } from "playwright-core";
import type { WebsocketProvider } from "y-websocket";
import { canvasStore, STUDY_FIELD } from "@taller/editor-schema";
import { geoShape } from "@taller/editor-schema/testing";
import type { ApiClient } from "../support/api-client";
import { CollabTestServer, connectClient, synced } from "../support/realtime";
import { DEMO, browserAvailable, demoWorkspace, launchBrowser, shootStates, signIn, type DocumentRef, type Person } from "../support/browser";
import { appendParagraph } from "../support/study-content";

/**
 * The diff page in a real browser (documents/:id/versions/:versionId/diff?against=): the owner of
 * the demo project freezes v1 of the study and of the canvas, a stock collaboration client edits
 * both (words added to a paragraph, a new paragraph; a shape moved, one removed, one added), v2 is
 * frozen, and the page shows the words inserted inline and the shapes marked over the later canvas,
 * with counts, in both languages and on a phone.
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let ownerApi: ApiClient;
let textDoc: DocumentRef;
let canvasDoc: DocumentRef;
let owner: Person;
const providers: WebsocketProvider[] = [];

async function freeze(documentId: string, name: string): Promise<{ id: string; number: number }> {
  const res = await ownerApi.post(`/api/documents/${documentId}/versions`, { name });
  expect(res.status).toBe(201);
  return res.body;
}

/** A stock y-websocket client of the owner on a document, synced. */
async function live(collabName: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const provider = connectClient(server, collabName, { cookie: ownerApi.cookie }, { doc });
  providers.push(provider);
  await synced(provider);
  return doc;
}

/** Waits until the server's live content satisfies `ok` (the edits have arrived). */
async function serverHas(documentId: string, ok: (body: { content?: unknown; records?: Record<string, unknown> }) => boolean) {
  await expect.poll(async () => ok((await ownerApi.get(`/api/documents/${documentId}/content`)).body), { timeout: 15_000 }).toBe(true);
}

const label = (text: string) => ({ richText: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] } });

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  ({ ownerApi, textDoc, canvasDoc } = await demoWorkspace(server.url));
  ({ browser, close: closeBrowser } = await launchBrowser());
  owner = await signIn(browser, server.url, DEMO.owner, DEMO.password);
}, 180_000);

afterAll(async () => {
  for (const provider of providers) provider.destroy();
  await closeBrowser?.();
  await server?.close();
});

describe.skipIf(!enabled)("the diff page", () => {
  it("shows a study's inserted words inline, the changed sections and the counts; «Comparar con» switches to the live document", async () => {
    const v1 = await freeze(textDoc.id, "Borrador para el comité");
    const doc = await live(textDoc.collabName);
    doc.transact(() => {
      // Words at the start of the paragraph under «1. Resumen ejecutivo» (the template's, maybe still empty).
      const nodes = doc.getXmlFragment(STUDY_FIELD).toArray();
      const at = nodes.findIndex((n) => n instanceof Y.XmlElement && n.nodeName === "heading" && n.toString().includes("1. Resumen ejecutivo"));
      const paragraph = nodes[at + 1] as Y.XmlElement;
      let text = paragraph.get(0);
      if (!(text instanceof Y.XmlText)) {
        text = new Y.XmlText();
        paragraph.insert(0, [text]);
      }
      (text as Y.XmlText).insert(0, "Versión revisada por Obra Pública: ");
    });
    appendParagraph(doc, "Se agrega el aforo vehicular de 12,000 vehículos diarios.");
    await serverHas(textDoc.id, (body) => JSON.stringify(body.content).includes("aforo vehicular"));
    const v2 = await freeze(textDoc.id, "Para revisión");

    const page = owner.page;
    await page.goto(`/documents/${textDoc.id}/versions/${v2.id}/diff?against=${v1.id}`);
    await page.getByRole("heading", { level: 1, name: `Cambios de v${v1.number} «Borrador para el comité» a v${v2.number} «Para revisión»` }).waitFor();
    const summary = page.getByTestId("diff-summary");
    await expect.poll(() => summary.textContent()).toContain("Palabras añadidas: 14 · eliminadas: 0");
    await expect.poll(() => summary.textContent()).toContain("Párrafos modificados: 1 · añadidos: 1 · eliminados: 0");
    // The insertions are <ins> elements whose text a screen reader hears as «inserción: …».
    const inserted = page.locator("ins.diff-ins");
    await expect.poll(() => inserted.allTextContents()).toEqual([
      "inserción: Versión revisada por Obra Pública:  (fin de inserción)",
      "inserción: Se agrega el aforo vehicular de 12,000 vehículos diarios. (fin de inserción)",
    ]);
    // Unchanged stretches fold; a changed section's link moves focus to it.
    expect(await page.getByRole("button", { name: /^Mostrar \d+ párrafos? sin cambios$/ }).count()).toBeGreaterThan(0);
    const sections = page.getByRole("navigation", { name: "Secciones con cambios" }).getByRole("link");
    expect(await sections.count()).toBeGreaterThan(0);
    await sections.last().click();
    await expect.poll(() => page.evaluate("document.activeElement?.classList.contains('diff-block') ?? false")).toBe(true);
    await shootStates(page, "diff-text");

    // «Comparar con» the live document, which v2 equals.
    await page.getByLabel("Comparar con").selectOption("live");
    await expect.poll(() => new URL(page.url()).searchParams.get("against")).toBe("live");
    await page.getByText("No hay diferencias entre las dos.").waitFor();
    expect(owner.foreignRequests).toEqual([]);
  });

  it("draws the later canvas with the added, moved and removed shapes marked, counted and listed; choosing one zooms to it", async () => {
    const doc = await live(canvasDoc.collabName);
    const kv = canvasStore(doc);
    let pageId = [...kv.map.values()].map((e) => e.val as { typeName?: string; id?: string }).find((r) => r.typeName === "page")?.id;
    doc.transact(() => {
      if (!pageId) {
        pageId = "page:diff";
        kv.set(pageId, { id: pageId, typeName: "page", name: "Planta", index: "a1", meta: {} });
      }
      kv.set("shape:pila", geoShape("shape:pila", { parentId: pageId, x: 200, y: 200, props: { w: 120, h: 80, color: "blue", ...label("Pila central") } }));
      kv.set("shape:caseta", geoShape("shape:caseta", { parentId: pageId, x: 500, y: 200, props: { w: 100, h: 100, ...label("Caseta de cobro") } }));
    });
    await serverHas(canvasDoc.id, (body) => Boolean(body.records?.["shape:caseta"]));
    const v1 = await freeze(canvasDoc.id, "Croquis inicial");
    doc.transact(() => {
      kv.set("shape:pila", geoShape("shape:pila", { parentId: pageId, x: 200, y: 420, props: { w: 120, h: 80, color: "blue", ...label("Pila central") } }));
      kv.delete("shape:caseta");
      kv.set("shape:luminaria", geoShape("shape:luminaria", { parentId: pageId, x: 560, y: 420, props: { w: 60, h: 60, geo: "ellipse", color: "green", ...label("Luminaria") } }));
    });
    await serverHas(canvasDoc.id, (body) => Boolean(body.records?.["shape:luminaria"]) && !body.records?.["shape:caseta"]);
    const v2 = await freeze(canvasDoc.id, "Croquis ajustado");

    const page = owner.page;
    await page.goto(`/documents/${canvasDoc.id}/versions/${v1.id}/diff?against=${v2.id}`);
    await page.getByRole("heading", { level: 1, name: `Cambios de v${v1.number} «Croquis inicial» a v${v2.number} «Croquis ajustado»` }).waitFor();
    await page.locator(".diff-canvas-surface .tl-canvas").waitFor({ timeout: 30_000 });
    const legend = page.getByTestId("diff-legend");
    await expect.poll(() => legend.textContent()).toBe("Añadidas: 1Movidas: 1Modificadas: 0Eliminadas: 1");
    // The later shapes are drawn by tldraw, and the removed and moved ones as ghosts at their earlier place.
    for (const id of ["shape:pila", "shape:luminaria", "shape:diff-ghost-caseta", "shape:diff-ghost-pila"]) {
      await page.locator(`.tl-shape[data-shape-id="${id}"]`).waitFor({ timeout: 10_000 });
    }
    await expect.poll(() => page.locator(".diff-mark-tag").allTextContents()).toEqual(["Añadida", "Movida", "Eliminada"]);
    const changes = page.getByRole("region", { name: "Cambios en las formas" }).getByRole("button");
    expect(await changes.allTextContents()).toEqual(["AñadidaFigura «Luminaria»", "MovidaFigura «Pila central»", "EliminadaFigura «Caseta de cobro»"]);
    const moved = changes.nth(1);
    const before = await page.locator('.tl-shape[data-shape-id="shape:pila"]').boundingBox();
    await moved.click();
    await expect.poll(() => moved.getAttribute("aria-pressed")).toBe("true");
    await page.locator(".diff-mark-moved.is-selected").waitFor();
    // The camera went to the shape and its earlier place: the shape is drawn elsewhere on screen.
    await expect.poll(async () => JSON.stringify(await page.locator('.tl-shape[data-shape-id="shape:pila"]').boundingBox()), { timeout: 5_000 }).not.toBe(JSON.stringify(before));
    await shootStates(page, "diff-canvas", async () => {
      await page.getByRole("button", { name: /^(Ver todo|Show all)$/ }).click();
      await page.locator(".diff-canvas-surface").scrollIntoViewIfNeeded();
    });
    expect(owner.foreignRequests).toEqual([]);
  });
});
