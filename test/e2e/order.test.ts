import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { CollabTestServer, ADMIN } from "../support/realtime";
import type { ApiClient } from "../support/api-client";
import { DEMO, browserAvailable, demoWorkspace, expectNoAxeViolations, launchBrowser, shootStates, signIn, type Person } from "../support/browser";

/**
 * Order (issue 15, item 2) in a real browser on the demo portfolio: the portfolio table sorted by
 * its headers (amount, date, name) with the sort in the URL, «Mi rol», «Mis proyectos» and
 * «Incluir archivados»; the duplicate warnings of the new-project and new-document forms (both
 * «Crear de todos modos» and «Cambiar el nombre»); archiving and restoring a document and a
 * project, deleting an empty document. Screenshots at 1440 and 390 in es-MX and en, and axe
 * (WCAG 2.1 A and AA) with no violation of any impact on each of those screens.
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let owner: Person;
let ownerApi: ApiClient;
let project: { id: string; name: string };

/** Screenshots (`order-<name>-<lang>-<width>`), no sideways scroll and no axe violation at either size and language. */
const shoot = (page: Page, name: string, show?: () => Promise<void>) => shootStates(page, `order-${name}`, show, { strict: true });

/** The text of one column of the portfolio table, row by row. */
async function column(page: Page, index: number): Promise<string[]> {
  await page.locator(".projects-table[aria-busy]").waitFor({ state: "detached" });
  return page.locator(".projects-table > tbody > tr").evaluateAll(
    (rows, i) => rows.map((row) => ((row as unknown as { children: { textContent: string }[] }).children[i]?.textContent ?? "").trim()),
    index,
  );
}

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  const workspace = await demoWorkspace(server.url);
  ownerApi = workspace.ownerApi;
  project = workspace.project;
  ({ browser, close: closeBrowser } = await launchBrowser());
  owner = await signIn(browser, server.url, DEMO.owner, DEMO.password);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

describe.skipIf(!enabled)("order: sorting, mine, archive, duplicates", { timeout: 180_000 }, () => {
  it("sorts the portfolio table by amount, date and name from its headers, in the URL, and shows «Mi rol»", async () => {
    const page = owner.page;
    await page.goto("/");
    const table = page.getByRole("table", { name: /Proyectos de la cartera/ });
    await table.waitFor();
    const listed = (await ownerApi.get("/api/projects")).body.projects as { clave: string; estimatedAmountMxn: number | null; updatedAt: string; name: string; myRole: string | null }[];
    expect(listed.length).toBeGreaterThan(2);
    expect(listed.every((p) => p.myRole !== null)).toBe(true);
    await expect.poll(() => table.getByRole("columnheader", { name: "Mi rol" }).count()).toBe(1);
    // «Mi rol» is filled for every row (the demo owner is a member of each of her projects).
    const roles = await column(page, 5);
    expect(roles.filter((role) => role === "" || role === "—"), JSON.stringify(roles)).toEqual([]);

    const amountHeader = table.getByRole("columnheader", { name: /Monto estimado/ });
    await amountHeader.getByRole("button").click();
    await expect.poll(() => new URL(page.url()).searchParams.get("sort")).toBe("amount");
    expect(new URL(page.url()).searchParams.get("dir")).toBe("desc");
    // The URL changes first; the table follows on the next render.
    await expect.poll(() => amountHeader.getAttribute("aria-sort")).toBe("descending");
    const byAmount = [...listed].sort((a, b) => (b.estimatedAmountMxn ?? -1) - (a.estimatedAmountMxn ?? -1)).map((p) => p.clave);
    await expect.poll(() => column(page, 0)).toEqual(byAmount);
    await amountHeader.getByRole("button").click();
    await expect.poll(() => amountHeader.getAttribute("aria-sort")).toBe("ascending");
    const withAmount = listed.filter((p) => p.estimatedAmountMxn !== null).sort((a, b) => a.estimatedAmountMxn! - b.estimatedAmountMxn!);
    expect((await column(page, 0)).slice(0, withAmount.length)).toEqual(withAmount.map((p) => p.clave));

    const dateHeader = table.getByRole("columnheader", { name: /Actualización/ });
    await dateHeader.getByRole("button").click();
    await expect.poll(() => dateHeader.getAttribute("aria-sort")).toBe("descending");
    expect(await amountHeader.getAttribute("aria-sort")).toBeNull();
    const byDate = [...listed].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt)).map((p) => p.clave);
    await expect.poll(() => column(page, 0)).toEqual(byDate);

    const nameHeader = table.getByRole("columnheader", { name: /^Nombre/ });
    await nameHeader.getByRole("button").click();
    await expect.poll(() => nameHeader.getAttribute("aria-sort")).toBe("ascending");
    const byName = [...listed].sort((a, b) => a.name.localeCompare(b.name, "es-MX", { sensitivity: "base", numeric: true })).map((p) => p.clave);
    await expect.poll(() => column(page, 0)).toEqual(byName);
    expect(new URL(page.url()).search).toContain("sort=name&dir=asc");

    // The sort comes back with the URL (a reload, a shared link).
    await page.reload();
    await expect.poll(() => page.getByRole("columnheader", { name: /^Nombre/ }).getAttribute("aria-sort")).toBe("ascending");
    await shoot(page, "table-sorted", async () => {
      await page.getByRole("table", { name: /Proyectos de la cartera|Portfolio projects/ }).waitFor();
    });
  });

  it("«Mis proyectos» keeps an administrator's own projects, in the URL and sent to the server", async () => {
    const admin = await signIn(browser, server.url, ADMIN.email, ADMIN.password);
    const page = admin.page;
    const adminApi = (await import("../support/api-client")).ApiClient.withCookies(server.url, await page.context().cookies());
    const mine = await adminApi.post("/api/projects", { name: "Proyecto propio de administración", kind: "study" });
    expect(mine.status).toBe(201);
    await page.goto("/");
    await page.getByRole("table").waitFor();
    expect((await column(page, 0)).length).toBeGreaterThan(1);
    const requests: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/projects?")) requests.push(request.url());
    });
    await page.getByRole("checkbox", { name: "Mis proyectos" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("mine")).toBe("1");
    await expect.poll(() => column(page, 0)).toEqual([mine.body.clave]);
    expect(requests.some((url) => new URL(url).searchParams.get("mine") === "1")).toBe(true);
    expect(await column(page, 5)).toEqual([expect.stringMatching(/Responsable|Propietari/)]);
    await shoot(page, "mine");
    await page.context().close();
  });

  it("warns about a project name already used, then «Cambiar el nombre» or «Crear de todos modos»", async () => {
    const page = owner.page;
    await page.goto("/");
    const existing = (await ownerApi.get("/api/projects")).body.projects[0] as { name: string; clave: string };
    // The same name in capitals, without its accents, with extra spaces.
    const sameName = `  ${existing.name.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase().replace(/ /g, "  ")} `;
    const open = async () => {
      await page.getByRole("button", { name: "Nuevo proyecto" }).click();
      const dialog = page.getByRole("dialog", { name: "Nuevo proyecto" });
      await dialog.getByRole("textbox", { name: /^Nombre del proyecto/ }).fill(sameName);
      await dialog.getByRole("combobox", { name: /^Tipo de proyecto/ }).selectOption("study");
      await dialog.getByRole("button", { name: "Crear proyecto" }).click();
      const warning = dialog.getByRole("alert").filter({ hasText: existing.clave });
      await warning.waitFor();
      expect(await warning.innerText()).toContain(existing.name);
      return dialog;
    };
    let dialog = await open();
    await shoot(page, "duplicate-project", async () => {
      await page.getByRole("dialog").getByRole("button", { name: /Crear de todos modos|Create anyway/ }).waitFor();
    });
    // «Cambiar el nombre»: back to the name, selected, and nothing was created.
    await dialog.getByRole("button", { name: "Cambiar el nombre" }).click();
    const name = dialog.getByRole("textbox", { name: /^Nombre del proyecto/ });
    await expect.poll(() => name.evaluate((element) => element === (element as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
    await name.fill("Parque lineal de prueba del orden");
    await dialog.getByRole("button", { name: "Crear proyecto" }).click();
    await page.getByText(/Parque lineal de prueba del orden/).first().waitFor();
    await expect.poll(async () => dialog.isVisible()).toBe(false);

    dialog = await open();
    await dialog.getByRole("button", { name: "Crear de todos modos" }).click();
    await expect.poll(async () => dialog.isVisible()).toBe(false);
    const names = ((await ownerApi.get("/api/projects")).body.projects as { name: string }[]).map((p) => p.name);
    expect(names.filter((n) => n.trim().toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/\s+/g, " ") === existing.name.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")).length).toBe(2);
  });

  it("warns about a document title already used in the project, both ways", async () => {
    const page = owner.page;
    await page.goto(`/projects/${project.id}?tab=documents`);
    const docs = (await ownerApi.get(`/api/projects/${project.id}/documents`)).body.documents as { title: string }[];
    const taken = docs[0]!.title;
    const create = async (title: string) => {
      await page.getByRole("button", { name: "Nuevo documento de texto" }).click();
      const dialog = page.getByRole("dialog", { name: "Nuevo documento de texto" });
      await dialog.getByRole("textbox", { name: /^Título/ }).fill(title);
      await dialog.getByRole("button", { name: "Crear", exact: true }).click();
      return dialog;
    };
    let dialog = await create(taken.toUpperCase());
    await dialog.getByRole("alert").filter({ hasText: taken }).waitFor();
    await shoot(page, "duplicate-document", async () => {
      await page.getByRole("dialog").getByRole("button", { name: /Crear de todos modos|Create anyway/ }).waitFor();
    });
    await dialog.getByRole("button", { name: "Cambiar el nombre" }).click();
    await dialog.getByRole("textbox", { name: /^Título/ }).fill("Memoria para archivar");
    await dialog.getByRole("button", { name: "Crear", exact: true }).click();
    await expect.poll(async () => dialog.isVisible()).toBe(false);
    await page.getByRole("link", { name: "Memoria para archivar" }).waitFor();

    dialog = await create(`${taken} `);
    await dialog.getByRole("button", { name: "Crear de todos modos" }).click();
    await expect.poll(async () => dialog.isVisible()).toBe(false);
    const titles = ((await ownerApi.get(`/api/projects/${project.id}/documents`)).body.documents as { title: string }[]).map((d) => d.title);
    expect(titles.filter((title) => title === taken)).toHaveLength(2);
  });

  it("archives a document (out of the list, «Archivados (n)», banner, read-only), restores it, deletes an empty one", async () => {
    const page = owner.page;
    await page.goto(`/projects/${project.id}?tab=documents`);
    await page.getByRole("button", { name: "Archivar «Memoria para archivar»" }).click();
    await page.getByRole("status").filter({ hasText: "«Memoria para archivar» se archivó" }).waitFor();
    await expect.poll(() => page.getByRole("link", { name: "Memoria para archivar" }).isVisible()).toBe(false);
    const toggle = page.getByRole("button", { name: "Archivados (1)" });
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    await toggle.click();
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    await page.getByRole("link", { name: "Memoria para archivar" }).waitFor();
    await shoot(page, "documents-archived", async () => {
      await page.getByRole("link", { name: "Memoria para archivar" }).scrollIntoViewIfNeeded();
    });

    // Opened: the banner, not editable, «Restaurar».
    await page.getByRole("link", { name: "Memoria para archivar" }).click();
    const banner = page.getByRole("status").filter({ hasText: "Documento archivado" });
    await banner.waitFor();
    await page.locator(".ProseMirror[contenteditable='false']").waitFor();
    // The editor's own notice gives the archive as the reason, not the owner's role.
    await page.getByText("Solo lectura: el documento está archivado.").waitFor();
    expect(await page.getByText(/Solo lectura: tu rol es/).count()).toBe(0);
    await shoot(page, "document-banner", async () => {
      await page.getByRole("status").filter({ hasText: /Documento archivado|Archived document/ }).waitFor();
    });
    await banner.getByRole("button", { name: "Restaurar" }).click();
    await expect.poll(() => banner.isVisible()).toBe(false);
    await page.locator(".ProseMirror[contenteditable='true']").waitFor();

    // Back in the list; archived again, then deleted for good (it has no versions or comments).
    await page.goto(`/projects/${project.id}?tab=documents`);
    await page.getByRole("link", { name: "Memoria para archivar" }).waitFor();
    await page.getByRole("button", { name: "Archivar «Memoria para archivar»" }).click();
    await page.getByRole("button", { name: "Archivados (1)" }).click();
    await page.getByRole("button", { name: "Eliminar «Memoria para archivar»" }).click();
    const dialog = page.getByRole("dialog", { name: "¿Eliminar «Memoria para archivar»?" });
    await dialog.waitFor();
    await expectNoAxeViolations(page, "delete dialog");
    await dialog.getByRole("button", { name: "Eliminar definitivamente" }).click();
    await page.getByRole("status").filter({ hasText: "«Memoria para archivar» se eliminó" }).waitFor();
    const titles = ((await ownerApi.get(`/api/projects/${project.id}/documents?archived=1`)).body.documents as { title: string }[]).map((d) => d.title);
    expect(titles).not.toContain("Memoria para archivar");
  });

  it("archives a project (banner, out of the portfolio, «Incluir archivados») and restores it", async () => {
    const page = owner.page;
    await page.goto(`/projects/${project.id}`);
    await page.getByRole("button", { name: "Archivar proyecto" }).click();
    const banner = page.getByRole("status").filter({ hasText: "Proyecto archivado" });
    await banner.waitFor();
    await expect.poll(() => banner.evaluate((element) => element === (element as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
    await shoot(page, "project-banner", async () => {
      await page.getByRole("status").filter({ hasText: /Proyecto archivado|Archived project/ }).waitFor();
    });

    await page.goto("/");
    await page.getByRole("table").waitFor();
    await expect.poll(() => page.getByRole("link", { name: project.name, exact: true }).count()).toBe(0);
    await page.getByRole("checkbox", { name: "Incluir archivados" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("archived")).toBe("1");
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: project.name, exact: true }) });
    await row.waitFor();
    expect(await row.innerText()).toContain("Archivado");
    await shoot(page, "table-archived");

    await row.getByRole("link", { name: project.name, exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Proyecto archivado" }).getByRole("button", { name: "Restaurar" }).click();
    await page.getByRole("button", { name: "Archivar proyecto" }).waitFor();
    expect((await ownerApi.get(`/api/projects/${project.id}`)).body.archivedAt).toBeNull();
  });
});
