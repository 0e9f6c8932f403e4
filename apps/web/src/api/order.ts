// Order (issue 15, item 2): archiving, restoring and deleting documents, archiving projects, and
// the duplicate-name warning the server gives before creating or renaming. Each change writes the
// server's answer into the cache where it has one and refreshes the lists and the trail.
import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { ClientResponse } from "hono/client";
import { ApiError } from "./client";
import { client } from "./endpoints";
import { queryKeys } from "./keys";
import type { Project, ProjectDocument } from "./types";

async function body<T>(call: Promise<ClientResponse<T>>): Promise<T> {
  return (await call).json() as Promise<T>;
}

export const orderApi = {
  archiveDocument: (documentId: string) => body(client.documents[":id"].archive.$post({ param: { id: documentId } })),
  restoreDocument: (documentId: string) => body(client.documents[":id"].restore.$post({ param: { id: documentId } })),
  deleteDocument: async (documentId: string): Promise<void> => {
    await client.documents[":id"].$delete({ param: { id: documentId } });
  },
  archiveProject: (projectId: string) => body(client.projects[":id"].archive.$post({ param: { id: projectId } })),
  restoreProject: (projectId: string) => body(client.projects[":id"].restore.$post({ param: { id: projectId } })),
};

/**
 * What the server's 409 `duplicate_name` names: the existing project (name and clave, or null when
 * it belongs to a team the reader is not in) or the existing document (title, archived or not).
 */
export type DuplicateName = { name?: string; clave?: string; title?: string; archived?: boolean } | null;

/** The existing item of a `duplicate_name` refusal, or undefined when the error is something else. */
export function duplicateOf(error: unknown): DuplicateName | undefined {
  if (!(error instanceof ApiError) || error.code !== "duplicate_name") return undefined;
  const details = error.details as { existing?: DuplicateName } | undefined;
  return details?.existing ?? null;
}

/** What a `document_has_records` refusal counts (versions, threads), or undefined for other errors. */
export function recordsOf(error: unknown): { versions: number; threads: number } | undefined {
  if (!(error instanceof ApiError) || error.code !== "document_has_records") return undefined;
  const details = error.details as { versions?: number; threads?: number } | undefined;
  return { versions: details?.versions ?? 0, threads: details?.threads ?? 0 };
}

type Documents = { documents: ProjectDocument[] };

function documentChanged(client: QueryClient, document: ProjectDocument): void {
  client.setQueryData<Documents>(queryKeys.documents(document.projectId), (current) =>
    current ? { documents: current.documents.map((d) => (d.id === document.id ? { ...d, ...document } : d)) } : current,
  );
  client.setQueryData<ProjectDocument>(queryKeys.document(document.id), (current) => (current ? { ...current, ...document } : current));
  // The opened document's abilities follow (an archived one is not editable).
  void client.invalidateQueries({ queryKey: queryKeys.document(document.id) });
  void client.invalidateQueries({ queryKey: queryKeys.activity(document.projectId) });
}

function projectChanged(client: QueryClient, project: Project): void {
  client.setQueryData(queryKeys.project(project.id), project);
  void client.invalidateQueries({ queryKey: queryKeys.projectLists });
  void client.invalidateQueries({ queryKey: queryKeys.activity(project.id) });
}

export function useArchiveDocument() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ documentId, archive }: { documentId: string; archive: boolean }) =>
      archive ? orderApi.archiveDocument(documentId) : orderApi.restoreDocument(documentId),
    onSuccess: (document) => documentChanged(client, document),
  });
}

export function useDeleteDocument(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (documentId: string) => orderApi.deleteDocument(documentId),
    onSuccess: (_answer, documentId) => {
      client.setQueryData<Documents>(queryKeys.documents(projectId), (current) =>
        current ? { documents: current.documents.filter((d) => d.id !== documentId) } : current,
      );
      client.removeQueries({ queryKey: queryKeys.document(documentId) });
      void client.invalidateQueries({ queryKey: queryKeys.activity(projectId) });
    },
  });
}

export function useArchiveProject(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (archive: boolean) => (archive ? orderApi.archiveProject(projectId) : orderApi.restoreProject(projectId)),
    onSuccess: (project) => projectChanged(client, project),
  });
}
