// Live cursors through Yjs awareness. Each tab publishes, next to the `user` field the
// DocumentSession already sets ({ name, org, color }), a `presence` field: tldraw's own
// TLInstancePresence for this tab (pointer in page coordinates, camera, selection, brush…),
// derived with createPresenceStateDerivation. Remote tabs' presences are put into the store as
// `instance_presence` records with mergeRemoteChanges, so tldraw draws their cursors, names,
// selections and lists them in its people menu. Presence never touches the Y.Doc.
import { InstancePresenceRecordType, createPresenceStateDerivation, createUserId, react } from "tldraw";
import type { Signal, TLInstancePresence, TLStore, TLUser } from "tldraw";
import type { Awareness } from "y-protocols/awareness";

/** The server drops awareness states over 16 KB; the presence keeps well under that. */
const MAX_PRESENCE_CHARS = 12_000;

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };
type RemoteState = { user?: { id?: unknown; name?: unknown; color?: unknown }; presence?: unknown };

/** Drops what can be large (scribbles, long selections) when a presence would be too big. */
export function compactPresence(presence: TLInstancePresence | null): TLInstancePresence | null {
  if (!presence) return null;
  if (JSON.stringify(presence).length <= MAX_PRESENCE_CHARS) return presence;
  const smaller = { ...presence, scribbles: [], chatMessage: presence.chatMessage.slice(0, 500) };
  if (JSON.stringify(smaller).length <= MAX_PRESENCE_CHARS) return smaller;
  return { ...smaller, selectedShapeIds: smaller.selectedShapeIds.slice(0, 100) };
}

/** Publishes this tab's presence and mirrors the other tabs' into the store. Returns a disposer. */
export function bindPresence(store: TLStore, awareness: Awareness, $user: Signal<TLUser | null>): () => void {
  const presenceIdOf = (clientId: number) => InstancePresenceRecordType.createId(String(clientId));
  const $presence = createPresenceStateDerivation($user, { instanceId: presenceIdOf(awareness.clientID) })(store);

  // Local → awareness, at most once per frame.
  let frame = 0;
  const publish = () => {
    frame = 0;
    awareness.setLocalStateField("presence", compactPresence($presence.get()));
  };
  const stopPublishing = react("publish canvas presence", () => {
    $presence.get();
    if (!frame) frame = requestAnimationFrame(publish);
  });

  // Awareness → store. Activity is stamped with this machine's clock when a remote presence
  // changes, so a peer whose clock is off is not hidden as "inactive" by tldraw.
  const seen = new Map<number, { remoteStamp: unknown; localStamp: number }>();
  const apply = ({ added, updated, removed }: AwarenessChange) => {
    const states = awareness.getStates() as Map<number, RemoteState>;
    const toPut: TLInstancePresence[] = [];
    const toRemove: TLInstancePresence["id"][] = [];
    for (const clientId of [...added, ...updated]) {
      if (clientId === awareness.clientID) continue;
      const state = states.get(clientId);
      const presence = state?.presence as TLInstancePresence | null | undefined;
      const id = presenceIdOf(clientId);
      if (!presence || typeof presence !== "object") {
        if (store.has(id)) toRemove.push(id);
        continue;
      }
      const previous = seen.get(clientId);
      const localStamp =
        previous && previous.remoteStamp === presence.lastActivityTimestamp ? previous.localStamp : Date.now();
      seen.set(clientId, { remoteStamp: presence.lastActivityTimestamp, localStamp });
      toPut.push({
        ...presence,
        id,
        typeName: "instance_presence",
        // Id, name and color come from the `user` field, which the server sets from the
        // session (whatever the tab sent), the same source as the participants list. The tab's
        // own tldraw user id is createUserId(<Taller user id>) too (useCanvasStore).
        userId: typeof state?.user?.id === "string" ? createUserId(state.user.id) : presence.userId,
        userName: typeof state?.user?.name === "string" ? state.user.name : presence.userName,
        color: typeof state?.user?.color === "string" ? state.user.color : presence.color,
        lastActivityTimestamp: localStamp,
      });
    }
    for (const clientId of removed) {
      seen.delete(clientId);
      const id = presenceIdOf(clientId);
      if (store.has(id)) toRemove.push(id);
    }
    if (!toPut.length && !toRemove.length) return;
    store.mergeRemoteChanges(() => {
      if (toRemove.length) store.remove(toRemove);
      for (const record of toPut) {
        try {
          store.put([record]);
        } catch {
          // A malformed presence (another version, a hostile client) is ignored, not fatal.
        }
      }
    });
  };
  apply({ added: [...awareness.getStates().keys()], updated: [], removed: [] });
  awareness.on("change", apply);

  return () => {
    awareness.off("change", apply);
    stopPublishing();
    if (frame) cancelAnimationFrame(frame);
    awareness.setLocalStateField("presence", null);
    const ids = store.query.ids("instance_presence").get();
    if (ids.size) store.mergeRemoteChanges(() => store.remove([...ids]));
  };
}
