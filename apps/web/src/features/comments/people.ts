import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { queries, type ProjectMember } from "../../api";

/** The document's project id, from the document the page already loaded (shared cache). */
export function useDocumentProjectId(documentId: string): string | undefined {
  return useQuery(queries.document(documentId)).data?.projectId;
}

/** The project's members (for mentions: name and agency), by user id. */
export function useProjectPeople(projectId: string | undefined): { members: ProjectMember[]; byId: Map<string, ProjectMember> } {
  const members = useQuery({ ...queries.members(projectId ?? ""), enabled: Boolean(projectId) });
  return useMemo(() => {
    const list = members.data?.members ?? [];
    return { members: list, byId: new Map(list.map((m) => [m.userId.toLowerCase(), m])) };
  }, [members.data]);
}
