import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { eq, sql } from "@taller/db/sql";
import { auditLog, documents, documentVersions, events, projectMembers, projects } from "@taller/db";
import { projectCreateSchema, type Actor } from "@taller/domain";
import type { DocumentAccess, ProjectAccess } from "../queries/access";
import { createProject } from "./projects";
import { createDocument } from "./documents";
import { createVersion } from "./versions";
import { contentSha256 } from "../versions/hash";
import { commandTestDb, type CommandTestDb } from "./testing";
import { dbError } from "@taller/db/testing";

let t: CommandTestDb;
let owner: Actor;
let project: ProjectAccess;

/** A live snapshot as the route reads it: a Yjs state and its content as JSON. */
function snapshot(content: unknown) {
  const doc = new Y.Doc();
  doc.getMap("m").set("content", JSON.stringify(content));
  return { state: Y.encodeStateAsUpdate(doc), content };
}

async function newDocument(title: string): Promise<DocumentAccess> {
  const document = await createDocument({ db: t.db, actor: owner, access: project, input: { kind: "text", title } });
  return { ...project, document };
}


const study = (words: string) => ({ type: "doc", content: [{ type: "paragraph", attrs: { textAlign: null }, content: [{ type: "text", text: words }] }] });

beforeAll(async () => {
  t = await commandTestDb();
  owner = await t.person("responsable@ejemplo.mx");
  project = await createProject({ db: t.db, actor: owner, input: projectCreateSchema.parse({ name: "Parque lineal", kind: "study" }) });
});
afterAll(() => t.close());

describe("createVersion", () => {
  it("numbers a document's versions v1, v2, stores state, content and its hash, and audits each", async () => {
    const access = await newDocument("Propuesta");
    const first = await createVersion({ db: t.db, actor: owner, access, input: { name: "Entrega", note: "", ...snapshot(study("uno")) } });
    const second = await createVersion({ db: t.db, actor: owner, access, input: { name: "Entrega 2", note: "con cambios", ...snapshot(study("dos")) } });
    expect([first.number, second.number]).toEqual([1, 2]);
    expect(first).toMatchObject({ kind: "text", note: null, sha256: contentSha256(study("uno")), documentId: access.document.id, projectId: project.project.id });
    expect(second.note).toBe("con cambios");
    const [stored] = await t.db.select().from(documentVersions).where(eq(documentVersions.id, second.id));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored!.state);
    expect(doc.getMap("m").get("content")).toBe(JSON.stringify(study("dos")));
    expect(contentSha256(stored!.content)).toBe(stored!.sha256);
    expect(await t.auditedActions(first.id)).toEqual(["version.created"]);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, second.id));
    expect(audit).toMatchObject({ subjectType: "version", projectId: project.project.id, details: { documentId: access.document.id, number: 2 } });
    const projectEvents = await t.db.select().from(events).where(eq(events.type, "version.created"));
    expect(projectEvents.map((e) => e.data)).toContainEqual(expect.objectContaining({ documentId: access.document.id, versionId: second.id }));
  });

  it("gives simultaneous creations distinct consecutive numbers", async () => {
    const access = await newDocument("Concurrida");
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createVersion({ db: t.db, actor: owner, access, input: { name: `v${i}`, ...snapshot(study(`n${i}`)) } })),
    );
    expect(made.map((v) => v.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("reads the role again under the lock: a member demoted to viewer is refused and nothing is written", async () => {
    const access = await newDocument("Cambio de rol");
    const demoted = await t.person("degradada@ejemplo.mx");
    await t.db.insert(projectMembers).values({ projectId: project.project.id, userId: demoted.userId, role: "viewer" });
    await expect(
      createVersion({ db: t.db, actor: demoted, access: { ...access, role: "editor" }, input: { name: "No", ...snapshot(study("x")) } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await t.db.select().from(documentVersions).where(eq(documentVersions.documentId, access.document.id))).toEqual([]);
  });

  it("is immutable in the database: UPDATE, DELETE and TRUNCATE fail, and no document or project delete cascades into it", async () => {
    const access = await newDocument("Archivada");
    const version = await createVersion({ db: t.db, actor: owner, access, input: { name: "Final", ...snapshot(study("fin")) } });
    const refusals = [
      [await dbError(() => t.db.execute(sql`UPDATE document_versions SET name = 'otra' WHERE id = ${version.id}`)), "UPDATE"],
      [await dbError(() => t.db.execute(sql`UPDATE document_versions SET content = '{}'::jsonb`)), "UPDATE"],
      [await dbError(() => t.db.execute(sql`DELETE FROM document_versions WHERE id = ${version.id}`)), "DELETE"],
      [await dbError(() => t.db.execute(sql`TRUNCATE document_versions CASCADE`)), "TRUNCATE"],
    ] as const;
    for (const [error, op] of refusals) {
      expect(error.code).toBe("42501");
      expect(error.message).toBe(`document_versions is immutable: ${op} is not allowed`);
    }
    // Deleting the document or its project stops at the versions' NO ACTION foreign keys.
    expect((await dbError(() => t.db.delete(documents).where(eq(documents.id, access.document.id)))).code).toBe("23503");
    expect((await dbError(() => t.db.delete(projects).where(eq(projects.id, project.project.id)))).code).toBe("23503");
    const [kept] = await t.db.select().from(documentVersions).where(eq(documentVersions.id, version.id));
    expect(kept).toMatchObject({ name: "Final", sha256: version.sha256 });
  });
});
