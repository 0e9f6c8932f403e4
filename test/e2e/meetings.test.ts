import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { ApiClient } from "../support/api-client";
import { CollabTestServer } from "../support/realtime";
import { DEMO, browserAvailable, demoWorkspace, expectAccessible, launchBrowser, screenshot, shootStates, signIn, type DocumentRef, type Person } from "../support/browser";

/**
 * A whole meeting in real browsers, the issue's «done when»: the convener (Lucía, owner, IMPLAN)
 * creates a «sesión de comité» through «Nueva sesión», puts two open review rounds (a study's
 * version and a canvas's version) and a free topic on the agenda, invites two reviewers from
 * different agencies (Ricardo, MOV, a reviewer; Jorge, OP, who answers for his agency) and an
 * external guest, records attendance (the guest «representado por …») and starts the meeting. In
 * meeting mode every screen follows the item she presents; the reviewers decide in their own
 * browsers with the meeting's id: the study's version is approved with observations, the canvas's
 * is sent back with changes requested. She records one agreement. The acta is co-written live by
 * her and Ricardo (each sees the other's words). Closing seals it: the banner shows the hash only
 * once the API says sealed, the acta turns read-only in the reviewer's browser, and the acta's PDF
 * (fetched with the page's session, read with pdftotext) lists the attendees, the decisions and
 * the approved version's SHA-256, equal to that version's own hash.
 */
const enabled = browserAvailable();
const REVIEWER = "ricardo.leal@demo.taller.local";
const REVIEWER_NAME = "Ricardo Leal Domínguez";
const AGENCY_NAME = "Jorge Ibarra Quintero";
const VIEWER = "elena.campos@demo.taller.local";

let server: CollabTestServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let project: { id: string; name: string };
let textDoc: DocumentRef;
let canvasDoc: DocumentRef;
let ownerApi: ApiClient;
let convener: Person;
let reviewer: Person;
let agency: Person;
const studyRound = { versionId: "", reviewId: "" };
const canvasRound = { versionId: "", reviewId: "" };
let meetingId = "";
const TITLE = "Comité técnico · Parque lineal";

/** Freezes the document's current content as a version and submits it for review to Ricardo and OP. */
async function submitRound(documentId: string, name: string, rule: "all" | "any"): Promise<{ versionId: string; reviewId: string }> {
  const version = await ownerApi.post(`/api/documents/${documentId}/versions`, { name });
  expect(version.status, JSON.stringify(version.body)).toBe(201);
  const people = (await ownerApi.get(`/api/people?q=${encodeURIComponent("Ricardo")}`)).body.people as { id: string }[];
  const orgs = (await ownerApi.get("/api/orgs")).body.orgs as { id: string; shortName: string }[];
  const op = orgs.find((o) => o.shortName === "OP")!;
  const round = await ownerApi.post(`/api/versions/${version.body.id}/reviews`, { participants: [{ userId: people[0]!.id }, { orgId: op.id }], rule });
  expect(round.status, JSON.stringify(round.body)).toBe(201);
  return { versionId: version.body.id as string, reviewId: round.body.id as string };
}

beforeAll(async () => {
  if (!enabled) return;
  server = await CollabTestServer.start({ TALLER_DEMO: "1" });
  ({ ownerApi, project, textDoc, canvasDoc } = await demoWorkspace(server.url));
  // Two documents' versions under review: the study under «Todos deciden», the canvas under «Basta una respuesta».
  Object.assign(studyRound, await submitRound(textDoc.id, "Estudio para comité", "all"));
  Object.assign(canvasRound, await submitRound(canvasDoc.id, "Croquis para comité", "any"));
  ({ browser, close: closeBrowser } = await launchBrowser());
  [convener, reviewer, agency] = await Promise.all([
    signIn(browser, server.url, DEMO.owner, DEMO.password),
    signIn(browser, server.url, REVIEWER, DEMO.password),
    signIn(browser, server.url, DEMO.commenter, DEMO.password),
  ]);
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

const meetingStatus = (page: Page) => page.getByTestId("meeting-status").first().textContent();
const acta = (page: Page) => page.locator(".acta-editor .ProseMirror");
const sealOf = async () => (await ownerApi.get(`/api/meetings/${meetingId}/seal`));

async function typeInActa(page: Page, text: string) {
  await page.locator(".acta-editor .ProseMirror[contenteditable=true]").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type(text);
}

describe.skipIf(!enabled)("a whole meeting in browsers", () => {
  it("creates a committee session through «Nueva sesión» and builds its agenda: two rounds and a topic", async () => {
    const page = convener.page;
    await page.goto("/");
    await page.getByRole("navigation", { name: "Navegación principal" }).getByRole("link", { name: "Sesiones" }).click();
    await page.getByRole("heading", { level: 1, name: "Sesiones" }).waitFor();
    await page.getByRole("button", { name: "Nueva sesión" }).click();
    const dialog = page.getByRole("dialog", { name: "Nueva sesión" });
    // Nothing is sent without a title and a date.
    await dialog.getByRole("button", { name: "Crear sesión" }).click();
    await dialog.getByText("Escribe el título de la sesión.").waitFor();
    await dialog.getByLabel(/^Título/).fill(TITLE);
    await dialog.getByLabel(/^Tipo de sesión/).selectOption("committee_session");
    const nextYear = new Date().getFullYear() + 1;
    await dialog.getByLabel(/^Fecha/).fill(`${nextYear}-02-10`);
    await dialog.getByLabel(/^Hora de inicio/).fill("10:00");
    await dialog.getByLabel(/^Hora de término/).fill("12:00");
    await dialog.getByLabel(/^Lugar/).fill("Sala de cabildo, Palacio Municipal");
    await shootStates(page, "meetings-new-dialog");
    await dialog.getByRole("button", { name: "Crear sesión" }).click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]+$/);
    meetingId = page.url().split("/").at(-1)!;
    await page.getByRole("heading", { level: 1, name: TITLE, exact: true }).waitFor();
    expect(await meetingStatus(page)).toBe("Programada");

    // The agenda: the study's round, the canvas's round (project → its open rounds), a free topic.
    const agenda = page.getByRole("region", { name: /^Orden del día/ });
    await agenda.getByLabel(/^Proyecto/).selectOption({ label: await projectLabel() });
    const option = agenda.getByLabel(/^Ronda abierta/).locator("option", { hasText: "Estudio para comité" });
    await option.waitFor({ state: "attached" });
    await agenda.getByLabel(/^Ronda abierta/).selectOption({ label: (await option.textContent())! });
    await agenda.getByRole("button", { name: "Agregar a la orden del día" }).first().click();
    await agenda.getByText(/Se agregó «v\d+ · Estudio para comité/).waitFor();
    // The canvas's round from its own page: «Agregar a una sesión», then «En la orden del día de».
    await page.goto(`/projects/${project.id}/reviews/${canvasRound.reviewId}`);
    const box = page.getByRole("region", { name: "Sesiones" });
    await box.getByLabel(/^Sesión/).selectOption({ index: 1 });
    await box.getByRole("button", { name: "Agregar", exact: true }).click();
    await box.getByText(`La revisión quedó en la orden del día de «${TITLE}».`).waitFor();
    await box.getByRole("link", { name: new RegExp(`^${TITLE}`) }).click();
    await page.getByRole("heading", { level: 1, name: TITLE, exact: true }).waitFor();
    await agenda.locator(".agenda-item").nth(1).getByText(/Croquis para comité/).waitFor();
    await agenda.getByLabel(/^Tema/).fill("Calendario de obra 2027");
    await agenda.getByRole("button", { name: "Agregar a la orden del día" }).last().click();
    await agenda.locator(".agenda-item").nth(2).getByText("Calendario de obra 2027").waitFor();
    // Reordered from the keyboard: the topic moves up one place, and back.
    await agenda.getByRole("button", { name: /^Subir el punto 3/ }).focus();
    await page.keyboard.press("Enter");
    await agenda.locator(".agenda-item").nth(1).getByText("Calendario de obra 2027").waitFor();
    await agenda.getByRole("button", { name: /^Bajar el punto 2/ }).click();
    await agenda.locator(".agenda-item").nth(2).getByText("Calendario de obra 2027").waitFor();
    const meeting = (await ownerApi.get(`/api/meetings/${meetingId}`)).body;
    expect(meeting.agenda.map((item: { review: { id: string } | null; topic: string | null }) => item.review?.id ?? item.topic)).toEqual([
      studyRound.reviewId,
      canvasRound.reviewId,
      "Calendario de obra 2027",
    ]);
  }, 180_000);

  it("invites two reviewers of different agencies and a guest, records attendance and starts", async () => {
    const page = convener.page;
    const attendees = page.getByRole("region", { name: /^Asistentes/ });
    await attendees.getByLabel(/^Buscar por nombre/).fill("Ricardo");
    await attendees.getByRole("button", { name: `Invitar a ${REVIEWER_NAME} (MOV)` }).click();
    await attendees.getByText(`Se invitó a ${REVIEWER_NAME}; recibirá un aviso.`).waitFor();
    await attendees.getByLabel(/^Buscar por nombre/).fill("Jorge");
    await attendees.getByRole("button", { name: `Invitar a ${AGENCY_NAME} (OP)` }).click();
    await attendees.getByText(`Se invitó a ${AGENCY_NAME}; recibirá un aviso.`).waitFor();
    await attendees.getByLabel(/^Nombre(?! de)/).fill("Marta Ríos Galván");
    await attendees.getByLabel(/^Dependencia u organización/).fill("Comisión Estatal del Agua");
    await attendees.getByRole("button", { name: "Agregar invitado" }).click();
    await attendees.locator(".attendee", { hasText: "Marta Ríos Galván" }).waitFor();

    for (const name of ["Lucía Méndez Arriaga", REVIEWER_NAME, AGENCY_NAME]) {
      await attendees.getByLabel(`Asistencia de ${name}`, { exact: true }).selectOption("present");
      await attendees.getByRole("button", { name: `Registrar la asistencia de ${name}` }).click();
      await attendees.getByText(`Asistencia de ${name}: Presente.`).waitFor({ state: "attached" });
    }
    await attendees.getByLabel("Asistencia de Marta Ríos Galván", { exact: true }).selectOption("represented");
    await attendees.getByRole("button", { name: "Registrar la asistencia de Marta Ríos Galván" }).click();
    await attendees.getByText("Escribe quién representa a esta persona.").waitFor();
    await attendees.getByLabel("Nombre de quien representa a Marta Ríos Galván").fill("Luis Ortega Pardo");
    await attendees.getByRole("button", { name: "Registrar la asistencia de Marta Ríos Galván" }).click();
    await attendees.getByText("Asistencia de Marta Ríos Galván: Representado por Luis Ortega Pardo.").waitFor({ state: "attached" });

    const meeting = (await ownerApi.get(`/api/meetings/${meetingId}`)).body;
    const byName = Object.fromEntries(meeting.attendees.map((a: { name: string; attendance: string; representedBy: string | null }) => [a.name, [a.attendance, a.representedBy]]));
    expect(byName).toEqual({
      "Lucía Méndez Arriaga": ["present", null],
      [REVIEWER_NAME]: ["present", null],
      [AGENCY_NAME]: ["present", null],
      "Marta Ríos Galván": ["represented", "Luis Ortega Pardo"],
    });

    await page.getByRole("button", { name: "Iniciar sesión de trabajo" }).click();
    await expect.poll(() => meetingStatus(page)).toBe("En curso");
    await shootStates(page, "meetings-page-convener", () => page.evaluate("window.scrollTo(0, 0)"));
  }, 180_000);

  it("in meeting mode the reviewers follow the presented item and decide in their browsers; one approved with observations, one sent back", async () => {
    const mode = `/meetings/${meetingId}/mode`;
    await Promise.all([convener.page.goto(mode), reviewer.page.goto(mode), agency.page.goto(mode)]);
    await convener.page.getByRole("button", { name: "Presentar el primer punto" }).click();
    for (const person of [convener, reviewer, agency]) {
      await person.page.getByText("Punto 1 de 3").first().waitFor({ timeout: 20_000 });
      await person.page.getByRole("heading", { level: 2, name: /Estudio para comité/ }).waitFor();
    }

    // On the projector the meeting's screen alone fills the display, and leaves it again.
    const fullScreen = convener.page.getByRole("button", { name: "Pantalla completa" });
    await fullScreen.click();
    await expect.poll(() => convener.page.evaluate(() => document.fullscreenElement?.className ?? null)).toBe("meeting-mode");
    await expect.poll(() => fullScreen.getAttribute("aria-pressed")).toBe("true");
    await screenshot(convener.page, "meetings-mode-fullscreen");
    await fullScreen.click();
    await expect.poll(() => convener.page.evaluate(() => document.fullscreenElement)).toBeNull();
    await expect.poll(() => fullScreen.getAttribute("aria-pressed")).toBe("false");

    // Ricardo: favorable with observations, in this meeting.
    const mine = reviewer.page.getByRole("region", { name: "Tu decisión en esta sesión" });
    await mine.getByRole("radio", { name: /^Favorable con observaciones/ }).check();
    await mine.getByLabel(/^Motivo/).fill("El cruce con la avenida necesita semáforo peatonal.");
    await shootStates(reviewer.page, "meetings-mode-reviewer", () => reviewer.page.evaluate("window.scrollTo(0, 0)"));
    await mine.getByRole("button", { name: "Enviar decisión" }).click();
    await mine.getByText("Tu decisión quedó registrada: Favorable con observaciones.").waitFor();
    // Jorge, for OP: favorable.
    const op = agency.page.getByRole("region", { name: "Tu decisión en esta sesión" });
    await op.getByRole("radio", { name: /^Favorable\b(?! con)/ }).check();
    await op.getByRole("button", { name: "Enviar decisión" }).click();
    // Everyone's screen turns «Aprobada con observaciones», and the decisions are marked in this meeting.
    const studyStatus = (page: Page) => page.getByTestId(`round-status-${studyRound.reviewId}`).textContent();
    await expect.poll(() => studyStatus(convener.page), { timeout: 20_000 }).toBe("Aprobada con observaciones");
    await expect.poll(() => convener.page.locator(".mode-in-meeting").count()).toBe(2);
    const decisions = (await ownerApi.get(`/api/reviews/${studyRound.reviewId}`)).body.decisions as { meeting: { id: string } | null }[];
    expect(decisions.map((d) => d.meeting?.id)).toEqual([meetingId, meetingId]);

    // The convener moves on from the keyboard; the others follow.
    await convener.page.getByRole("heading", { level: 2, name: /Estudio para comité/ }).click();
    await convener.page.keyboard.press("ArrowRight");
    for (const person of [convener, reviewer, agency]) {
      await person.page.getByText("Punto 2 de 3").first().waitFor({ timeout: 20_000 });
    }
    // Jorge, for OP: changes requested — under «Basta una respuesta» the round closes with it.
    const op2 = agency.page.getByRole("region", { name: "Tu decisión en esta sesión" });
    await op2.getByRole("radio", { name: /^Cambios solicitados/ }).check();
    await op2.getByLabel(/^Motivo/).fill("El croquis no muestra la descarga pluvial.");
    await op2.getByRole("button", { name: "Enviar decisión" }).click();
    const canvasStatus = (page: Page) => page.getByTestId(`round-status-${canvasRound.reviewId}`).textContent();
    await expect.poll(() => canvasStatus(reviewer.page), { timeout: 20_000 }).toBe("Se solicitan cambios");

    // One agreement on this item, by the convener.
    const agreements = convener.page.getByRole("region", { name: /^Acuerdos de este punto/ });
    await agreements.getByLabel(/^Acuerdo/).fill("Entregar el croquis con la descarga pluvial.");
    await agreements.getByLabel(/^Responsable/).selectOption({ label: "Lucía Méndez Arriaga (IMPLAN)" });
    await agreements.getByLabel(/^Fecha compromiso/).fill(`${new Date().getFullYear() + 1}-03-01`);
    await agreements.getByRole("button", { name: "Agregar acuerdo" }).click();
    await reviewer.page.getByText("Entregar el croquis con la descarga pluvial.").waitFor({ timeout: 20_000 });
    await shootStates(convener.page, "meetings-mode-convener", () => convener.page.evaluate("window.scrollTo(0, 0)"));
    const rounds = await Promise.all([studyRound, canvasRound].map(async (r) => (await ownerApi.get(`/api/reviews/${r.reviewId}`)).body));
    expect(rounds.map((r) => [r.status, r.result])).toEqual([
      ["closed", "approved_with_observations"],
      ["closed", "changes_requested"],
    ]);
  }, 240_000);

  it("co-writes the acta live, seals it on close (hash shown only once sealed) and the acta turns read-only", async () => {
    const path = `/meetings/${meetingId}`;
    await Promise.all([convener.page.goto(path), reviewer.page.goto(path)]);
    await Promise.all([convener, reviewer].map((p) => p.page.locator(".acta-editor .ProseMirror[contenteditable=true]").waitFor({ timeout: 30_000 })));
    await acta(convener.page).getByText("Desarrollo de la sesión").first().waitFor();
    // Each sees the other's words. The reviewer writes once the convener's sentence has reached
    // them: typing at the end while the other's keystrokes are still arriving would interleave the
    // two paragraphs (a correct merge, but neither sentence left whole to look for).
    await typeInActa(convener.page, "Se presentó el estudio del parque lineal.");
    await acta(reviewer.page).getByText("Se presentó el estudio del parque lineal.").waitFor({ timeout: 20_000 });
    await typeInActa(reviewer.page, "Movilidad pide semáforo peatonal en el cruce.");
    await acta(convener.page).getByText("Movilidad pide semáforo peatonal en el cruce.").waitFor({ timeout: 20_000 });
    expect(await acta(convener.page).getByText("Se presentó el estudio del parque lineal.").count()).toBe(1);
    await expect.poll(() => convener.page.locator("[data-save-status]").first().getAttribute("data-save-status"), { timeout: 20_000 }).toBe("saved");
    await expect.poll(() => reviewer.page.locator("[data-save-status]").first().getAttribute("data-save-status"), { timeout: 20_000 }).toBe("saved");

    // Not sealed yet: no banner, and the API agrees.
    expect(await convener.page.getByTestId("seal-banner").count()).toBe(0);
    expect((await sealOf()).status).toBe(404);

    await convener.page.getByRole("button", { name: "Cerrar y sellar acta" }).click();
    const confirm = convener.page.getByRole("dialog", { name: "¿Cerrar la sesión y sellar el acta?" });
    await confirm.getByText(/Esto no se puede deshacer/).waitFor();
    await confirm.getByRole("button", { name: "Sellar el acta" }).click();
    const hash = await convener.page.getByTestId("seal-hash").textContent({ timeout: 30_000 });
    const seal = await sealOf();
    expect(seal.status).toBe(200);
    expect(hash).toBe(seal.body.sha256);
    expect(await meetingStatus(convener.page)).toBe("Acta sellada");

    // The reviewer's open page follows: sealed, the acta read-only, and typing changes nothing.
    await reviewer.page.getByTestId("seal-hash").waitFor({ timeout: 20_000 });
    await reviewer.page.locator('.acta-editor[data-acta-editable="false"]').waitFor({ timeout: 20_000 });
    expect(await reviewer.page.locator(".acta-editor .ProseMirror[contenteditable=true]").count()).toBe(0);
    const before = await acta(reviewer.page).textContent();
    await acta(reviewer.page).click();
    await reviewer.page.keyboard.type("Texto tardío");
    expect(await acta(reviewer.page).textContent()).toBe(before);
    expect(JSON.stringify(seal.body.record.acta)).toContain("Movilidad pide semáforo peatonal en el cruce.");
    expect(JSON.stringify(seal.body.record.acta)).toContain("Se presentó el estudio del parque lineal.");
    await shootStates(convener.page, "meetings-page-sealed", () => convener.page.evaluate("window.scrollTo(0, 0)"));
    // The round's page says where its decisions were taken.
    await convener.page.goto(`/projects/${project.id}/reviews/${studyRound.reviewId}`);
    await convener.page.getByRole("region", { name: "Sesiones" }).getByRole("link", { name: new RegExp(`^${TITLE}`) }).waitFor();
    expect(await convener.page.getByRole("link", { name: `Decisión tomada en la sesión «${TITLE}»` }).count()).toBe(2);
    await shootStates(convener.page, "meetings-review-page", () => convener.page.locator(".review-meetings").evaluate("(element) => element.scrollIntoView({ block: 'start' })"));
    await expectAccessible(reviewer.page, "sealed meeting (reviewer)");
  }, 240_000);

  it("a viewer of the project reads the sealed meeting from «Sesiones»: no convening, no forms, the acta read-only", async () => {
    const viewer = await signIn(browser, server.url, VIEWER, DEMO.password);
    const page = viewer.page;
    await page.goto("/meetings");
    await page.getByRole("heading", { level: 1, name: "Sesiones" }).waitFor();
    const row = page.getByRole("listitem").filter({ hasText: TITLE });
    await row.getByText("Acta sellada").waitFor();
    expect(await page.getByRole("button", { name: "Nueva sesión" }).count()).toBe(0);
    await shootStates(page, "meetings-list-viewer");
    await row.getByRole("link", { name: TITLE }).click();
    await page.getByRole("heading", { level: 1, name: TITLE, exact: true }).waitFor();
    expect(await page.getByTestId("seal-hash").textContent()).toBe((await sealOf()).body.sha256);
    await page.locator('.acta-editor[data-acta-editable="false"]').waitFor({ timeout: 20_000 });
    expect(await page.getByRole("button", { name: /Registrar|Agregar|Subir|Bajar|Quitar|Cerrar y sellar/ }).count()).toBe(0);
    await shootStates(page, "meetings-page-viewer", () => page.evaluate("window.scrollTo(0, 0)"));
    await viewer.context.close();
  }, 120_000);

  it("the acta's PDF, fetched with the page's session, lists attendees, decisions and the approved version's hash", async () => {
    const session = ApiClient.withCookies(server.url, await convener.context.cookies());
    const res = await session.fetch(`/api/meetings/${meetingId}/acta.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("pdf");
    const file = join(mkdtempSync(join(tmpdir(), "taller-acta-")), "acta.pdf");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    // Table cells wrap: the words are compared with the line breaks as spaces.
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    for (const name of ["Lucía Méndez Arriaga", REVIEWER_NAME, AGENCY_NAME, "Marta Ríos Galván", "Representado por Luis Ortega Pardo"]) expect(text).toContain(name);
    expect(text).toMatch(/Favorable con observaciones/i);
    expect(text).toMatch(/Cambios solicitados/i);
    const version = (await ownerApi.get(`/api/versions/${studyRound.versionId}`)).body;
    const flat = text.replace(/\s+/g, "");
    expect(flat).toContain(version.sha256);
    const seal = (await sealOf()).body;
    expect(seal.record.approvedVersions.map((v: { versionId: string; sha256: string }) => [v.versionId, v.sha256])).toEqual([[studyRound.versionId, version.sha256]]);
    expect(flat).toContain(seal.sha256);
  }, 120_000);
});

/** The project's option in «Proyecto»: «clave · name». */
async function projectLabel(): Promise<string> {
  const body = (await ownerApi.get(`/api/projects/${project.id}`)).body as { clave: string; name: string };
  return `${body.clave} · ${body.name}`;
}
