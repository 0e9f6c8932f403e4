import { Hono } from "hono";
import { versionCreateSchema } from "@taller/domain";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { accessGuards } from "../http/access";
import { jsonBody } from "../http/validate";
import { createVersion } from "../commands/versions";
import { restoreVersion } from "../commands/restore";
import { peopleByIds } from "../queries/threads";
import { listVersions, readLiveSnapshot } from "../queries/versions";
import { presentVersion, presentVersionWithContent } from "../presenters/versions";

/**
 * Versions: named, immutable snapshots of a document (study text or canvas). Owners and editors
 * freeze one from the live document; every member lists them and opens one with its content,
 * whose RFC 8785 canonical JSON hashes (SHA-256) to the version's `sha256`.
 */
export function versionRoutes(deps: AppDeps) {
  const { db } = deps;
  const { host } = deps.realtime;
  const { documentAccess, versionAccess } = accessGuards(db);
  return new Hono<AppEnv>()
    .post("/documents/:id/versions", documentAccess("version.create"), jsonBody(versionCreateSchema), async (c) => {
      const access = c.get("access");
      const actor = c.get("actor");
      const snapshot = await readLiveSnapshot(host, access.document);
      const version = await createVersion({ db, actor, access, input: { ...c.req.valid("json"), ...snapshot } });
      return c.json(presentVersion(version, await peopleByIds(db, [version.createdBy])), 201);
    })
    .get("/documents/:id/versions", documentAccess("document.read"), async (c) => {
      const { versions, people } = await listVersions(db, c.get("access").document.id);
      return c.json({ versions: versions.map((v) => presentVersion(v, people)) });
    })
    .get("/versions/:id", versionAccess("document.read"), async (c) => {
      const { version } = c.get("access");
      return c.json(presentVersionWithContent(version, await peopleByIds(db, [version.createdBy])));
    })
    // Restore: the live document becomes the version's content through one Yjs edit on the room
    // (commands/restore.ts). No body is read (like reopening a thread).
    .post("/versions/:id/restore", versionAccess("version.restore"), async (c) => {
      return c.json(await restoreVersion({ db, actor: c.get("actor"), access: c.get("access"), input: { host } }));
    });
}
