import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { signedIn, type ApiClient } from "../support/api-client";
import { CollabTestServer } from "../support/realtime";
import { DEMO, browserAvailable, demoWorkspace, launchBrowser, shootStates, signIn, type DocumentRef, type Person } from "../support/browser";

/**
 * Coordination comments on a study's text in a real browser, two people in separate contexts
 * against a real server (demo portfolio, embedded database): a commenter of another agency
 * (Jorge, OP, read-only in the editor) selects a sentence and comments, mentioning the editor;
 * the editor (Andrés, IMPLAN) sees the highlight and the thread arrive live (the project event
 * stream), types before the sentence and the highlight still covers exactly it; the editor cannot
 * resolve the agency's thread (no button, and the API answers 403), the opener does; the mention
 * reaches the editor's inbox and its link opens the thread. Screenshots in .screenshots/.
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let textDoc: DocumentRef;
let editor: Person; // Andrés Soto Villanueva, IMPLAN, editor
let commenter: Person; // Jorge Ibarra Quintero, OP, commenter
let editorApi: ApiClient;
let andres: { id: string; name: string };
let threadId: string;

const SENTENCE = "El trazo propuesto cruza el derecho de vía federal.";
const SCRIPT = "<img src=x onerror=alert(1)>";

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  ({ textDoc } = await demoWorkspace(server.url));
  editorApi = await signedIn(server.url, DEMO.editor, DEMO.password);
  andres = (await editorApi.get("/api/auth/me")).body.user as { id: string; name: string };
  ({ browser, close: closeBrowser } = await launchBrowser());
  editor = await signIn(browser, server.url, DEMO.editor, DEMO.password);
  commenter = await signIn(browser, server.url, DEMO.commenter, DEMO.password);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

const prose = (page: Page) => page.locator(".ProseMirror").first();
const highlights = (page: Page) => page.locator(".ProseMirror .comment-highlight");
const panel = (page: Page) => page.getByRole("complementary", { name: /^(Comentarios|Comments)\b/ });
const threadCard = (page: Page) => panel(page).locator(".thread-card").filter({ hasText: SENTENCE });

/** The text every highlight covers, joined (one thread may span several decorated pieces). */
const highlighted = (page: Page) => highlights(page).allTextContents().then((parts) => parts.join(""));

/** The study's text as the reader sees it, without other people's caret labels (runs in the page). */
const studyText = (page: Page): Promise<string> =>
  page.evaluate(`(() => {
    const copy = document.querySelector(".ProseMirror").cloneNode(true);
    for (const caret of copy.querySelectorAll(".collaboration-carets__caret")) caret.remove();
    return copy.textContent ?? "";
  })()`);

/** Brings the thread into view for a screenshot: on a phone the panel is a drawer, opened from the bar. */
async function showThread(page: Page) {
  if (!(await panel(page).isVisible())) await page.locator(".study-comments-toggle").click();
  await threadCard(page).scrollIntoViewIfNeeded();
}

async function openStudy(person: Person, query = "") {
  await person.page.goto(`/documents/${textDoc.id}${query}`);
  await prose(person.page).waitFor();
  await person.page.getByText("1. Resumen ejecutivo").first().waitFor();
}

/** Selects `needle` in the page's study text as a mouse drag would (the DOM selection ProseMirror reads). */
async function selectInStudy(page: Page, needle: string) {
  // ProseMirror reads the page's selection on its next selectionchange: the «Comentar» bubble
  // shows once it has (both people here may comment), so keys pressed next act on it. A remote
  // edit re-rendering the paragraph between our addRange and that selectionchange puts the
  // editor's old selection back (seen under CI load), so the selection is made again until the
  // bubble shows.
  const bubble = page.locator(".study-comment-bubble");
  for (let attempt = 1; ; attempt++) {
    await placeSelection(page, needle);
    try {
      await bubble.waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

async function placeSelection(page: Page, needle: string) {
  // Source text run in the page (this package type-checks without the DOM library).
  await page.evaluate(`((text) => {
    const root = document.querySelector(".ProseMirror");
    root.focus();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent.indexOf(text);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return;
    }
    throw new Error("«" + text + "» is not in the study");
  })(${JSON.stringify(needle)})`);
}

describe.skipIf(!enabled)("comments on a study's text", () => {
  it("a commenter of another agency comments a sentence; the editor sees it live, keeps it while typing, cannot resolve it; the opener does", async () => {
    // The editor writes the sentence the agency will object to.
    await openStudy(editor);
    await openStudy(commenter);
    await editor.page.locator(".ProseMirror[contenteditable=true] p").first().click();
    await editor.page.keyboard.type(`Antecedentes. ${SENTENCE} Se requiere dictamen.`);
    // The whole line, not only the sentence: the rest still arriving would re-render the paragraph.
    await prose(commenter.page).getByText(`${SENTENCE} Se requiere dictamen.`, { exact: false }).waitFor({ timeout: 15_000 });

    // The commenter (read-only editor) selects it: the bubble offers «Comentar»; the keyboard
    // shortcut opens the composer on the same selection.
    expect(await prose(commenter.page).getAttribute("contenteditable")).toBe("false");
    await selectInStudy(commenter.page, SENTENCE);
    await commenter.page.locator(".study-comment-bubble").waitFor();
    expect(await commenter.page.locator(".study-comment-bubble").textContent()).toBe("Comentar");
    await prose(commenter.page).focus();
    await commenter.page.keyboard.press("Control+Alt+m");
    const composer = panel(commenter.page).getByRole("region", { name: "Nuevo comentario" });
    await composer.waitFor();
    expect(await composer.locator("blockquote").textContent()).toBe(SENTENCE);
    // While it is written, the passage stays marked in the text (the focus is in the composer).
    await expect.poll(() => commenter.page.locator(".ProseMirror .comment-highlight.is-pending").allTextContents().then((p) => p.join(""))).toBe(SENTENCE);

    // @ suggestions: a listbox of members (name and agency), chosen with the keyboard.
    const box = composer.getByRole("combobox", { name: "Comentario" });
    await expect.poll(() => box.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
    await box.pressSequentially("Falta el dictamen de la SCT. @andr");
    const options = commenter.page.getByRole("listbox", { name: "Personas del proyecto" }).getByRole("option");
    await options.first().waitFor();
    expect(await options.allTextContents()).toEqual(["Andrés Soto Villanueva, IMPLAN"]);
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    expect(await box.getAttribute("aria-activedescendant")).toBe(await options.first().getAttribute("id"));
    await box.press("Enter");
    await box.pressSequentially(`¿lo revisa? ${SCRIPT}`);
    expect(await box.inputValue()).toBe(`Falta el dictamen de la SCT. @[${andres.name}](${andres.id}) ¿lo revisa? ${SCRIPT}`);
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    await composer.getByRole("button", { name: "Publicar comentario" }).click();

    // The thread: the quote, the author's name and agency, the mention as the person, the script as text.
    await threadCard(commenter.page).waitFor();
    const card = threadCard(commenter.page);
    threadId = (await card.getAttribute("data-thread-id"))!;
    expect(await card.locator(".comment-person").first().textContent()).toBe("Jorge Ibarra Quintero OP");
    expect(await card.locator(".comment-body").first().textContent()).toBe(`Falta el dictamen de la SCT. @${andres.name} (IMPLAN) ¿lo revisa? ${SCRIPT}`);
    expect(await card.locator(".comment-body img").count()).toBe(0);
    expect(await highlighted(commenter.page)).toBe(SENTENCE);

    // The editor sees the highlight and the thread arrive, marked «nuevo» and announced politely.
    await highlights(editor.page).first().waitFor({ timeout: 15_000 });
    expect(await highlighted(editor.page)).toBe(SENTENCE);
    const editorCard = threadCard(editor.page);
    await editorCard.waitFor();
    await editorCard.locator(".thread-badge-new").filter({ hasText: "nuevo" }).waitFor();
    await expect.poll(() => panel(editor.page).locator('[role="status"][aria-live="polite"]').textContent()).toContain("Nuevo comentario de Jorge Ibarra Quintero (OP)");

    // The editor types right before the sentence: the highlight still covers it, and only it, on both sides.
    await selectInStudy(editor.page, "El trazo");
    await editor.page.keyboard.press("ArrowLeft");
    await editor.page.keyboard.type("(nota) ");
    await expect.poll(() => studyText(commenter.page), { timeout: 15_000 }).toContain(`(nota) ${SENTENCE}`);
    expect(await highlighted(editor.page)).toBe(SENTENCE);
    await expect.poll(() => highlighted(commenter.page)).toBe(SENTENCE);

    // An editor may not close an agency's thread: no «Resolver», and the API refuses a forced call.
    await editorCard.getByRole("button", { name: "Responder" }).click();
    await editorCard.getByRole("combobox", { name: "Respuesta" }).waitFor();
    expect(await editorCard.getByRole("button", { name: "Resolver" }).count()).toBe(0);
    const forced = await editor.page.evaluate(async (id) => {
      const res = await fetch(`/api/threads/${id}/resolve`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      return { status: res.status, code: ((await res.json()) as { error?: { code?: string } }).error?.code };
    }, threadId);
    expect(forced).toEqual({ status: 403, code: "forbidden" });
    const listed = await editorApi.get(`/api/documents/${textDoc.id}/threads`);
    expect(listed.body.threads.find((t: { id: string }) => t.id === threadId).status).toBe("open");
    await shootStates(editor.page, "comments-editor", () => showThread(editor.page));

    // The opener resolves it, with a note; the editor sees it resolved and its highlight gone.
    const jorgeCard = threadCard(commenter.page);
    await jorgeCard.getByRole("button", { name: "Resolver" }).click();
    await jorgeCard.getByLabel("Nota de resolución (opcional)").fill("Se agregó el dictamen en la sección 6.");
    await jorgeCard.getByRole("button", { name: "Marcar como resuelto" }).click();
    await jorgeCard.getByText(/^✓ Resuelto por Jorge Ibarra Quintero \(OP\) el /).waitFor();
    await jorgeCard.getByRole("button", { name: "Reabrir" }).waitFor();
    await editorCard.locator(".thread-badge-resolved").waitFor({ timeout: 15_000 });
    await editorCard.getByText("Se agregó el dictamen en la sección 6.").waitFor();
    // Resolved passages are not highlighted, except the thread one is reading (the selected one).
    expect(await editor.page.locator(".ProseMirror .comment-highlight:not(.is-selected)").count()).toBe(0);
    await editorCard.getByRole("button", { name: "Contraer el hilo" }).click();
    await expect.poll(() => highlights(editor.page).count()).toBe(0);
    // It now lists under «Resueltos», not «Abiertos».
    await expect.poll(() => threadCard(editor.page).count()).toBe(0);
    await panel(editor.page).getByRole("radio", { name: "Resueltos" }).check();
    await threadCard(editor.page).waitFor();
    await shootStates(commenter.page, "comments-commenter", () => showThread(commenter.page));
  }, 240_000);

  it("the mention reaches the editor's inbox, whose link opens the thread beside its passage", async () => {
    const notifications = await editorApi.get("/api/notifications");
    expect(notifications.status).toBe(200);
    expect(notifications.body.items.some((item: { kind: string }) => item.kind === "mention")).toBe(true);

    await editor.page.goto("/inbox");
    const entry = editor.page.getByRole("listitem").filter({ hasText: "Jorge Ibarra Quintero (OP) te mencionó" }).first();
    await entry.waitFor();
    await entry.getByRole("link").first().click();
    await editor.page.waitForURL((url) => url.pathname === `/documents/${textDoc.id}` && url.searchParams.get("thread") === threadId);
    const selected = panel(editor.page).locator(`.thread-card.is-selected[data-thread-id="${threadId}"]`);
    await selected.waitFor();
    // Resolved, yet shown (the filter widens to it) with its passage highlighted as the selected one.
    await selected.getByText("Resuelto", { exact: true }).waitFor();
    await expect.poll(() => editor.page.locator(".ProseMirror .comment-highlight.is-selected").allTextContents().then((p) => p.join(""))).toBe(SENTENCE);
  }, 120_000);

  it("a viewer reads the threads but is offered no «Comentar», reply, resolve or reopen", async () => {
    const viewer = await signIn(browser, server.url, "elena.campos@demo.taller.local", DEMO.password);
    try {
      await openStudy(viewer, `?thread=${threadId}`);
      const card = panel(viewer.page).locator(`.thread-card[data-thread-id="${threadId}"]`);
      await card.waitFor();
      await card.getByText("Falta el dictamen de la SCT.", { exact: false }).waitFor();
      expect(await viewer.page.getByRole("button", { name: "Comentar", exact: true }).count()).toBe(0);
      expect(await viewer.page.locator(".study-comment-button").count()).toBe(0);
      expect(await card.getByRole("combobox").count()).toBe(0);
      expect(await card.getByRole("button", { name: /^(Resolver|Reabrir|Editar|Eliminar)$/ }).count()).toBe(0);
    } finally {
      await viewer.context.close();
    }
  }, 120_000);

  it("a thread whose passage the editor deletes stays, in its own group, with its quote and «texto eliminado»", async () => {
    const PASSAGE = "Se requiere dictamen.";
    await openStudy(editor);
    await openStudy(commenter);
    await selectInStudy(commenter.page, PASSAGE);
    await commenter.page.locator(".study-comment-bubble").click();
    const composer = panel(commenter.page).getByRole("region", { name: "Nuevo comentario" });
    await composer.getByRole("combobox", { name: "Comentario" }).fill("¿Qué dictamen?");
    await composer.getByRole("button", { name: "Publicar comentario" }).click();
    const orphanCard = (page: Page) => panel(page).locator(".thread-card").filter({ hasText: "¿Qué dictamen?" });
    await orphanCard(commenter.page).waitFor();
    await orphanCard(editor.page).waitFor({ timeout: 15_000 });
    await expect.poll(() => highlights(editor.page).allTextContents()).toContain(PASSAGE);

    // The editor deletes the passage: both see the thread move to the orphaned group, quote kept.
    await selectInStudy(editor.page, PASSAGE);
    await editor.page.keyboard.press("Backspace");
    for (const page of [editor.page, commenter.page]) {
      const group = panel(page).getByRole("region", { name: "Su texto fue eliminado" });
      await group.locator(".thread-card").filter({ hasText: "¿Qué dictamen?" }).waitFor({ timeout: 15_000 });
      await group.getByText("texto eliminado", { exact: true }).waitFor();
      expect(await group.locator(".thread-quote").first().textContent()).toBe(PASSAGE);
      // No place to jump to, and no highlight of an empty range.
      expect(await orphanCard(page).getByRole("button", { name: "Ir al texto" }).count()).toBe(0);
      expect(await highlights(page).allTextContents()).not.toContain(PASSAGE);
    }
  }, 120_000);

  it("an author edits (earlier text under «Ver cambios») and deletes their reply («comentario eliminado» stays)", async () => {
    await openStudy(commenter, `?thread=${threadId}`);
    const card = panel(commenter.page).locator(`.thread-card[data-thread-id="${threadId}"]`);
    await card.waitFor();
    const reply = card.getByRole("combobox", { name: "Respuesta" });
    await reply.fill("Primera versión de la respuesta.");
    await card.getByRole("button", { name: "Enviar respuesta" }).click();
    await card.locator(".comment").filter({ hasText: "Primera versión de la respuesta." }).waitFor();
    const replyId = await card.locator(".comment").filter({ hasText: "Primera versión de la respuesta." }).getAttribute("data-comment-id");
    const mine = card.locator(`.comment[data-comment-id="${replyId}"]`);

    await mine.getByRole("button", { name: "Editar" }).click();
    const edit = mine.getByRole("combobox", { name: "Editar tu comentario" });
    await edit.fill("Versión corregida de la respuesta.");
    await mine.getByRole("button", { name: "Guardar cambios" }).click();
    await mine.getByText("Versión corregida de la respuesta.").waitFor();
    const edited = mine;
    await edited.getByText("editado", { exact: true }).waitFor();
    await edited.getByRole("button", { name: "Ver cambios" }).click();
    await edited.locator(".comment-revisions").getByText("Primera versión de la respuesta.").waitFor();

    await edited.getByRole("button", { name: "Eliminar" }).click();
    const confirm = commenter.page.getByRole("dialog", { name: "¿Eliminar tu comentario?" });
    await confirm.getByRole("button", { name: "Eliminar comentario" }).click();
    await mine.locator(".comment-deleted").filter({ hasText: "comentario eliminado" }).waitFor();
    expect(await card.getByText("Versión corregida de la respuesta.").count()).toBe(0);
    // The thread keeps both comments in place: the opening one and the deleted reply.
    expect(await card.locator(".thread-comments > li").count()).toBe(2);
  }, 120_000);
});
