import * as Y from "yjs";
import type { DecodedUpdate } from "./validation-types";

/**
 * Where an incoming Yjs update would put each of its items, worked out BEFORE the update is
 * applied and without touching the document: the update validators (validation.ts,
 * canvas-validation.ts) decide from it whether an update keeps a document valid for its kind.
 *
 * In the update format an item names its parent (a root name, or the ID of the item that holds
 * the parent type) only when it has neither a left nor a right origin; otherwise the parent and
 * map key are those of its origin, which may be in the same update or already in the document.
 * This module follows those links the way Yjs' Item.integrate does.
 */

/** The type an item goes into. */
export type Container =
  | { kind: "root"; name: string }
  | { kind: "xmlElement"; nodeName: string }
  /** `parent` is the container the XmlText itself sits in, when known. */
  | { kind: "xmlText"; parent: Container | null }
  | { kind: "other"; what: string };

/** An item of the update, with the container and map key (parentSub) it will integrate into. */
export interface PlacedItem {
  item: Y.Item;
  container: Container;
  parentSub: string | null;
}

export interface Placement {
  /** Items whose parent is neither in the update nor in the document are left out: Yjs keeps
   *  them pending, and the host drops pending structs right after applying an update and
   *  refuses it as missing_dependencies, so they never enter the document. */
  items: PlacedItem[];
}

type Resolved = { container: Container; parentSub: string | null } | "gc" | "missing" | "cycle";

/** Sorted items of one client in the update, for lookups by clock. */
type ClientItems = Y.Item[];

function findInUpdate(byClient: Map<number, ClientItems>, id: Y.ID): Y.Item | Y.GC | undefined {
  const items = byClient.get(id.client);
  if (items === undefined) return undefined;
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid]!;
    if (id.clock < item.id.clock) hi = mid - 1;
    else if (id.clock >= item.id.clock + item.length) lo = mid + 1;
    else return item;
  }
  return undefined;
}

/** The struct of the document holding `id`, if the document has that clock. */
function findInDoc(doc: Y.Doc, id: Y.ID): Y.Item | Y.GC | undefined {
  if (!doc.store.clients.has(id.client) || id.clock >= Y.getState(doc.store, id.client)) return undefined;
  return Y.getItem(doc.store, id) as Y.Item | Y.GC;
}

/** Describes an already integrated type of the document. */
function describeType(type: Y.AbstractType<unknown>, doc: Y.Doc, outer = true): Container {
  const item = type._item;
  if (item === null) {
    for (const [name, root] of doc.share) if (root === type) return { kind: "root", name };
    return { kind: "other", what: "detached type" };
  }
  if (type instanceof Y.XmlElement) return { kind: "xmlElement", nodeName: type.nodeName };
  if (type instanceof Y.XmlText) {
    const parent = item.parent;
    // One level up is all a validator needs (which node holds the text); a legacy text nested in
    // a text is described without its own parent, so no stored shape can recurse deeply.
    return { kind: "xmlText", parent: outer && parent instanceof Y.AbstractType ? describeType(parent, doc, false) : null };
  }
  return { kind: "other", what: typeName(type) };
}

function typeName(type: Y.AbstractType<unknown>): string {
  if (type instanceof Y.XmlElement) return "XmlElement";
  if (type instanceof Y.XmlText) return "XmlText";
  if (type instanceof Y.XmlHook) return "XmlHook";
  if (type instanceof Y.XmlFragment) return "XmlFragment";
  if (type instanceof Y.Text) return "Text";
  if (type instanceof Y.Map) return "Map";
  if (type instanceof Y.Array) return "Array";
  return "type";
}

/** A short name of an item's content, for refusal details. */
export function contentName(content: Y.Item["content"]): string {
  if (content instanceof Y.ContentType) {
    const type = content.type;
    return type instanceof Y.XmlElement ? `XmlElement <${type.nodeName}>` : typeName(type);
  }
  return content.constructor.name.replace(/^_?/, "");
}

/**
 * Places every item of `update` that the document does not already hold. Items fully covered by
 * the document's state are skipped: Yjs ignores them too, and a client re-sending old content
 * must not be refused for it. `decoded` is `Y.decodeUpdate(update)` when the caller has it; it
 * is only read.
 */
export function placeUpdateItems(doc: Y.Doc, update: Uint8Array, decoded: DecodedUpdate = Y.decodeUpdate(update)): Placement {
  const { structs } = decoded;
  const byClient = new Map<number, ClientItems>();
  const fresh: Y.Item[] = [];
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue; // GC and Skip structs carry no content
    let items = byClient.get(struct.id.client);
    if (items === undefined) byClient.set(struct.id.client, (items = []));
    items.push(struct);
    const known = doc.store.clients.has(struct.id.client) ? Y.getState(doc.store, struct.id.client) : 0;
    if (struct.id.clock + struct.length > known) fresh.push(struct);
  }
  for (const items of byClient.values()) items.sort((a, b) => a.id.clock - b.id.clock);

  // Each update item is resolved once; origin chains (a paste typed item by item) are followed
  // in a loop, not by recursion, so no update is too long to check.
  const memo = new Map<Y.Item, Resolved>();

  const containerOfTypeItem = (holder: Y.Item | Y.GC | undefined, fromDoc: boolean, depth: number): Resolved => {
    if (holder === undefined) return "missing";
    if (!(holder instanceof Y.Item)) return "gc";
    if (!(holder.content instanceof Y.ContentType)) return { container: { kind: "other", what: contentName(holder.content) }, parentSub: null };
    const type = holder.content.type;
    if (fromDoc) return { container: describeType(type, doc), parentSub: null };
    if (type instanceof Y.XmlElement) return { container: { kind: "xmlElement", nodeName: type.nodeName }, parentSub: null };
    if (type instanceof Y.XmlText) {
      // Only an XmlText's own container needs a look one level up; a hostile nesting of texts
      // in texts is cut off (it is invalid in every kind anyway).
      if (depth > 32) return { container: { kind: "other", what: "nested too deep" }, parentSub: null };
      const outer = resolve(holder, depth + 1);
      return { container: { kind: "xmlText", parent: typeof outer === "string" ? null : outer.container }, parentSub: null };
    }
    return { container: { kind: "other", what: typeName(type) }, parentSub: null };
  };

  const resolve = (start: Y.Item, depth: number): Resolved => {
    const chain: Y.Item[] = [];
    const onChain = new Set<Y.Item>();
    let item = start;
    let result: Resolved;
    for (;;) {
      const cached = memo.get(item);
      if (cached !== undefined) {
        result = cached;
        break;
      }
      if (onChain.has(item)) {
        result = "cycle"; // origins that lead back to themselves: no client produces that
        break;
      }
      chain.push(item);
      onChain.add(item);
      const parent = item.parent as unknown;
      if (typeof parent === "string") {
        result = { container: { kind: "root", name: parent }, parentSub: item.parentSub };
        break;
      }
      if (parent instanceof Y.ID) {
        const inUpdate = findInUpdate(byClient, parent);
        const resolved = containerOfTypeItem(inUpdate ?? findInDoc(doc, parent), inUpdate === undefined, depth);
        result = typeof resolved === "string" ? resolved : { container: resolved.container, parentSub: item.parentSub };
        break;
      }
      // No parent info: parent and key are those of the left origin, else the right one.
      const originId = item.origin ?? item.rightOrigin;
      if (originId === null) {
        result = "missing";
        break;
      }
      const inUpdate = findInUpdate(byClient, originId);
      if (inUpdate instanceof Y.Item) {
        item = inUpdate;
        continue;
      }
      const inDoc = findInDoc(doc, originId);
      if (inDoc === undefined) result = "missing";
      else if (inDoc instanceof Y.Item && inDoc.parent instanceof Y.AbstractType) {
        result = { container: describeType(inDoc.parent, doc), parentSub: inDoc.parentSub };
      } else result = "gc"; // a collected origin: Yjs integrates the item as GC
      break;
    }
    for (const link of chain) memo.set(link, result);
    return result;
  };

  const placed: PlacedItem[] = [];
  for (const item of fresh) {
    const resolved = resolve(item, 0);
    if (resolved === "missing") continue;
    if (resolved === "cycle") {
      placed.push({ item, container: { kind: "other", what: "origin cycle" }, parentSub: null });
      continue;
    }
    // An item whose parent was garbage-collected integrates as GC: it can change nothing.
    if (resolved === "gc") continue;
    placed.push({ item, container: resolved.container, parentSub: resolved.parentSub });
  }
  return { items: placed };
}
