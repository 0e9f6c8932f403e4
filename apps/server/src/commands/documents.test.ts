import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "@taller/db/sql";
import { documents } from "@taller/db";
import { projectCreateSchema, type Actor } from "@taller/domain";
import { UserRate } from "../http/user-rate";
import type { ProjectAccess } from "../queries/access";
import { createProject } from "./projects";
import { createDocument, renameDocument } from "./documents";
import { commandTestDb, type CommandTestDb } from "./testing";

let t: CommandTestDb;
let owner: Actor;
let access: ProjectAccess;

beforeAll(async () => {
  t = await commandTestDb();
  owner = await t.person("responsable@ejemplo.mx");
  access = await createProject({ db: t.db, actor: owner, input: projectCreateSchema.parse({ name: "Parque lineal", kind: "study" }) });
});
afterAll(() => t.close());

describe("createDocument", () => {
  it("names the document's room by its kind and audits the creation", async () => {
    const text = await createDocument({ db: t.db, actor: owner, access, input: { kind: "text", title: "Propuesta" } });
    const canvas = await createDocument({ db: t.db, actor: owner, access, input: { kind: "canvas", title: "Croquis" } });
    expect(text.collabName).toBe(`doc.${text.id}`);
    expect(canvas.collabName).toBe(`board.${canvas.id}`);
    expect(await t.auditedActions(text.id)).toEqual(["document.created"]);
  });

  it("counts against the creator's hourly rate, and gives the slot back when the creation fails", async () => {
    const rate = new UserRate(1, 3600, (tryAgain) => `Demasiados documentos. ${tryAgain}`);
    const gone = { ...access, project: { ...access.project, id: "00000000-0000-4000-8000-000000000000" } };
    await expect(createDocument({ db: t.db, actor: owner, access: gone, input: { kind: "text", title: "Huérfano" }, rate })).rejects.toThrow();
    await createDocument({ db: t.db, actor: owner, access, input: { kind: "text", title: "Dentro del límite" }, rate });
    await expect(createDocument({ db: t.db, actor: owner, access, input: { kind: "text", title: "De más" }, rate })).rejects.toMatchObject({
      code: "too_many_requests",
      details: { retryAfterSeconds: expect.any(Number) },
    });
    const titles = (await t.db.select().from(documents).where(eq(documents.projectId, access.project.id))).map((d) => d.title);
    expect(titles).toContain("Dentro del límite");
    expect(titles).not.toContain("De más");
  });
});

describe("renameDocument", () => {
  it("renames and audits the old and new titles", async () => {
    const document = await createDocument({ db: t.db, actor: owner, access, input: { kind: "text", title: "Borrador" } });
    const renamed = await renameDocument({ db: t.db, actor: owner, access: { ...access, document }, input: { title: "Propuesta final" } });
    expect(renamed.title).toBe("Propuesta final");
    expect(await t.auditedActions(document.id)).toEqual(["document.created", "document.renamed"]);
  });
});
