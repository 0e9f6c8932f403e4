import { Hono } from "hono";
import { DomainError, versionDiffQuerySchema } from "@taller/domain";
import { diffCanvas, diffText } from "@taller/editor-schema/diff";
import type { ProseMirrorJson } from "@taller/editor-schema";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../http/env";
import { accessGuards } from "../http/access";
import { queryOf } from "../http/validate";
import { authorizeVersion, readLiveSnapshot } from "../queries/versions";
import { liveEnd, presentCanvasDiff, presentTextDiff, versionEnd, type DiffEnd } from "../presenters/diffs";

/**
 * Diffs: a version against another version of the same document, or against the live document.
 * Read-only, for whoever may read the document. The diff always runs from the EARLIER to the
 * LATER of the two (the lower number first; the live document is always the later), whichever
 * of them is in the path. The comparison itself is pure (packages/editor-schema/src/diff).
 */
export function diffRoutes(deps: AppDeps) {
  const { db } = deps;
  const { host } = deps.realtime;
  const { versionAccess } = accessGuards(db);
  return new Hono<AppEnv>().get("/versions/:id/diff", versionAccess("document.read"), queryOf(versionDiffQuerySchema), async (c) => {
    const { version, document } = c.get("access");
    const { against } = c.req.valid("query");

    let earlier: { end: DiffEnd; content: unknown };
    let later: { end: DiffEnd; content: unknown };
    if (against === "live") {
      earlier = { end: versionEnd(version), content: version.content };
      later = { end: liveEnd, content: (await readLiveSnapshot(host, document)).content };
    } else {
      // The other version must be visible to the actor too (404 otherwise), then of this document.
      const other = (await authorizeVersion(db, c.get("actor"), against, "document.read")).version;
      if (other.documentId !== version.documentId) {
        throw new DomainError("invalid_diff", "Solo se comparan versiones del mismo documento.", { documentId: version.documentId, againstDocumentId: other.documentId });
      }
      const [a, b] = other.number < version.number ? [other, version] : [version, other];
      earlier = { end: versionEnd(a), content: a.content };
      later = { end: versionEnd(b), content: b.content };
    }

    if (document.kind === "text") {
      return c.json(presentTextDiff(document.id, earlier.end, later.end, diffText(earlier.content as ProseMirrorJson, later.content as ProseMirrorJson)));
    }
    const before = (earlier.content ?? {}) as Record<string, unknown>;
    const after = (later.content ?? {}) as Record<string, unknown>;
    return c.json(presentCanvasDiff(document.id, earlier.end, later.end, diffCanvas(before, after), before, after));
  });
}
