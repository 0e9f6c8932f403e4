import * as Y from "yjs";
import { createTLSchema, defaultBindingSchemas, defaultShapeSchemas, type TLSchema } from "@tldraw/tlschema";
import { CANVAS_FIELD, CANVAS_META_FIELD } from "./canvas";
import { contentName, placeUpdateItems, type PlacedItem } from "./update-structure";
import { refuse, type ContentRefusal, type DecodedUpdate } from "./validation-types";

/**
 * Server-side validation of canvas updates: an update is accepted only if every entry it adds to
 * the `tldraw` array is a `{ key, val }` pair whose `val` is a tldraw document record with
 * `id === key`, valid for tldraw's schema (the web app's tldraw version: default shapes and
 * bindings, as apps/web's createTLStore), and the only other thing it touches is the serialized
 * schema under `tldraw_meta`. tldraw's schema and record validators are plain functions (no
 * DOM), so they run here exactly as they do in the browser's store.
 *
 * Records are stored at the schema version of the client that wrote them. When the document's
 * (or the update's) recorded schema differs from ours, a record is migrated up before it is
 * validated, as a client loading it would.
 */

type Persisted = Parameters<TLSchema["migratePersistedRecord"]>[1];

let cached: { schema: TLSchema; sequences: Map<string, number> } | null = null;
function ours(): { schema: TLSchema; sequences: Map<string, number> } {
  if (cached === null) {
    const schema = createTLSchema({ shapes: defaultShapeSchemas, bindings: defaultBindingSchemas });
    const serialized = schema.serialize() as { sequences: Record<string, number> };
    cached = { schema, sequences: new Map(Object.entries(serialized.sequences)) };
  }
  return cached;
}

/** Whether records written at `persisted` are at our version (sequence order does not matter). */
function isOurVersion(persisted: Persisted): boolean {
  const { sequences } = ours();
  const theirs = (persisted as { schemaVersion: number; sequences?: Record<string, unknown> }).sequences;
  if (persisted.schemaVersion !== 2 || typeof theirs !== "object" || theirs === null) return false;
  const entries = Object.entries(theirs);
  return entries.length === sequences.size && entries.every(([id, version]) => sequences.get(id) === version);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/** A serialized tldraw schema, as the web client stores it (v1 recordVersions or v2 sequences). */
function isSerializedSchema(value: unknown): boolean {
  return isObject(value) && typeof value.schemaVersion === "number" && (isObject(value.sequences) || isObject(value.recordVersions));
}

function checkRecord(key: unknown, val: unknown, persisted: Persisted | null): string | null {
  if (typeof key !== "string") return "canvas entry key is not a string";
  if (!isObject(val)) return `canvas entry ${key} has no record`;
  if (val.id !== key) return `canvas record ${key} has another id`;
  const typeName = val.typeName;
  const { schema } = ours();
  const recordType = typeof typeName === "string" && Object.hasOwn(schema.types, typeName) ? schema.types[typeName as keyof typeof schema.types] : undefined;
  if (recordType === undefined) return `canvas record ${key} has unknown type ${String(typeName)}`;
  // Session and presence records (camera, pointer, instance…) never belong in the document.
  if (recordType.scope !== "document") return `canvas record ${key} (${String(typeName)}) is not a document record`;
  if (!key.startsWith(`${String(typeName)}:`)) return `canvas record id ${key} does not match its type`;
  let record: unknown = val;
  if (persisted !== null) {
    // Written by an older tldraw: validated as the client loading it will see it. (A NEWER
    // tldraw than the server's cannot occur, since the server serves the web app; its records
    // cannot be checked here, so they are refused.)
    const migrated = schema.migratePersistedRecord(val as never, persisted, "up");
    if (migrated.type === "error") return `canvas record ${key} cannot be migrated to this server's tldraw (${migrated.reason})`;
    record = migrated.value;
  }
  try {
    recordType.validate(record);
  } catch (error) {
    return `canvas record ${key} is invalid: ${error instanceof Error ? error.message.split("\n")[0] : "?"}`;
  }
  return null;
}

/** The schema the update's records are written at (the update's own, the document's, or ours). */
function persistedSchema(doc: Y.Doc, items: PlacedItem[]): Persisted | null {
  let schema: unknown;
  for (const { item, container, parentSub } of items) {
    if (container.kind === "root" && container.name === CANVAS_META_FIELD && parentSub === "schema" && item.content instanceof Y.ContentAny) {
      schema = item.content.arr[item.content.arr.length - 1];
    }
  }
  // doc.share.has first: getMap on a missing root would add it to the document.
  if (schema === undefined && doc.share.has(CANVAS_META_FIELD)) {
    try {
      schema = doc.getMap<unknown>(CANVAS_META_FIELD).get("schema");
    } catch {
      schema = undefined; // a legacy root of another type: no recorded schema
    }
  }
  if (!isSerializedSchema(schema) || isOurVersion(schema as Persisted)) return null;
  return schema as Persisted;
}

function checkCanvasItem({ item, container, parentSub }: PlacedItem, persisted: Persisted | null): string | null {
  const content = item.content;
  if (content instanceof Y.ContentDeleted) return null;
  if (container.kind !== "root") return `content inside ${container.kind === "other" ? container.what : "an XML type"}`;
  if (container.name === CANVAS_FIELD) {
    if (parentSub !== null) return `the canvas array has no key ${parentSub}`;
    if (!(content instanceof Y.ContentAny)) return `${contentName(content)} in the canvas`;
    for (const entry of content.arr) {
      if (!isObject(entry)) return `canvas entry is ${entry === null ? "null" : typeof entry}`;
      const problem = checkRecord(entry.key, entry.val, persisted);
      if (problem !== null) return problem;
    }
    return null;
  }
  if (container.name === CANVAS_META_FIELD) {
    if (parentSub !== "schema") return `canvas metadata has no key ${String(parentSub)}`;
    if (!(content instanceof Y.ContentAny) || content.arr.length !== 1 || !isSerializedSchema(content.arr[0])) return "canvas schema is not a tldraw schema";
    const persisted = content.arr[0] as Persisted;
    if (!isOurVersion(persisted) && !ours().schema.getMigrationsSince(persisted).ok) return "canvas schema is not one this server's tldraw can migrate from";
    return null;
  }
  return `a canvas has no root "${container.name}"`;
}

/**
 * Checks an update to a canvas (`board.` room) before it is applied; never modifies `doc`.
 * `decoded`, when given, is `Y.decodeUpdate(update)` (spares decoding it again).
 */
export function validateCanvasUpdate(doc: Y.Doc, update: Uint8Array, decoded?: DecodedUpdate): ContentRefusal | null {
  // Items that cannot be placed (missing dependencies) are left to the host's dependency rule.
  const { items } = placeUpdateItems(doc, update, decoded);
  if (items.length === 0) return null;
  const persisted = persistedSchema(doc, items);
  for (const placed of items) {
    const problem = checkCanvasItem(placed, persisted);
    if (problem !== null) return refuse(problem);
  }
  return null;
}
