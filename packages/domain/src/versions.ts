import { z } from "zod";

/**
 * Versions: named, immutable snapshots of a document (study text or canvas). This module holds the
 * request shapes; the server validates with them (the web's forms will too).
 */

export const VERSION_NAME_MAX_LENGTH = 120;
export const VERSION_NOTE_MAX_LENGTH = 2000;

/** `POST /api/documents/:id/versions`: a name (1–120 characters once trimmed) and an optional note. */
export const versionCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(VERSION_NAME_MAX_LENGTH),
  note: z.string().trim().max(VERSION_NOTE_MAX_LENGTH).optional(),
});
export type VersionCreateInput = z.infer<typeof versionCreateSchema>;

/**
 * `GET /api/versions/:id/diff?against=`: another version's id, or `live` (the document as it is
 * now). The diff always runs from the earlier of the two to the later.
 */
export const versionDiffQuerySchema = z.strictObject({
  against: z.union([z.literal("live"), z.uuid()]),
});
export type VersionDiffQuery = z.infer<typeof versionDiffQuerySchema>;
