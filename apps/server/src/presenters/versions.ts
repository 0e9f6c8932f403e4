import type { DocumentVersion } from "@taller/db";
import type { VersionSummary } from "../queries/versions";
import { presentPerson, type PersonRecord } from "./people";

/** The one API shape of a version in lists and on creation (no state, no content). */
export function presentVersion(v: VersionSummary, people: Map<string, PersonRecord>) {
  const author = people.get(v.createdBy);
  if (!author) throw new Error(`version ${v.id}: its author ${v.createdBy} was not loaded`);
  return {
    id: v.id,
    documentId: v.documentId,
    number: v.number,
    name: v.name,
    note: v.note,
    sha256: v.sha256,
    createdAt: v.createdAt,
    createdBy: presentPerson(author),
    /** The newest review round of the version (none for a version just frozen). */
    latestReview: v.latestReview ?? null,
  };
}

/**
 * A version opened on its own: the summary plus its kind, project and `content` — the JSON whose
 * RFC 8785 canonical form hashes (SHA-256) to `sha256`. The Yjs state is not sent.
 */
export function presentVersionWithContent(v: DocumentVersion & Pick<VersionSummary, "latestReview">, people: Map<string, PersonRecord>) {
  return { ...presentVersion(v, people), projectId: v.projectId, kind: v.kind, content: v.content };
}
