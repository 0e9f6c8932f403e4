import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { ApiClient } from "../support/api-client";
import { signedIn } from "../support/api-client";
import { CollabTestServer } from "../support/realtime";
import {
  DEMO,
  browserAvailable,
  demoWorkspace,
  expectNoAxeViolations,
  launchBrowser,
  shootStates,
  signIn,
  type DocumentRef,
  type Person,
} from "../support/browser";

/**
 * The activity feed in two browsers against a real server with the demo portfolio: the editor
 * writes in the study, and the owner's open «Actividad» tab shows the grouped edit with the
 * document's name (the panel checks the first page every minute while visible; the test moves the
 * page's clock forward instead of waiting), then a change of the project's amount arrives through
 * the event stream as before → after, without a reload. Paging with «Ver más» and axe.
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let project: { id: string; name: string };
let textDoc: DocumentRef;
let ownerApi: ApiClient;
let editorApi: ApiClient;
let owner: Person;
let editor: Person;
let studyTitle: string;

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  ({ project, textDoc, ownerApi } = await demoWorkspace(server.url));
  editorApi = await signedIn(server.url, DEMO.editor, DEMO.password);
  studyTitle = (await ownerApi.get(`/api/documents/${textDoc.id}`)).body.title;
  ({ browser, close: closeBrowser } = await launchBrowser());
  owner = await signIn(browser, server.url, DEMO.owner, DEMO.password);
  editor = await signIn(browser, server.url, DEMO.editor, DEMO.password);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

const feed = (page: Page) => page.locator("section[aria-labelledby='activity-title']");

describe.skipIf(!enabled)("the activity feed", () => {
  it("shows another person's study edits grouped with the document's name, and a field change before → after, live", async () => {
    const page = owner.page;
    // The page's clock: real time flows, and the test can jump a minute ahead for the poll.
    await page.clock.install();
    await page.goto(`/projects/${project.id}?tab=activity`);
    await feed(page).getByRole("heading", { name: "Actividad del proyecto" }).waitFor();
    await feed(page).locator(".activity-item").first().waitFor();
    expect(await feed(page).locator(".activity-edits").count()).toBe(0);

    // The editor writes in the study in their own browser, until the server says it is saved.
    const study = editor.page;
    await study.goto(`/documents/${textDoc.id}`);
    const prose = study.locator(".ProseMirror").first();
    await prose.waitFor();
    await study.getByText("1. Resumen ejecutivo").first().waitFor({ timeout: 20_000 });
    await prose.getByText("1. Resumen ejecutivo").first().click();
    await study.keyboard.press("End");
    await study.keyboard.press("Enter");
    await study.keyboard.type("El trazo evita la zona de recarga del acuífero.", { delay: 10 });
    await expect.poll(() => study.locator("[data-save-status]").first().getAttribute("data-save-status"), { timeout: 20_000 }).toBe("saved");

    // A minute later the owner's open tab has checked again: one entry for the editor, the study, this hour.
    await page.clock.fastForward("01:05");
    const grouped = feed(page).locator(".activity-edits", { hasText: "Andrés Soto Villanueva editó" });
    await grouped.waitFor({ timeout: 15_000 });
    await expect.poll(() => grouped.innerText()).toMatch(new RegExp(`Andrés Soto Villanueva editó ${studyTitle} · \\d{1,2}:00.*–\\d{1,2}:00.* · \\d+ cambios?`));
    const link = grouped.getByRole("link", { name: studyTitle });
    expect(await link.getAttribute("href")).toBe(`/documents/${textDoc.id}`);
    expect(await feed(page).locator(".activity-edits").count()).toBe(1);
    await shootStates(page, "activity-01-edits", async () => {
      await feed(page).locator(".activity-edits").first().scrollIntoViewIfNeeded();
    });

    // A change of the record by the editor (through the API) arrives on the project's event
    // stream: the amount before → after, with its cents, without reloading.
    const current = (await editorApi.get(`/api/projects/${project.id}`)).body.estimatedAmountMxn as number;
    const res = await editorApi.patch(`/api/projects/${project.id}`, { estimatedAmountMxn: 91_250_000.5 });
    expect(res.status).toBe(200);
    const change = feed(page).locator(".activity-item", { hasText: "Andrés Soto Villanueva actualizó el monto estimado" }).first();
    await change.waitFor({ timeout: 15_000 });
    // The same entry in either language (the screenshots switch to English).
    const changed = feed(page).locator(".activity-item:has(.activity-changes)").first();
    const money = new Intl.NumberFormat("es-MX", { style: "currency", currency: "MXN", minimumFractionDigits: 2 });
    // Visible: «Monto estimado: $86,500,000.00 → $91,250,000.50»; read aloud with «antes:» and «después:».
    const changes = (await change.locator(".activity-changes").innerText()).replace(/\s+/g, " ");
    expect(changes).toBe(`Monto estimado: antes: ${money.format(current)} → después: ${money.format(91_250_000.5)}`);
    await expectNoAxeViolations(page, "activity (es-MX)");
    await shootStates(page, "activity-02-field-change", async () => {
      await changed.scrollIntoViewIfNeeded();
    });
  }, 180_000);

  it("marks a document archived now wherever the feed names it, except in the sentence that archives it", async () => {
    const archived = await ownerApi.post(`/api/documents/${textDoc.id}/archive`, {});
    expect(archived.status).toBe(200);
    try {
      const page = owner.page;
      await page.goto(`/projects/${project.id}?tab=activity`);
      const grouped = feed(page).locator(".activity-edits", { hasText: "Andrés Soto Villanueva editó" });
      await expect.poll(() => grouped.innerText()).toMatch(new RegExp(`editó ${studyTitle} \\(archivado\\) · `));
      const archiving = feed(page).locator(".activity-item", { hasText: `archivó ${studyTitle}` }).first();
      await archiving.waitFor();
      expect(await archiving.locator(".activity-doc-state").count()).toBe(0);
    } finally {
      expect((await ownerApi.post(`/api/documents/${textDoc.id}/restore`, {})).status).toBe(200);
    }
  }, 120_000);

  it("pages beyond the latest 50 with «Ver más», keeping focus and announcing what was loaded", async () => {
    for (let i = 0; i < 52; i++) {
      const res = await ownerApi.patch(`/api/projects/${project.id}`, { description: `Descripción del proyecto, revisión ${i + 1}.` });
      expect(res.status).toBe(200);
    }
    const page = owner.page;
    await page.goto(`/projects/${project.id}?tab=activity`);
    await feed(page).locator(".activity-item").first().waitFor();
    await expect.poll(() => feed(page).locator(".activity-item").count()).toBe(50);
    const more = feed(page).getByRole("button", { name: "Ver más" });
    await more.focus();
    await more.click();
    await expect.poll(() => feed(page).locator(".activity-item").count()).toBeGreaterThan(50);
    await expect.poll(() => feed(page).getByRole("status").innerText()).toMatch(/Se cargaron? \d+ movimientos? más; ahora ves \d+\./);
    const total = await feed(page).locator(".activity-item").count();
    // More pages left: focus stays on «Ver más»; the last page: focus goes to its first entry.
    const focused = await page.evaluate("document.activeElement?.className ?? ''");
    if (await more.count()) expect(focused).toContain("activity-more");
    else expect(focused).toContain("activity-item");
    expect(total).toBeLessThanOrEqual(100);
    await expectNoAxeViolations(page, "activity after «Ver más» (es-MX)");
    await shootStates(page, "activity-03-more", async () => {
      await feed(page).locator(".activity-item").nth(49).scrollIntoViewIfNeeded();
    });
  }, 180_000);
});
