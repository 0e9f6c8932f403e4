// The versions of a document as the review screens need them (the previous version to compare
// with when none was approved) and the address of a version's page.
// TODO(reviews): use C's api/versions.ts (same key, ["versions", documentId]) once it lands.
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "../../api/client";

export type VersionSummary = { id: string; number: number; name: string; documentId: string };

const send = apiFetch();

export function useDocumentVersions(documentId: string) {
  return useQuery({
    queryKey: ["versions", documentId],
    queryFn: async ({ signal }) => (await (await send(`/api/documents/${encodeURIComponent(documentId)}/versions`, { signal })).json()) as { versions: VersionSummary[] },
  });
}
