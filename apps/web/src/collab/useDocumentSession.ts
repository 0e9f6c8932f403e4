import { useEffect, useState, useSyncExternalStore } from "react";
import { DocumentSession, colorFor } from "./document-session";
import type { SaveStatus } from "./save-status";

interface SessionUser {
  id: string;
  name: string;
  org: { shortName: string };
}

/** Opens a DocumentSession for the component's lifetime. */
export function useDocumentSession(collabName: string, user: SessionUser): DocumentSession | null {
  const [session, setSession] = useState<DocumentSession | null>(null);
  useEffect(() => {
    const next = new DocumentSession(collabName, { name: user.name, org: user.org.shortName, color: colorFor(user.id) });
    // The session is an external resource (sockets, IndexedDB) created and destroyed with the
    // effect, so that React's double-invoked effects in development do not leak connections.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
    setSession(next);
    return () => {
      next.destroy();
      setSession(null);
    };
  }, [collabName, user.id, user.name, user.org.shortName]);
  return session;
}

/** The live save status of a session ("saved" | "saving" | "offline"). */
export function useSaveStatus(session: DocumentSession | null): SaveStatus {
  return useSyncExternalStore(
    (onChange) => session?.save.subscribe(onChange) ?? (() => {}),
    () => session?.save.status ?? "offline",
  );
}

export interface Participant {
  clientId: number;
  name: string;
  org: string;
  color: string;
  isLocal: boolean;
}

/** Everyone present in the document, from awareness (deduplicated by client). */
export function useParticipants(session: DocumentSession | null): Participant[] {
  const [participants, setParticipants] = useState<Participant[]>([]);
  useEffect(() => {
    if (!session) return;
    const awareness = session.provider.awareness;
    const update = () => {
      const list: Participant[] = [];
      awareness.getStates().forEach((state, clientId) => {
        const user = (state as { user?: { name?: string; org?: string; color?: string } }).user;
        if (user?.name) {
          list.push({ clientId, name: user.name, org: user.org ?? "", color: user.color ?? "#334155", isLocal: clientId === awareness.clientID });
        }
      });
      setParticipants(list);
    };
    update();
    awareness.on("change", update);
    return () => awareness.off("change", update);
  }, [session]);
  return participants;
}
