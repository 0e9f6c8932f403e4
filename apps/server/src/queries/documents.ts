import { and, asc, eq, isNull } from "@taller/db/sql";
import { documents, type Executor, type StudyDocument } from "@taller/db";

/**
 * A project's documents, oldest first; archived ones too unless `activeOnly` (the project's list
 * leaves them out by default; the dossier keeps them, they are part of the record).
 */
export async function listDocuments(db: Executor, projectId: string, { activeOnly = false }: { activeOnly?: boolean } = {}): Promise<StudyDocument[]> {
  const where = activeOnly ? and(eq(documents.projectId, projectId), isNull(documents.archivedAt)) : eq(documents.projectId, projectId);
  return db.select().from(documents).where(where).orderBy(asc(documents.createdAt));
}
