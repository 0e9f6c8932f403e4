import { useEffect, useState, useSyncExternalStore } from "react";
import { useThrottledCallback } from "use-debounce";
import { DocumentSession, colorFor, type SessionEnd } from "./document-session";
import type { Access } from "@taller/collab/client";
import { isRefusal, type RefusalStatus, type SaveSnapshot, type SaveStatus } from "./save-status";
import type { UnsavedSummary } from "./local-copies";

interface SessionUser {
  id: string;
  name: string;
  org: { shortName: string };
}

/** Opens a DocumentSession for the component's lifetime. */
export function useDocumentSession(collabName: string, user: SessionUser, title: string, probeAccess?: () => Promise<unknown>): DocumentSession | null {
  const [session, setSession] = useState<DocumentSession | null>(null);
  useEffect(() => {
    const next = new DocumentSession(collabName, { id: user.id, name: user.name, org: user.org.shortName, color: colorFor(user.id) }, title, probeAccess);
    // The session is an external resource (sockets, IndexedDB) created and destroyed with the
    // effect, so that React's double-invoked effects in development do not leak connections.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
    setSession(next);
    return () => {
      next.destroy();
      setSession(null);
    };
    // The title only labels the copy in the unsaved-changes list: a rename must not reconnect
    // (nor a new probe function: it asks about the same room).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [collabName, user.id, user.name, user.org.shortName]);
  return session;
}

const OFFLINE: SaveSnapshot = { status: "offline", access: null };

/** The live save status and access of a session (see collab/save-status). */
function useSaveStatus(session: DocumentSession | null): SaveSnapshot {
  return useSyncExternalStore(
    (onChange) => session?.save.subscribe(onChange) ?? (() => {}),
    () => session?.save.current ?? OFFLINE,
  );
}

/** Why the server ended the session's connection for good, or null. */
export function useSessionEnd(session: DocumentSession | null): SessionEnd {
  return useSyncExternalStore(
    (onChange) => session?.onEnded(onChange) ?? (() => {}),
    () => session?.ended ?? null,
  );
}

/** Calls `onLost` once the server removed this person's access to the document (4403 or a 403/404 probe). */
export function useAccessLost(ended: SessionEnd, onLost: (() => void) | undefined): void {
  useEffect(() => {
    if (ended === "access_revoked") onLost?.();
  }, [ended, onLost]);
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

/**
 * The session's changes not known to be stored, kept current while `enabled` (read-only or
 * refused states): recomputed when the save status changes or the document changes, at most
 * every 300 ms (walking a long study on every keystroke is not needed).
 */
export function useUnsaved(session: DocumentSession | null, enabled: boolean): UnsavedSummary | null {
  const [summary, setSummary] = useState<UnsavedSummary | null>(null);
  // Trailing only: at most one summary per 300 ms; the first one is flushed at once below.
  const schedule = useThrottledCallback(() => setSummary(session?.unsaved() ?? null), 300, { leading: false, trailing: true });
  useEffect(() => {
    if (!session || !enabled) return;
    schedule();
    schedule.flush();
    const offSave = session.save.subscribe(schedule);
    session.doc.on("update", schedule);
    return () => {
      offSave();
      session.doc.off("update", schedule);
      schedule.cancel();
      setSummary(null);
    };
  }, [session, enabled, schedule]);
  return enabled ? summary : null;
}

/** Why changes are not stored, for the refusal statuses (the explanation shown with the list). */
export type NotStoredReason = "readOnly" | "tooLarge" | "invalid";

const NOT_STORED: Record<RefusalStatus, NotStoredReason> = {
  refusedReadOnly: "readOnly",
  refusedTooLarge: "tooLarge",
  refusedInvalid: "invalid",
};

export interface DocumentAccess {
  saveStatus: SaveStatus;
  access: Access | null;
  /** The role the page was loaded with allows editing (the document's `abilities.editDocument`). */
  roleCanEdit: boolean;
  /** What the connection may do now: the server's access frame wins over the page's role. */
  canEdit: boolean;
  /** Opened as an editor, read-only now (the role changed while the document was open). */
  downgraded: boolean;
  /** Why the changes below are not stored, or null while nothing is refused or read-only. */
  notStoredReason: NotStoredReason | null;
  /** The changes not known to be stored, worth listing (null: nothing to show). */
  unsaved: UnsavedSummary | null;
}

/**
 * Save status, live access and unsaved changes of an open document, as the study editor and the
 * canvas show them. The server's access frame (sent on join and on every role change) reaches
 * the open socket at once, the page's data only on reload: when they disagree the page is told
 * (`onAccessChange`) so it refreshes the role it shows.
 */
export function useDocumentAccess(session: DocumentSession | null, roleAllows: boolean, onAccessChange?: () => void): DocumentAccess {
  const { status: saveStatus, access } = useSaveStatus(session);
  const canEdit = access === null ? roleAllows : access === "write";
  const [openedAsEditor] = useState(roleAllows);
  const notStoredReason = isRefusal(saveStatus) ? NOT_STORED[saveStatus] : canEdit ? null : "readOnly";
  const summary = useUnsaved(session, notStoredReason !== null);
  const worthListing = summary !== null && (summary.items.length > 0 || (isRefusal(saveStatus) && summary.other));

  useEffect(() => {
    if (access !== null && (access === "write") !== roleAllows) onAccessChange?.();
  }, [access, roleAllows, onAccessChange]);

  return {
    saveStatus,
    access,
    roleCanEdit: roleAllows,
    canEdit,
    downgraded: !canEdit && openedAsEditor,
    notStoredReason,
    unsaved: worthListing ? summary : null,
  };
}
