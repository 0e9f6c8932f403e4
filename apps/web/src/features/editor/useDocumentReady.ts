import { useSyncExternalStore } from "react";
import { STUDY_FIELD } from "@taller/editor-schema";
import type { DocumentSession } from "../../collab/document-session";

/**
 * True once the document can be edited safely: the server has synced it, or a copy with content
 * is already here (IndexedDB, offline). Before that the Y fragment is empty, and typing into it
 * would add a paragraph beside the template the server seeds instead of inside it.
 */
export function useDocumentReady(session: DocumentSession): boolean {
  return useSyncExternalStore(
    (onChange) => {
      session.provider.on("sync", onChange);
      session.doc.on("update", onChange);
      return () => {
        session.provider.off("sync", onChange);
        session.doc.off("update", onChange);
      };
    },
    () => session.provider.synced || session.doc.getXmlFragment(STUDY_FIELD).length > 0,
  );
}
