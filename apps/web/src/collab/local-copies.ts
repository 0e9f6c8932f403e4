// The browser's copies of documents: one IndexedDB database per person and document
// (`taller:<userId>:<collabName>`, y-indexeddb), which keep offline edits and unsaved changes
// across reloads and logins. Copies of different people never mix: a person opens only their
// own copy, so one person's unsaved changes are never sent under another's name, and a copy left
// by a session that ended without logout waits, untouched, for its owner's next login (when it
// syncs) or logout (when it is offered and cleared). This module knows which copies exist and
// clears them at logout and on loss of access. It imports no Yjs, so the app shell can use it;
// reading a copy's unsaved changes loads ./copy-reader (Yjs) only when needed.

const COPY_PREFIX = "taller:";
/** Names of the copies this browser made, for browsers without indexedDB.databases(). */
const KNOWN_KEY = "taller.localCopies";

export function copyName(userId: string, collabName: string): string {
  return `${COPY_PREFIX}${userId}:${collabName}`;
}

/**
 * The person and document of a copy's name. Copies named before they were per person
 * (`taller:<collabName>`, no owner recorded) have `userId` null.
 */
export function parseCopyName(name: string): { userId: string | null; collabName: string } | null {
  if (!name.startsWith(COPY_PREFIX)) return null;
  const rest = name.slice(COPY_PREFIX.length);
  // Room names start with `doc.` or `board.`; user ids are UUIDs (no dot before their colon).
  const colon = rest.indexOf(":");
  const dot = rest.indexOf(".");
  if (colon < 0 || (dot >= 0 && dot < colon)) return { userId: null, collabName: rest };
  return { userId: rest.slice(0, colon), collabName: rest.slice(colon + 1) };
}

/** collabName for a document id: the server names rooms `doc.<id>` (studies) and `board.<id>` (canvases). */
export function collabNamesFor(documentId: string): string[] {
  return [`doc.${documentId}`, `board.${documentId}`];
}

/**
 * A document open in this tab. Sessions register themselves, so that logout and loss of access
 * can read their unsaved changes from memory and close them before their database is deleted
 * (an open connection blocks deleteDatabase).
 */
export interface LiveCopy {
  /** The copy's database name (copyName). */
  name: string;
  collabName: string;
  title: string;
  /** What is not known to be stored, read from the live document and its save ledger. */
  unsaved(): UnsavedSummary;
  /** Disconnects and closes the local database (idempotent). */
  release(): Promise<void>;
}

export interface UnsavedSummary {
  collabName: string;
  title: string;
  kind: "text" | "canvas";
  items: { kind: "text"; text: string }[] | { kind: "shape"; type: string; text: string }[];
  /** Changes that cannot be listed (deletions, formatting) are not known to be stored either. */
  other: boolean;
}

const live = new Set<LiveCopy>();

export function registerLiveCopy(copy: LiveCopy): () => void {
  live.add(copy);
  return () => live.delete(copy);
}

export function liveCopies(): LiveCopy[] {
  return [...live];
}

function readKnown(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(KNOWN_KEY) ?? "{}");
    return parsed && typeof parsed === "object" ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function writeKnown(known: Record<string, string>): void {
  try {
    window.localStorage.setItem(KNOWN_KEY, JSON.stringify(known));
  } catch {
    // Storage full or disabled: the list only helps browsers without indexedDB.databases().
  }
}

/** Records a copy's name (and owner) for browsers that cannot list their databases. */
export function rememberCopy(userId: string, collabName: string): void {
  const known = readKnown();
  const name = copyName(userId, collabName);
  if (known[name] === userId) return;
  known[name] = userId;
  writeKnown(known);
}

/**
 * Names of this person's document copies in this browser, and of the copies named before copies
 * were per person (no owner is known for those: the next person to log out is offered them).
 * Other people's copies are never listed.
 */
export async function listCopies(userId: string): Promise<string[]> {
  const names = new Set<string>();
  if (typeof indexedDB.databases === "function") {
    for (const info of await indexedDB.databases()) {
      if (info.name?.startsWith(COPY_PREFIX)) names.add(info.name);
    }
  }
  // Browsers without databases() still have the list of known copies.
  for (const name of Object.keys(readKnown())) names.add(name);
  return [...names].filter((name) => {
    const owner = parseCopyName(name)?.userId;
    return owner === userId || owner === null;
  });
}

/** Deletes one copy's database, waiting for it to be gone. */
function deleteCopy(name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`));
    // A connection is still open in another tab (its socket is closed by the same logout): the
    // deletion stays queued and completes when that tab lets go; logging out does not wait for it.
    request.onblocked = () => resolve();
  }).then(() => {
    const known = readKnown();
    delete known[name];
    writeKnown(known);
  });
}

/** Closes the live sessions of these copies, then deletes their databases. */
export async function clearCopies(names: string[]): Promise<void> {
  const wanted = new Set(names);
  await Promise.all(liveCopies().filter((copy) => wanted.has(copy.name)).map((copy) => copy.release()));
  await Promise.all(names.map((name) => deleteCopy(name)));
}

/**
 * Unsaved changes of the given copies: live sessions answer from memory, the others are opened
 * from IndexedDB and compared with the stored baseline their session recorded.
 */
export async function collectUnsaved(targets: string[]): Promise<UnsavedSummary[]> {
  const byName = new Map(liveCopies().map((copy) => [copy.name, copy]));
  const { readUnsavedCopy } = await import("./copy-reader");
  const summaries = await Promise.all(
    targets.map((name) => {
      const copy = byName.get(name);
      return copy ? copy.unsaved() : readUnsavedCopy(name);
    }),
  );
  return summaries.filter((s): s is UnsavedSummary => s !== null && (s.items.length > 0 || s.other));
}
