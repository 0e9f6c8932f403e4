// A version's records put into the live canvas as the person's own edit (see features/versions/
// restore.tsx): inside `editor.run` with history recording, so tldraw's undo (Ctrl+Z) takes the
// whole restore back in one step; the Yjs binding (yjsBinding.ts) hears the store change as a
// "user" change and writes it to the Y.Doc like any drawing, which the server then acknowledges.
import type * as Y from "yjs";
import type { Editor, SerializedSchema, TLRecord } from "tldraw";
import { CANVAS_META_FIELD } from "./yjsBinding";

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Makes the canvas's document records those of `content` (a version's tldraw record map): sets
 * what differs, removes what the version lacks. Records are migrated from the canvas's stored
 * schema to this client's, as on load. Throws Error("canvas_incompatible") when they cannot be.
 */
export function applyCanvasVersion(editor: Editor, doc: Y.Doc, content: unknown): void {
  const { store } = editor;
  const ourSchema = store.schema.serialize();
  const theirSchema = (doc.getMap<unknown>(CANVAS_META_FIELD).get("schema") as SerializedSchema | undefined) ?? ourSchema;
  const migrated = store.schema.migrateStoreSnapshot({ schema: theirSchema, store: content as Record<string, TLRecord> });
  if (migrated.type === "error") throw new Error("canvas_incompatible");
  const target = migrated.value as Record<string, TLRecord>;
  const isDocumentRecord = (record: TLRecord) => store.scopedTypes.document.has(record.typeName);
  const toPut = Object.values(target).filter((record) => isDocumentRecord(record) && !sameJson(store.get(record.id), record));
  const toRemove = store
    .allRecords()
    .filter((record) => isDocumentRecord(record) && !Object.hasOwn(target, record.id))
    .map((record) => record.id);
  if (toPut.length === 0 && toRemove.length === 0) return;
  editor.markHistoryStoppingPoint("restore version");
  editor.run(
    () => {
      // Pages first, so shapes never lack their parent; removals last.
      if (toPut.length > 0) store.put(toPut);
      if (toRemove.length > 0) store.remove(toRemove);
    },
    { history: "record" },
  );
}
