import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { documentEditHours } from "@taller/db";
import { DocumentStorage } from "@taller/server/document-storage";
import type { ApiClient } from "../support/api-client";
import { startTestApp, type TestApp } from "../support/app";
import { projectWithRoles, type ProjectWithRoles } from "../support/project-roles";

/**
 * The project's activity feed (GET /api/projects/:id/activity): audit entries with the document
 * they touch, project changes before → after, text and canvas edits grouped per person, document
 * and hour from document_edit_hours, cursor paging that stays stable while entries arrive, and
 * who may read it.
 */

let t: TestApp;
let fx: ProjectWithRoles;
let projectId: string;
let study: { id: string; collabName: string };
let canvas: { id: string; collabName: string };
let otherDoc: { id: string; collabName: string };

type Entry = {
  type: "audit" | "edits";
  id: string;
  at: string;
  action?: string;
  details?: Record<string, unknown>;
  actor: { id: string; name: string } | null;
  document: { id: string; title: string; kind: string; archived: boolean } | null;
  until?: string;
  lastAt?: string;
  updates?: number;
  bytes?: number;
};

const HOUR = 3_600_000;
const hourStart = (ms: number) => new Date(Math.floor(ms / HOUR) * HOUR);

async function page(as: ApiClient, query = "") {
  const res = await as.get(`/api/projects/${projectId}/activity${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { activity: Entry[]; nextCursor: string | null };
}

/** Every entry, page by page (`limit` each). */
async function all(as: ApiClient, limit: number) {
  const entries: Entry[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const body = await page(as, `?limit=${limit}${cursor ? `&before=${encodeURIComponent(cursor)}` : ""}`);
    entries.push(...body.activity);
    cursor = body.nextCursor;
    pages++;
  } while (cursor !== null && pages < 100);
  return { entries, pages };
}

const update = (text: string) => {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return Y.encodeStateAsUpdate(doc);
};

beforeAll(async () => {
  t = await startTestApp();
  fx = await projectWithRoles(t);
  projectId = fx.projectId;
  study = (await fx.clients.owner.post(`/api/projects/${projectId}/documents`, { kind: "text", title: "Estudio preliminar" })).body;
  canvas = (await fx.clients.editor.post(`/api/projects/${projectId}/documents`, { kind: "canvas", title: "Croquis del puente" })).body;
  // Renamed after its creation: every entry about it shows the title it has now.
  expect((await fx.clients.owner.patch(`/api/documents/${study.id}`, { title: "Estudio de factibilidad" })).status).toBe(200);
  expect((await fx.clients.editor.post(`/api/documents/${study.id}/versions`, { name: "Para revisión" })).status).toBe(201);
  expect((await fx.clients.owner.patch(`/api/projects/${projectId}`, { estimatedAmountMxn: 2500000.5, name: "Libramiento norte, tramo 2" })).status).toBe(200);

  // Another project's document: its edits must never show here.
  const other = await fx.clients.owner.post("/api/projects", { name: "Otro proyecto", kind: "study" });
  otherDoc = (await fx.clients.owner.post(`/api/projects/${other.body.id}/documents`, { kind: "text", title: "Ajeno" })).body;

  // Edits as the collab host stores them: Lucía (owner) and Andrés (editor) in the study and the
  // canvas, in the current hour and the one before (the hour of a group commit is its time).
  const storage = new DocumentStorage(t.database.db);
  await storage.appendMany([
    { name: study.collabName, update: update("a"), author: fx.ids.owner },
    { name: study.collabName, update: update("b"), author: fx.ids.owner },
    { name: study.collabName, update: update("c"), author: fx.ids.editor },
    { name: canvas.collabName, update: update("d"), author: fx.ids.editor },
    { name: otherDoc.collabName, update: update("e"), author: fx.ids.owner },
    { name: study.collabName, update: update("seed") },
  ]);
  const previousHour = new Date(hourStart(Date.now()).getTime() - HOUR);
  await t.database.db.insert(documentEditHours).values([
    { collabName: study.collabName, userId: fx.ids.owner, hour: previousHour, updates: 37, bytes: 1200, lastAt: new Date(previousHour.getTime() + 40 * 60_000) },
    { collabName: canvas.collabName, userId: fx.ids.owner, hour: previousHour, updates: 4, bytes: 300, lastAt: new Date(previousHour.getTime() + 10 * 60_000) },
  ]);
});
afterAll(() => t.close());

describe("GET /api/projects/:id/activity", () => {
  it("names the document of every document entry by its current title, kind and id", async () => {
    const { activity } = await page(fx.clients.owner);
    const byAction = (action: string) => activity.filter((e) => e.action === action);
    const expected = { id: study.id, title: "Estudio de factibilidad", kind: "text", archived: false };
    expect(byAction("document.created").map((e) => e.document)).toEqual(
      expect.arrayContaining([expected, { id: canvas.id, title: "Croquis del puente", kind: "canvas", archived: false }]),
    );
    expect(byAction("document.renamed")[0]).toMatchObject({ document: expected, details: { from: "Estudio preliminar", to: "Estudio de factibilidad" } });
    expect(byAction("version.created")[0]).toMatchObject({ document: expected, actor: { id: fx.ids.editor, name: "Andrés Solís" } });
    // Entries about the project itself touch no document.
    expect(byAction("project.updated")[0]!.document).toBeNull();
  });

  it("shows a project change before → after", async () => {
    const { activity } = await page(fx.clients.editor);
    const change = activity.find((e) => e.action === "project.updated")!;
    expect(change.details).toMatchObject({
      before: { estimatedAmountMxn: "1000000.00", name: "Libramiento norte" },
      after: { estimatedAmountMxn: 2500000.5, name: "Libramiento norte, tramo 2" },
    });
  });

  it("groups text and canvas edits per person, document and hour, merged into the time order", async () => {
    const { activity } = await page(fx.clients.reviewer);
    const edits = activity.filter((e) => e.type === "edits");
    const now = hourStart(Date.now());
    const summary = edits.map((e) => ({ who: e.actor?.name, doc: e.document?.title, at: e.at, updates: e.updates }));
    expect(summary).toEqual(
      expect.arrayContaining([
        { who: "Lucía Méndez", doc: "Estudio de factibilidad", at: now.toISOString(), updates: 2 },
        { who: "Andrés Solís", doc: "Estudio de factibilidad", at: now.toISOString(), updates: 1 },
        { who: "Andrés Solís", doc: "Croquis del puente", at: now.toISOString(), updates: 1 },
        { who: "Lucía Méndez", doc: "Estudio de factibilidad", at: new Date(now.getTime() - HOUR).toISOString(), updates: 37 },
        { who: "Lucía Méndez", doc: "Croquis del puente", at: new Date(now.getTime() - HOUR).toISOString(), updates: 4 },
      ]),
    );
    // Only this project's documents, and the seed (no author) is nobody's edit.
    expect(edits).toHaveLength(5);
    expect(edits.some((e) => e.document?.id === otherDoc.id)).toBe(false);
    const group = edits.find((e) => e.updates === 37)!;
    expect(group).toMatchObject({ until: now.toISOString(), bytes: 1200, document: { id: study.id, kind: "text" } });
    // Newest first, by the entries' time (an hour's group at the hour's start).
    const times = activity.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("pages beyond the latest 50 with a cursor, stable while new entries arrive", async () => {
    for (let i = 0; i < 55; i++) {
      const res = await fx.clients.editor.patch(`/api/projects/${projectId}`, { description: `Descripción ${i}` });
      expect(res.status).toBe(200);
    }
    const first = await page(fx.clients.owner);
    expect(first.activity).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));

    // Arrivals between two pages (a new audit entry, a new edit group of this hour by someone
    // else) are newer than the cursor: the next page neither repeats nor skips anything.
    await fx.clients.owner.patch(`/api/projects/${projectId}`, { description: "Llegó mientras leías" });
    await new DocumentStorage(t.database.db).appendMany([{ name: canvas.collabName, update: update("z"), author: fx.ids.reviewer }]);

    const rest: Entry[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const next = await page(fx.clients.owner, `?limit=50&before=${encodeURIComponent(cursor)}`);
      rest.push(...next.activity);
      cursor = next.nextCursor;
    }
    const ids = [...first.activity, ...rest].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(undefined);
    // Everything that existed when the first page was read is in exactly one page.
    const everything = await all(fx.clients.owner, 7);
    expect(everything.pages).toBeGreaterThan(10);
    const before = everything.entries.filter((e) => e.details?.after && (e.details.after as { description?: string }).description === "Llegó mientras leías");
    expect(before).toHaveLength(1);
    const seenThen = new Set(ids);
    const missing = everything.entries.filter((e) => !seenThen.has(e.id));
    // The new change is newer than the cursor: only a fresh first page shows it. The new group is
    // placed at its hour's start, older than the cursor here: the later pages brought it.
    expect(missing.map((e) => e.action)).toEqual(["project.updated"]);
    expect(rest.some((e) => e.type === "edits" && e.actor?.id === fx.ids.reviewer)).toBe(true);
    expect(everything.entries).toHaveLength(ids.length + 1);
    // The oldest: the project's creation, then the previous hour's groups.
    expect(rest.filter((e) => e.type === "audit").at(-1)!.action).toBe("project.created");
    expect(rest.slice(-2).map((e) => e.updates)).toEqual([37, 4]);
  });

  it("refuses a malformed cursor with validation_failed and changes nothing", async () => {
    for (const before of ["12", "abc", "1.a.1", "1.x.00000000000000000001", "1.a.00000000000000000001;drop"]) {
      const res = await fx.clients.owner.get(`/api/projects/${projectId}/activity?before=${encodeURIComponent(before)}`);
      expect(res.status, before).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.details.issues[0]).toMatchObject({ path: "before", code: "invalid_format" });
    }
  });

  it("is read by who reads the audit (owner, editor, reviewer, admin); commenters and viewers are refused, non-members do not see the project", async () => {
    for (const who of ["owner", "editor", "reviewer", "admin"] as const) {
      const body = await page(fx.clients[who], "?limit=200");
      expect(body.activity.some((e) => e.type === "edits"), who).toBe(true);
    }
    for (const who of ["commenter", "viewer", "agency"] as const) {
      const res = await fx.clients[who].get(`/api/projects/${projectId}/activity`);
      expect(res.status, who).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
    const outsider = await fx.clients.outsider.get(`/api/projects/${projectId}/activity`);
    expect(outsider.status).toBe(404);
    expect(outsider.body.error.code).toBe("project_not_found");
  });
});
