import * as Y from "yjs";
import { IndexeddbPersistence } from "y-indexeddb";
import { parseCopyName, type UnsavedSummary } from "./local-copies";
import { stateVectorOf, uncoveredBy } from "./save-status";
import { STUDY_FIELD_NAME, documentKindOf, unsavedItems } from "./unsaved";

/** Key of the custom store entry a DocumentSession keeps in its copy (see `persistBaseline`). */
export const BASELINE_KEY = "taller:baseline";

/** What a session records in its copy so that unsaved changes can be told without the server. */
export interface StoredBaseline {
  /** [client, clock] pairs known to be in the server's room (committed, or the server's own). */
  baseline: [number, number][];
  /** The save status was «Guardado» when this was written. */
  clean: boolean;
  title: string;
}

/** Opens a copy that is not live in this tab and lists what it holds beyond its stored baseline. */
export async function readUnsavedCopy(name: string): Promise<UnsavedSummary | null> {
  const collabName = parseCopyName(name)?.collabName;
  const kind = collabName === undefined ? null : documentKindOf(collabName);
  if (!collabName || !kind) return null;
  const doc = new Y.Doc();
  const local = new IndexeddbPersistence(name, doc);
  try {
    await local.whenSynced;
    const raw: unknown = await local.get(BASELINE_KEY);
    const stored = typeof raw === "string" ? (JSON.parse(raw) as StoredBaseline) : undefined;
    if (!stored) {
      // Written before baselines were recorded: nothing can be listed, and nothing is known stored.
      return { collabName, title: "", kind, items: [], other: doc.store.clients.size > 0 };
    }
    const uncovered = uncoveredBy(new Map(stored.baseline), stateVectorOf(doc));
    const items = unsavedItems(doc, kind, STUDY_FIELD_NAME, uncovered);
    return { collabName, title: stored.title, kind, items, other: !stored.clean && items.length === 0 } as UnsavedSummary;
  } finally {
    await local.destroy();
    doc.destroy();
  }
}
