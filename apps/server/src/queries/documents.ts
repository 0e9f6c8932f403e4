import { asc, eq } from "@taller/db/sql";
import { documents, type Executor, type StudyDocument } from "@taller/db";

/** A project's documents, oldest first. */
export async function listDocuments(db: Executor, projectId: string): Promise<StudyDocument[]> {
  return db.select().from(documents).where(eq(documents.projectId, projectId)).orderBy(asc(documents.createdAt));
}
