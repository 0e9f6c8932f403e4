import { useEffect, useRef, useState } from "react";
import { UserRecordType, atom, createTLStore, createUserId, defaultBindingUtils, defaultShapeUtils } from "tldraw";
import type { TLStore } from "tldraw";
import { canvasStore } from "@taller/editor-schema";
import type { DocumentSession } from "../../collab/document-session";
import { createAssetStore } from "./assets";
import { bindPresence } from "./presence";
import { bindCanvas, loadCanvas } from "./yjsBinding";

export type CanvasState =
  | { status: "loading" }
  | { status: "ready"; store: TLStore }
  | { status: "error"; reason: "newer_schema" | "invalid" };

export interface CanvasUser {
  id: string;
  name: string;
  color: string;
}

/** How long to wait for the server's copy before showing what this device has (offline). */
const SERVER_WAIT_MS = 4000;

function waitForServer(session: DocumentSession): Promise<void> {
  const { provider } = session;
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      provider.off("sync", onSync);
      resolve();
    };
    const onSync = (synced: boolean) => {
      if (synced) done();
    };
    const timer = setTimeout(done, SERVER_WAIT_MS);
    provider.on("sync", onSync);
  });
}

/**
 * A tldraw store bound to the session's Y.Doc (records) and awareness (presence). It is
 * "ready" once the local copy is loaded and the server answered (or did not within a few
 * seconds: offline, the canvas opens from this device's copy and syncs when it reconnects).
 */
export function useCanvasStore(
  session: DocumentSession | null,
  {
    documentId,
    user,
    canEdit,
    defaultPageName,
  }: { documentId: string; user: CanvasUser; canEdit: boolean; defaultPageName: string },
): { state: CanvasState; incompatible: boolean } {
  const [current, setCurrent] = useState<{ session: DocumentSession | null; state: CanvasState }>({
    session: null,
    state: { status: "loading" },
  });
  const [incompatible, setIncompatible] = useState(false);
  const { id: userId, name: userName, color: userColor } = user;
  // Rights change while the canvas is open (a role change reaches the socket at once): the store
  // stays, only its mode (tldraw's read-only) and the binding's writing follow.
  const canEditRef = useRef(canEdit);
  const modeRef = useRef<ReturnType<typeof atom<"readwrite" | "readonly">> | null>(null);
  useEffect(() => {
    canEditRef.current = canEdit;
    modeRef.current?.set(canEdit ? "readwrite" : "readonly");
  }, [canEdit]);

  useEffect(() => {
    if (!session) return;
    let disposed = false;
    const cleanups: (() => void)[] = [];
    const $user = atom("canvas user", UserRecordType.create({ id: createUserId(userId), name: userName, color: userColor }));
    const $connection = atom<"online" | "offline">("canvas connection", session.provider.wsconnected ? "online" : "offline");
    const onStatus = ({ status }: { status: string }) => $connection.set(status === "connected" ? "online" : "offline");
    session.provider.on("status", onStatus);
    cleanups.push(() => session.provider.off("status", onStatus));

    const mode = atom<"readwrite" | "readonly">("canvas mode", canEditRef.current ? "readwrite" : "readonly");
    modeRef.current = mode;
    const store = createTLStore({
      shapeUtils: defaultShapeUtils,
      bindingUtils: defaultBindingUtils,
      assets: createAssetStore(documentId),
      // Attribution and presence use the Taller user, not tldraw's per-browser anonymous id.
      users: { currentUser: $user },
      // Turns on tldraw's collaboration UI (people menu) and its read-only mode.
      collaboration: { mode, status: $connection },
    });

    void (async () => {
      await session.localReady;
      await waitForServer(session);
      if (disposed) return;
      const kv = canvasStore(session.doc);
      const loaded = loadCanvas(store, session.doc, kv, { canWrite: canEditRef.current, defaultPageName });
      if (!loaded.ok) {
        setCurrent({ session, state: { status: "error", reason: loaded.reason } });
        return;
      }
      const binding = bindCanvas(store, session.doc, kv, { canWrite: () => canEditRef.current, onIncompatible: () => setIncompatible(true) });
      cleanups.push(() => binding.dispose());
      cleanups.push(bindPresence(store, session.provider.awareness, $user));
      setCurrent({ session, state: { status: "ready", store } });
    })();

    return () => {
      disposed = true;
      for (const cleanup of cleanups.splice(0).reverse()) cleanup();
      store.dispose();
    };
      // defaultPageName only names the first page of a new canvas: a language switch must not reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session, documentId, userId, userName, userColor]);

  const state: CanvasState = current.session === session && session ? current.state : { status: "loading" };
  return { state, incompatible };
}
