// The bridge between a tldraw store and the canvas in a Y.Doc. It ports the idea of tldraw's
// public `tldraw-yjs` example (written for tldraw v2) to tldraw v5:
//
//   tldraw → Yjs   store.listen({ source: "user", scope: "document" }) writes every changed record
//                  into the YKeyValue (canvasStore(doc)) in one Y transaction.
//   Yjs → tldraw   YKeyValue "change" events from transactions that did not start here (the
//                  server, IndexedDB) are applied with store.mergeRemoteChanges(put/remove), so
//                  tldraw marks them "remote" and they are neither echoed back nor put on the
//                  local undo stack.
//
// Only document-scope records (document, pages, shapes, bindings, assets, users) live in Yjs;
// session records (camera, instance, pointer…) stay in this tab and presence travels through
// awareness (see presence.ts).
//
// Records are stored at the schema version of the client that wrote them. The serialized schema
// is kept beside them, in the Y.Map CANVAS_META_FIELD (key "schema"), so that a client with a
// newer tldraw migrates older records on load — the same scheme as the tldraw-yjs example.
import type * as Y from "yjs";
import type { canvasStore } from "@taller/editor-schema";
import type { SerializedSchema, TLRecord, TLStore } from "tldraw";

export type CanvasKeyValue = ReturnType<typeof canvasStore>;

/** Y.Map beside the canvas records that holds tldraw's serialized schema. */
export const CANVAS_META_FIELD = "tldraw_meta";

type KeyValueChange = { action: "add"; newValue: unknown } | { action: "update"; oldValue: unknown; newValue: unknown } | { action: "delete"; oldValue: unknown };

export type LoadResult = { ok: true } | { ok: false; reason: "newer_schema" | "invalid" };

export interface CanvasBinding {
  /** Stops both directions of the sync. */
  dispose(): void;
}

/** Transactions started by the binding carry this origin. */
const ORIGIN = Symbol("tldraw-binding");

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function recordsOf(kv: CanvasKeyValue): Record<string, TLRecord> {
  const records: Record<string, TLRecord> = {};
  for (const [key, entry] of kv.map) records[key] = entry.val as TLRecord;
  return records;
}

/**
 * Loads what the Y.Doc holds into the store (migrating it to this client's schema). An empty
 * canvas keeps the store's default document and page (named `defaultPageName`); an editor writes
 * them (and any migrated records) back so every client shares the same page id. Viewers never write.
 */
export function loadCanvas(
  store: TLStore,
  doc: Y.Doc,
  kv: CanvasKeyValue,
  { canWrite, defaultPageName }: { canWrite: boolean; defaultPageName: string },
): LoadResult {
  const meta = doc.getMap<unknown>(CANVAS_META_FIELD);
  const ourSchema = store.schema.serialize();

  if (kv.map.size === 0) {
    // Loading an empty snapshot makes the store usable: it creates the document and first page.
    store.loadStoreSnapshot({ store: {}, schema: ourSchema });
    // tldraw names it "Page 1"; the first editor names it in their language.
    const pages = store.query.records("page").get();
    if (pages.length === 1) store.put([{ ...pages[0]!, name: defaultPageName }]);
    if (canWrite) {
      doc.transact(() => {
        for (const record of store.allRecords()) {
          if (store.scopedTypes.document.has(record.typeName)) kv.set(record.id, record);
        }
        meta.set("schema", ourSchema);
      }, ORIGIN);
    }
    return { ok: true };
  }

  const records = recordsOf(kv);
  // A canvas written before the schema was recorded is taken to be at this client's version.
  const theirSchema = (meta.get("schema") as SerializedSchema | undefined) ?? ourSchema;
  const migrated = store.schema.migrateStoreSnapshot({ schema: theirSchema, store: records });
  if (migrated.type === "error") {
    return { ok: false, reason: migrated.reason === "target-version-too-old" ? "newer_schema" : "invalid" };
  }
  const migratedRecords = migrated.value as Record<string, TLRecord>;
  try {
    store.loadStoreSnapshot({ store: migrated.value, schema: ourSchema });
  } catch (error) {
    console.error("[canvas] could not load the canvas records", error);
    return { ok: false, reason: "invalid" };
  }

  if (canWrite && !sameJson(theirSchema, ourSchema)) {
    // Store the migrated records at our version, so older records are migrated once, not by
    // every client on every load.
    doc.transact(() => {
      for (const id of Object.keys(records)) {
        if (!migratedRecords[id]) kv.delete(id);
      }
      for (const record of Object.values(migratedRecords)) {
        if (!sameJson(records[record.id], record)) kv.set(record.id, record);
      }
      meta.set("schema", ourSchema);
    }, ORIGIN);
  }
  return { ok: true };
}

/**
 * Keeps the store and the Y.Doc in step after `loadCanvas`. While `canWrite()` is false (viewers,
 * commenters, a downgraded editor) it only receives: the server refuses their updates anyway.
 */
export function bindCanvas(
  store: TLStore,
  doc: Y.Doc,
  kv: CanvasKeyValue,
  { canWrite, onIncompatible }: { canWrite: () => boolean; onIncompatible: () => void },
): CanvasBinding {
  const meta = doc.getMap<unknown>(CANVAS_META_FIELD);
  const ourSchema = store.schema.serialize();
  const unsubscribes: (() => void)[] = [];

  unsubscribes.push(
    store.listen(
      ({ changes }) => {
        if (!canWrite()) return;
        doc.transact(() => {
          for (const record of Object.values(changes.added)) kv.set(record.id, record);
          for (const [, record] of Object.values(changes.updated)) kv.set(record.id, record);
          for (const record of Object.values(changes.removed)) kv.delete(record.id);
        }, ORIGIN);
      },
      { source: "user", scope: "document" },
    ),
  );

  const onChange = (changes: Map<string, KeyValueChange>, transaction: Y.Transaction) => {
    if (transaction.origin === ORIGIN) return;
    const theirSchema = (meta.get("schema") as SerializedSchema | undefined) ?? ourSchema;
    const needsMigration = !sameJson(theirSchema, ourSchema);
    const toPut: TLRecord[] = [];
    const toRemove: TLRecord["id"][] = [];
    changes.forEach((change, key) => {
      if (change.action === "delete") {
        toRemove.push(key as TLRecord["id"]);
        return;
      }
      let record = change.newValue as TLRecord;
      if (needsMigration) {
        const result = store.schema.migratePersistedRecord(record, theirSchema, "up");
        if (result.type === "error") {
          onIncompatible();
          return;
        }
        record = result.value;
      }
      toPut.push(record);
    });
    if (toPut.length === 0 && toRemove.length === 0) return;
    try {
      store.mergeRemoteChanges(() => {
        if (toRemove.length) store.remove(toRemove);
        if (toPut.length) store.put(toPut);
      });
    } catch (error) {
      // One invalid record must not stop the others: retry them one by one.
      console.error("[canvas] a remote change was refused", error);
      store.mergeRemoteChanges(() => {
        for (const id of toRemove) store.remove([id]);
        for (const record of toPut) {
          try {
            store.put([record]);
          } catch {
            onIncompatible();
          }
        }
      });
    }
  };
  kv.on("change", onChange);
  unsubscribes.push(() => kv.off("change", onChange));

  return {
    dispose() {
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    },
  };
}
