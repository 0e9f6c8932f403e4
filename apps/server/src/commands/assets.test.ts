import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "@taller/db/sql";
import { assets, auditLog } from "@taller/db";
import { projectCreateSchema, type Actor } from "@taller/domain";
import type { DocumentAccess } from "../queries/access";
import { createProject } from "./projects";
import { createDocument } from "./documents";
import { uploadAsset } from "./assets";
import { commandTestDb, type CommandTestDb } from "./testing";

let t: CommandTestDb;
let editor: Actor;
let access: DocumentAccess;

// The 8-byte PNG signature and a few bytes of whatever: only the signature is checked.
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

beforeAll(async () => {
  t = await commandTestDb();
  editor = await t.person("editora@ejemplo.mx");
  const project = await createProject({ db: t.db, actor: editor, input: projectCreateSchema.parse({ name: "Parque lineal", kind: "study" }) });
  const document = await createDocument({ db: t.db, actor: editor, access: project, input: { kind: "text", title: "Propuesta" } });
  access = { ...project, document };
});
afterAll(() => t.close());

describe("uploadAsset", () => {
  it("stores an image recognised by its bytes, audited with its hash", async () => {
    const asset = await uploadAsset({ db: t.db, actor: editor, access, input: { bytes: PNG } });
    expect(asset).toMatchObject({ contentType: "image/png", byteSize: PNG.byteLength });
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, "asset.uploaded"));
    expect(entry!.details).toMatchObject({ assetId: asset.id, sha256: createHash("sha256").update(PNG).digest("hex") });
  });

  it("refuses empty bodies and anything that is not a raster image (SVG can carry script)", async () => {
    const before = await t.db.select({ id: assets.id }).from(assets);
    await expect(uploadAsset({ db: t.db, actor: editor, access, input: { bytes: new Uint8Array() } })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(uploadAsset({ db: t.db, actor: editor, access, input: { bytes: SVG } })).rejects.toMatchObject({ code: "unsupported_media_type" });
    expect(await t.db.select({ id: assets.id }).from(assets)).toEqual(before);
  });
});
