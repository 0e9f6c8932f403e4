import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { CollabTestServer } from "../support/realtime";
import { DEMO, browserAvailable, demoWorkspace, expectAccessible, launchBrowser, shootStates, signIn, type Person } from "../support/browser";

/**
 * The web forms validated with the domain's schemas, in a real browser: the rule's code worded in
 * Spanish beside its field (aria-invalid, aria-describedby), the first invalid field focused, the
 * limit read from the schema, and a server refusal put on the same field.
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let project: { id: string; name: string };
let otherClave: string;
let owner: Person;

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  const workspace = await demoWorkspace(server.url);
  project = workspace.project;
  const projects = (await workspace.ownerApi.get("/api/projects")).body.projects as { id: string; clave: string }[];
  otherClave = projects.find((p) => p.id !== project.id)!.clave;
  ({ browser, close: closeBrowser } = await launchBrowser());
  owner = await signIn(browser, server.url, DEMO.owner, DEMO.password);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

/** The text of the elements that describe a control (its error and hint). */
async function descriptionOf(control: Locator): Promise<string> {
  const ids = ((await control.getAttribute("aria-describedby")) ?? "").split(" ").filter(Boolean);
  const page = control.page();
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
  return texts.join(" ");
}

async function expectInvalid(control: Locator, message: string): Promise<void> {
  await expect.poll(() => control.getAttribute("aria-invalid")).toBe("true");
  expect(await descriptionOf(control)).toContain(message);
}

// Runs in the page; the tests are type-checked without the DOM library, hence the cast.
const isFocused = (control: Locator) =>
  control.evaluate((element) => element === (element as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement);

describe.skipIf(!enabled)("forms validated with the domain's schemas", () => {
  it("new project: required fields, the name's minimum from the schema, amounts, then created", async () => {
    const page: Page = owner.page;
    await page.goto("/");
    await page.getByRole("button", { name: "Nuevo proyecto" }).click();
    const dialog = page.getByRole("dialog", { name: "Nuevo proyecto" });
    const name = dialog.getByRole("textbox", { name: /^Nombre del proyecto/ });
    const kind = dialog.getByRole("combobox", { name: /^Tipo de proyecto/ });
    const amount = dialog.getByRole("textbox", { name: /^Monto estimado/ });
    await name.waitFor();

    await dialog.getByRole("button", { name: "Crear proyecto" }).click();
    await expectInvalid(name, "Completa este dato.");
    await expectInvalid(kind, "Elige una de las opciones.");
    expect(await isFocused(name)).toBe(true);
    await dialog.getByRole("alert").filter({ hasText: "Revisa" }).waitFor();
    await expectAccessible(page, "new project dialog with errors");
    // The same errors worded in English (and axe in both languages), at desk and phone widths.
    await shootStates(page, "forms-new-project-errors", async () => {
      if ((await page.evaluate("document.documentElement.lang")) === "en") await page.getByRole("dialog", { name: "New project" }).getByText("Fill in this field.").first().waitFor();
    });

    // Checked again as the person types, now that the form was sent once.
    await name.fill("ab");
    await expectInvalid(name, "Escribe al menos 3 caracteres.");
    await name.fill("Parque de prueba de formularios");
    await expect.poll(() => name.getAttribute("aria-invalid")).toBeNull();
    await kind.selectOption("study");
    await amount.fill("12.345");
    await dialog.getByRole("button", { name: "Crear proyecto" }).click();
    await expectInvalid(amount, "Usa como máximo dos decimales.");
    expect(await isFocused(amount)).toBe(true);

    await amount.fill("$ 2,500,000");
    await dialog.getByRole("button", { name: "Crear proyecto" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("link", { name: "Parque de prueba de formularios" }).first().waitFor();
  });

  it("project edit: the funding sum on its group, and the server's clave_taken on the clave", async () => {
    const page: Page = owner.page;
    await page.goto(`/projects/${project.id}?tab=edit`);
    const federal = page.getByRole("textbox", { name: "Federal", exact: true });
    await federal.waitFor();
    const shares = ["Federal", "Estatal", "Municipal", "Privado"];
    for (const share of shares) await page.getByRole("textbox", { name: share, exact: true }).fill("");
    await federal.fill("50");
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    await expectInvalid(federal, "Los porcentajes de financiamiento deben sumar 100 %.");
    await expect.poll(() => isFocused(federal)).toBe(true);
    await federal.fill("100");
    await expect.poll(() => federal.getAttribute("aria-invalid")).toBeNull();

    // The schema accepts the clave; only the server knows another project has it.
    const clave = page.getByRole("textbox", { name: /^Clave/ });
    await clave.fill(otherClave.toLowerCase());
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    await expectInvalid(clave, "Ya existe un proyecto con esa clave.");
    await expect.poll(() => isFocused(clave)).toBe(true);
  });
});
