import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { ADMIN, CollabTestServer } from "../support/realtime";
import { ApiClient, addPerson, signedIn, TEST_PASSWORD } from "../support/api-client";
import { DEMO, browserAvailable, contextOptions, demoWorkspace, launchBrowser, logIn, screenshot, shootStates, signIn, type Person } from "../support/browser";

/**
 * Administration in a real browser against a real server with the demo portfolio (issue 15, item
 * 5): the admin page's accounts (edit, reset a password, deactivate / reactivate), agencies
 * (rename), everyone's profile with their own password change, and the change required after a
 * reset. Screenshots at 1440 and 390 px in Spanish and English, axe with no violation of any impact,
 * and no sideways scrolling of the page at 390 px.
 */
const enabled = browserAvailable();
let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let admin: Person;
let adminApi: ApiClient;
let textDoc: { id: string };

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  ({ textDoc } = await demoWorkspace(server.url));
  adminApi = await signedIn(server.url, ADMIN.email, ADMIN.password);
  ({ browser, close: closeBrowser } = await launchBrowser());
  admin = await signIn(browser, server.url, ADMIN.email, ADMIN.password);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

async function userByEmail(email: string) {
  const users = (await adminApi.get("/api/users")).body.users as { id: string; email: string; name: string; orgId: string; isAdmin: boolean; deactivatedAt: string | null; mustChangePassword: boolean }[];
  return users.find((user) => user.email === email)!;
}

/** Screenshots (`admin-users-<name>-<lang>-<width>`), no sideways scroll and no axe violation at either size and language. */
const shoot = (page: Page, name: string, show?: () => Promise<void>) => shootStates(page, `admin-users-${name}`, show, { strict: true });

const dialog = (page: Page): Locator => page.locator("dialog[open]");

describe.skipIf(!enabled)("administration in a browser", () => {
  it("shows the accounts with their state and actions, and edits a person's name, agency and admin flag", async () => {
    const page = admin.page;
    await page.goto("/admin");
    await page.getByRole("heading", { name: "Administración", level: 1 }).waitFor();
    const row = page.getByRole("row", { name: /Carmen Ruiz Palacios/ });
    await row.getByText("Activa", { exact: true }).waitFor();
    await shoot(page, "01-page");

    await page.getByRole("button", { name: "Editar a Carmen Ruiz Palacios" }).click();
    const edit = dialog(page);
    await edit.getByRole("heading", { name: "Editar la cuenta de Carmen Ruiz Palacios" }).waitFor();
    await shoot(page, "02-edit-dialog");
    await edit.getByLabel(/Nombre completo/).fill("Carmen Ruiz Palacios de León");
    await edit.getByLabel(/Organización/).selectOption({ label: "MOV — Dirección de Movilidad" });
    await edit.getByLabel("Puede administrar organizaciones y cuentas").check();
    await edit.getByRole("button", { name: "Guardar cambios" }).click();
    await page.getByText("Se guardaron los cambios de Carmen Ruiz Palacios de León.").waitFor();
    expect(await dialog(page).count()).toBe(0);
    const saved = await userByEmail("carmen.ruiz@demo.taller.local");
    const orgs = (await adminApi.get("/api/orgs")).body.orgs as { id: string; shortName: string }[];
    expect(saved).toMatchObject({ name: "Carmen Ruiz Palacios de León", isAdmin: true, orgId: orgs.find((o) => o.shortName === "MOV")!.id });
    const updated = page.getByRole("row", { name: /Carmen Ruiz Palacios de León/ });
    await updated.getByRole("cell", { name: "MOV" }).waitFor();

    // Back to how the demo had her, minus the admin flag.
    expect((await adminApi.patch(`/api/users/${saved.id}`, { isAdmin: false })).status).toBe(200);
  });

  it("renames an agency in a dialog; a short name already used is said on the field", async () => {
    const page = admin.page;
    await page.goto("/admin");
    await page.getByRole("button", { name: "Renombrar Tesorería Municipal" }).click();
    const rename = dialog(page);
    await rename.getByRole("heading", { name: "Renombrar Tesorería Municipal" }).waitFor();
    await rename.getByLabel(/Siglas/).fill("implan");
    await rename.getByRole("button", { name: "Guardar cambios" }).click();
    await rename.getByText("Ya existe una dependencia con esas siglas.").waitFor();
    await expect.poll(() => rename.getByLabel(/Siglas/).evaluate((input) => input === document.activeElement)).toBe(true);
    await shoot(page, "03-rename-dialog");
    await rename.getByLabel(/Nombre/).first().fill("Tesorería y Finanzas Municipales");
    await rename.getByLabel(/Siglas/).fill("TFM");
    await rename.getByRole("button", { name: "Guardar cambios" }).click();
    await page.getByText("Se renombró la organización: TFM — Tesorería y Finanzas Municipales.").waitFor();
    const orgs = (await adminApi.get("/api/orgs")).body.orgs as { name: string; shortName: string }[];
    expect(orgs.find((o) => o.shortName === "TFM")?.name).toBe("Tesorería y Finanzas Municipales");
  });

  it("resets a password: the one-time password is shown once; with it the person must choose a new one, then uses the app", async () => {
    const page = admin.page;
    await page.goto("/admin");
    await page.getByRole("button", { name: "Restablecer contraseña de Jorge Ibarra Quintero" }).click();
    const reset = dialog(page);
    await reset.getByRole("heading", { name: "¿Restablecer la contraseña de Jorge Ibarra Quintero?" }).waitFor();
    await shoot(page, "04-reset-confirm");
    await reset.getByRole("button", { name: "Restablecer contraseña" }).click();
    const field = reset.getByLabel("Contraseña temporal");
    await field.waitFor();
    const temporary = await field.inputValue();
    expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await reset.getByText("No se volverá a mostrar. Cópiala ahora.").waitFor();
    await shoot(page, "05-temporary-password");
    await reset.getByRole("button", { name: "Listo" }).click();
    expect(await dialog(page).count()).toBe(0);
    expect(await page.getByText(temporary).count()).toBe(0);
    await page.getByRole("row", { name: /Jorge Ibarra Quintero/ }).getByText("Debe cambiar su contraseña").waitFor();

    // Jorge signs in with it: only the password change is offered.
    const context = await browser.newContext(contextOptions(server.url));
    const jorge = await context.newPage();
    await jorge.goto("/login");
    await logIn(jorge, DEMO.commenter, temporary);
    await jorge.getByRole("heading", { name: "Elige una contraseña nueva" }).waitFor();
    expect(await jorge.getByRole("navigation", { name: /principal/i }).count()).toBe(0);
    await jorge.goto("/meetings");
    await jorge.getByRole("heading", { name: "Elige una contraseña nueva" }).waitFor();
    await shoot(jorge, "06-forced-change");

    // A wrong temporary password: a plain message on its field, no request folio.
    await jorge.getByLabel(/Contraseña temporal/).fill("no-es-la-temporal");
    await jorge.getByLabel(/^Contraseña nueva/).fill("jorge-elige-la-suya-1");
    await jorge.getByLabel(/Confirma la contraseña nueva/).fill("jorge-elige-la-suya-1");
    await jorge.getByRole("button", { name: "Cambiar contraseña" }).click();
    await jorge.getByText("La contraseña actual no es correcta. Revísala e inténtalo de nuevo.").waitFor();
    expect(await jorge.getByText(/Folio/i).count()).toBe(0);
    await shoot(jorge, "07-forced-wrong");

    await jorge.getByLabel(/Contraseña temporal/).fill(temporary);
    await jorge.getByRole("button", { name: "Cambiar contraseña" }).click();
    // Done: the page he asked for, with the whole app.
    await jorge.getByRole("heading", { name: /Sesiones de trabajo|Sesiones/ }).first().waitFor({ timeout: 15_000 });
    await jorge.getByRole("navigation", { name: "Navegación principal" }).getByRole("link", { name: "Cartera" }).click();
    await jorge.getByRole("heading", { name: /Cartera/, level: 1 }).waitFor();
    expect((await userByEmail(DEMO.commenter)).mustChangePassword).toBe(false);
    expect((await new ApiClient(server.url).login(DEMO.commenter, "jorge-elige-la-suya-1")).status).toBe(200);
    await context.close();
  });

  it("lets a person change their own password from the profile page, then sign in with it", async () => {
    const implan = ((await adminApi.get("/api/orgs")).body.orgs as { id: string; shortName: string }[]).find((o) => o.shortName === "IMPLAN")!;
    const paula = await addPerson(adminApi, implan.id, "Paula Prueba Ortiz");
    const person = await signIn(browser, server.url, paula.email, TEST_PASSWORD);
    const page = person.page;
    await page.getByRole("link", { name: /Tu perfil/ }).click();
    await page.getByRole("heading", { name: "Tu perfil", level: 1 }).waitFor();
    await page.getByText(paula.email).waitFor();
    await shoot(page, "08-profile");

    // The two new ones differ: said here, nothing sent.
    await page.getByLabel(/Contraseña actual/).fill(TEST_PASSWORD);
    await page.getByLabel(/^Contraseña nueva/).fill("paula-nueva-contraseña");
    await page.getByLabel(/Confirma la contraseña nueva/).fill("paula-nueva-contrasena");
    await page.getByRole("button", { name: "Cambiar contraseña" }).click();
    await page.getByText("Las dos contraseñas nuevas no coinciden.").waitFor();
    await page.getByLabel(/Confirma la contraseña nueva/).fill("paula-nueva-contraseña");
    await page.getByRole("button", { name: "Cambiar contraseña" }).click();
    await page.getByText("Tu contraseña cambió. Las sesiones en otros dispositivos se cerraron.").waitFor();
    await shoot(page, "09-profile-changed");

    await page.getByRole("button", { name: /Cerrar sesión/ }).click();
    await page.waitForURL(/\/login/);
    await logIn(page, paula.email, "paula-nueva-contraseña");
    await page.getByRole("heading", { name: /Cartera/, level: 1 }).waitFor();
    await person.context.close();
  });

  it("deactivating a person whose browser has a study open ends their session there at once; their login is then refused", async () => {
    const andres = await signIn(browser, server.url, DEMO.editor, DEMO.password);
    const study = andres.page;
    await study.goto(`/documents/${textDoc.id}`);
    await study.locator(".ProseMirror").first().waitFor();
    await study.getByText("1. Resumen ejecutivo").first().waitFor({ timeout: 20_000 });

    const page = admin.page;
    await page.goto("/admin");
    await page.getByRole("button", { name: "Desactivar la cuenta de Andrés Soto Villanueva" }).click();
    const confirm = dialog(page);
    await confirm.getByText(/Sus sesiones terminan en este momento/).waitFor();
    await shoot(page, "10-deactivate-confirm");
    const started = Date.now();
    await confirm.getByRole("button", { name: "Desactivar cuenta" }).click();
    await page.getByText("Se desactivó la cuenta de Andrés Soto Villanueva y se cerraron sus sesiones.").waitFor();

    // His study closes: the socket was closed with 4401, the app drops to the login page.
    await study.waitForURL(/\/login/, { timeout: 5_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    await study.getByText(/Tu sesión terminó/).waitFor();
    await study.getByLabel(/correo/i).fill(DEMO.editor);
    await study.getByLabel(/contraseña/i).fill(DEMO.password);
    await study.getByRole("button", { name: /iniciar sesión|entrar/i }).click();
    await study.getByText("Tu cuenta está desactivada. Pide a una persona administradora que la reactive.").waitFor();
    expect(await study.getByText(/Folio/i).count()).toBe(0);
    await screenshot(study, "admin-users-11-login-deactivated-es-MX-1360");

    const row = page.getByRole("row", { name: /Andrés Soto Villanueva/ });
    await row.getByText("Desactivada", { exact: true }).waitFor();
    await shoot(page, "12-page-deactivated", () => row.scrollIntoViewIfNeeded());
    await page.getByRole("button", { name: "Reactivar la cuenta de Andrés Soto Villanueva" }).click();
    await dialog(page).getByRole("button", { name: "Reactivar cuenta" }).click();
    await page.getByText("Se reactivó la cuenta de Andrés Soto Villanueva.").waitFor();
    expect((await userByEmail(DEMO.editor)).deactivatedAt).toBeNull();
    await andres.context.close();
  });
});
