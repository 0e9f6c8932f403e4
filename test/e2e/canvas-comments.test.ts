import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { CollabTestServer } from "../support/realtime";
import { DEMO, browserAvailable, demoWorkspace, drawRectangle, launchBrowser, screenshot, shootStates, signIn, type DocumentRef, type Person } from "../support/browser";

/**
 * Comments on the design canvas, in a real browser: the editor draws a rectangle, a commenter of
 * another agency (read-only on the canvas) pins a comment to it with the «Comentar» tool; the pin
 * follows the shape when the editor moves it (through Yjs), stays where the shape was, marked
 * orphaned, when the editor deletes it, and goes back on the shape when the editor undoes.
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let canvasDoc: DocumentRef;
let editor: Person;
let commenter: Person;

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  ({ canvasDoc } = await demoWorkspace(server.url));
  ({ browser, close: closeBrowser } = await launchBrowser());
  editor = await signIn(browser, server.url, DEMO.editor, DEMO.password);
  commenter = await signIn(browser, server.url, DEMO.commenter, DEMO.password);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

async function openCanvas(person: Person) {
  await person.page.goto(`/documents/${canvasDoc.id}`);
  await person.page.locator(".tl-canvas").waitFor({ timeout: 30_000 });
}

const shapeIds = (page: Page) => page.locator(".tl-shapes .tl-shape").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-shape-id")!));
const shapeBox = async (page: Page, id: string) => (await page.locator(`.tl-shape[data-shape-id="${id}"]`).boundingBox())!;

/** Where a pin points: its bubble's bottom-left corner (the CSS puts the anchored spot there). */
async function pinTip(pin: Locator): Promise<{ x: number; y: number }> {
  const bubble = (await pin.locator(".canvas-pin-bubble").boundingBox())!;
  return { x: bubble.x, y: bubble.y + bubble.height };
}

/** The pin is within a few pixels of the point `fx, fy` (fractions) of the shape as this page shows it. */
async function expectPinOnShape(page: Page, pin: Locator, shapeId: string, fx: number, fy: number) {
  await expect
    .poll(
      async () => {
        const box = await shapeBox(page, shapeId);
        const tip = await pinTip(pin);
        return Math.max(Math.abs(tip.x - (box.x + fx * box.width)), Math.abs(tip.y - (box.y + fy * box.height)));
      },
      { timeout: 10_000 },
    )
    .toBeLessThan(6);
}

describe.skipIf(!enabled)("comments on the canvas", () => {
  it("pins a commenter's comment to a shape; the pin follows the shape, is orphaned when it is deleted, and comes back on undo", async () => {
    await Promise.all([openCanvas(editor), openCanvas(commenter)]);
    const before = await shapeIds(editor.page);
    await drawRectangle(editor.page);
    await expect.poll(async () => (await shapeIds(editor.page)).length).toBe(before.length + 1);
    const shapeId = (await shapeIds(editor.page)).find((id) => !before.includes(id))!;
    await commenter.page.locator(`.tl-shape[data-shape-id="${shapeId}"]`).waitFor({ timeout: 10_000 });
    // The drawing arrives as it grew: wait for its final size (both canvases open at the same zoom).
    const drawn = await shapeBox(editor.page, shapeId);
    await expect.poll(async () => (await shapeBox(commenter.page, shapeId)).width, { timeout: 10_000 }).toBeCloseTo(drawn.width, 0);
    await expect.poll(async () => (await shapeBox(commenter.page, shapeId)).height, { timeout: 10_000 }).toBeCloseTo(drawn.height, 0);

    // The commenter (read-only on the canvas) takes «Comentar» from the toolbar and clicks a quarter into the shape.
    await commenter.page.getByRole("button", { name: /^Comentar/ }).first().click();
    await commenter.page.getByRole("status").filter({ hasText: /haz clic en una figura/i }).waitFor();
    const box = await shapeBox(commenter.page, shapeId);
    await commenter.page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.25);
    const composer = commenter.page.getByRole("dialog", { name: "Nuevo comentario en una figura" });
    await composer.getByLabel("Comentario", { exact: true }).fill("La banqueta debe medir al menos 2.5 m en este tramo.");
    await screenshot(commenter.page, "canvas-comments-composer");
    await composer.getByRole("button", { name: "Publicar comentario" }).click();

    await composer.waitFor({ state: "hidden" });

    const pin = commenter.page.getByRole("button", { name: /^Comentario 1 de Jorge Ibarra Quintero \(OP\)$/ });
    await pin.waitFor();
    await expectPinOnShape(commenter.page, pin, shapeId, 0.25, 0.25);

    // The editor drags the shape away: the commenter's pin follows it (the move arrives through Yjs).
    const start = await shapeBox(commenter.page, shapeId);
    const editorBox = await shapeBox(editor.page, shapeId);
    await editor.page.mouse.move(editorBox.x + editorBox.width / 2, editorBox.y + editorBox.height / 2);
    await editor.page.mouse.down();
    await editor.page.mouse.move(editorBox.x + editorBox.width / 2 + 140, editorBox.y + editorBox.height / 2 + 70, { steps: 10 });
    await editor.page.mouse.up();
    await expect.poll(async () => (await shapeBox(commenter.page, shapeId)).x - start.x, { timeout: 10_000 }).toBeGreaterThan(100);
    await expectPinOnShape(commenter.page, pin, shapeId, 0.25, 0.25);
    // Resized (the bottom-right corner dragged out): the pin keeps its place on the shape.
    const moved = await shapeBox(editor.page, shapeId);
    const before2 = await shapeBox(commenter.page, shapeId);
    await editor.page.mouse.move(moved.x + moved.width, moved.y + moved.height);
    await editor.page.mouse.down();
    await editor.page.mouse.move(moved.x + moved.width + 120, moved.y + moved.height + 60, { steps: 10 });
    await editor.page.mouse.up();
    await expect.poll(async () => (await shapeBox(commenter.page, shapeId)).width - before2.width, { timeout: 10_000 }).toBeGreaterThan(80);
    await expectPinOnShape(commenter.page, pin, shapeId, 0.25, 0.25);
    const lastPlace = await pinTip(pin);

    // Deleted: the pin stays where the shape was, marked (icon and words, not colour alone).
    await editor.page.keyboard.press("Delete");
    await commenter.page.locator(`.tl-shape[data-shape-id="${shapeId}"]`).waitFor({ state: "detached", timeout: 10_000 });
    const orphaned = commenter.page.getByRole("button", { name: /^Comentario 1 de Jorge Ibarra Quintero \(OP\), figura eliminada$/ });
    await orphaned.waitFor();
    expect(await orphaned.getAttribute("data-orphaned")).toBe("true");
    expect(await orphaned.getByText("figura eliminada").isVisible()).toBe(true);
    const orphanedTip = await pinTip(orphaned);
    await screenshot(commenter.page, "canvas-comments-orphaned");
    expect(Math.abs(orphanedTip.x - lastPlace.x)).toBeLessThan(3);
    expect(Math.abs(orphanedTip.y - lastPlace.y)).toBeLessThan(3);

    // Undo brings the shape back, and the pin is on it again.
    await editor.page.keyboard.press("Control+z");
    await commenter.page.locator(`.tl-shape[data-shape-id="${shapeId}"]`).waitFor({ timeout: 10_000 });
    await expect.poll(() => pin.getAttribute("data-orphaned"), { timeout: 10_000 }).toBe("false");
    await expectPinOnShape(commenter.page, pin, shapeId, 0.25, 0.25);

    // The editor sees the pin too: the thread reached them through the project's event stream.
    await editor.page.getByRole("button", { name: /^Comentario 1 de Jorge Ibarra Quintero \(OP\)$/ }).waitFor({ timeout: 10_000 });

    // «Ir a la marca» in the panel brings a pin scrolled out of view back to the middle of the canvas.
    const surface = (await commenter.page.locator(".canvas-surface").boundingBox())!;
    await commenter.page.mouse.move(surface.x + surface.width / 2, surface.y + surface.height / 2);
    await commenter.page.mouse.wheel(0, 2000);
    await expect.poll(() => pin.count(), { timeout: 10_000 }).toBe(0);
    const card = (id: string) => commenter.page.locator(`.thread-card[data-thread-id="${id}"]`);
    const firstId = (await commenter.page.locator(".thread-card").first().getAttribute("data-thread-id"))!;
    await card(firstId).getByRole("button", { name: "Ir a la marca" }).click();
    await pin.waitFor();
    await expect
      .poll(async () => {
        const tip = await pinTip(pin);
        return Math.max(Math.abs(tip.x - (surface.x + surface.width / 2)), Math.abs(tip.y - (surface.y + surface.height / 2)));
      })
      .toBeLessThan(40);
    await expect.poll(() => commenter.page.evaluate<string | null>('document.activeElement?.getAttribute("aria-label") ?? null')).toMatch(/^Comentario 1 /);

    // The shortcut «c», a click on empty canvas, then Escape: the composer goes and nothing is posted.
    await commenter.page.mouse.click(surface.x + 120, surface.y + surface.height - 160);
    await commenter.page.keyboard.press("c");
    await commenter.page.mouse.click(surface.x + 120, surface.y + surface.height - 160);
    const pointComposer = commenter.page.getByRole("dialog", { name: "Nuevo comentario en un punto del lienzo" });
    await pointComposer.waitFor();
    await commenter.page.keyboard.press("Escape");
    await pointComposer.waitFor({ state: "hidden" });
    // Without a pointer: Enter picks the middle of the view (or the selected shape).
    await commenter.page.keyboard.press("Enter");
    await pointComposer.waitFor();
    await commenter.page.keyboard.press("Escape");
    await pointComposer.waitFor({ state: "hidden" });

    const toggle = commenter.page.locator(".canvas-comments-toggle");
    const drawer = async (open: boolean) => {
      if (!(await toggle.isVisible())) return;
      if ((await toggle.getAttribute("aria-expanded")) !== String(open)) {
        await (open ? toggle : commenter.page.locator(".canvas-comments-panel .comments-panel-close")).click();
      }
      await commenter.page.locator("#canvas-comments-panel").waitFor({ state: open ? "visible" : "hidden" });
    };

    // A drag marks a region: a dashed rectangle, and the second pin on its corner.
    await commenter.page.mouse.move(surface.x + 100, surface.y + 160);
    await commenter.page.mouse.down();
    await commenter.page.mouse.move(surface.x + 260, surface.y + 260, { steps: 6 });
    await commenter.page.mouse.up();
    const regionComposer = commenter.page.getByRole("dialog", { name: /^(Nuevo comentario en un área del lienzo|New comment on an area of the canvas)$/ });
    await regionComposer.waitFor();
    await shootStates(commenter.page, "canvas-comments-composer", async () => {
      await drawer(false);
      await commenter.page.locator(".canvas-composer").scrollIntoViewIfNeeded();
    });
    await regionComposer.getByLabel("Comentario", { exact: true }).fill("Falta el arbolado en esta zona.");
    await regionComposer.getByRole("button", { name: "Publicar comentario" }).click();
    const second = commenter.page.getByRole("button", { name: /^Comentario 2 de Jorge Ibarra Quintero \(OP\)$/ });
    await second.waitFor();
    expect(await commenter.page.locator(".canvas-comment-region").count()).toBe(1);
    const regionBox = (await commenter.page.locator(".canvas-comment-region").boundingBox())!;
    expect(Math.abs(regionBox.x - (surface.x + 100))).toBeLessThan(4);
    expect(Math.abs(regionBox.width - 160)).toBeLessThan(4);
    await screenshot(commenter.page, "canvas-comments-region");
    // The region names the page it was drawn on (so other pages do not show it).
    const secondId = (await second.getAttribute("data-thread-id"))!;
    const listed = (await (await commenter.page.request.get(`/api/documents/${canvasDoc.id}/threads`)).json()) as { threads: { id: string; anchor: { pageId?: string } }[] };
    expect(listed.threads.find((th) => th.id === secondId)?.anchor.pageId).toMatch(/^page:/);

    // Resolved by its opener: its pin goes while the panel lists open threads, and shows with resolved ones.
    await card(secondId).getByRole("button", { name: "Resolver" }).click();
    await card(secondId).getByRole("button", { name: "Marcar como resuelto" }).click();
    await second.waitFor({ state: "detached" });
    await commenter.page.locator(".canvas-comments-panel").getByText("Resueltos", { exact: true }).click();
    await commenter.page.getByRole("button", { name: /^Comentario 2 de Jorge Ibarra Quintero \(OP\), resuelto$/ }).waitFor();
    await commenter.page.locator(".canvas-comments-panel").getByText("Abiertos", { exact: true }).click();

    // Screens: the pins with the thread selected, then the panel (a drawer on a phone).

    await pin.click();
    await shootStates(commenter.page, "canvas-comments-pins", () => drawer(false));
    await shootStates(commenter.page, "canvas-comments-panel", () => drawer(true));

    // A link to a thread (the inbox's) opens the canvas with the thread selected and its pin in the middle.
    await commenter.page.goto(`/documents/${canvasDoc.id}?thread=${firstId}`);
    await pin.waitFor({ timeout: 30_000 });
    const centre = (await commenter.page.locator(".canvas-surface").boundingBox())!;
    await expect
      .poll(async () => {
        const tip = await pinTip(pin);
        return Math.max(Math.abs(tip.x - (centre.x + centre.width / 2)), Math.abs(tip.y - (centre.y + centre.height / 2)));
      })
      .toBeLessThan(40);
    expect(await pin.getAttribute("aria-current")).toBe("true");
  }, 180_000);
});
