// The browser's copies of documents: one IndexedDB database per document (`taller:<collabName>`,
// y-indexeddb), which keep offline edits and unsaved changes across reloads and logins. This
// module knows which copies exist and who they belong to, and clears them at logout and on loss
// of access. It imports no Yjs, so the app shell can use it; reading a copy's unsaved changes
// loads ./copy-reader (Yjs) only when needed.

export const COPY_PREFIX = "taller:";
const OWNERS_KEY = "taller.localCopies";

export function copyName(collabName: string): string {
  return `${COPY_PREFIX}${collabName}`;
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

function readOwners(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(OWNERS_KEY) ?? "{}");
    return parsed && typeof parsed === "object" ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function writeOwners(owners: Record<string, string>): void {
  try {
    window.localStorage.setItem(OWNERS_KEY, JSON.stringify(owners));
  } catch {
    // Storage full or disabled: ownership is a safeguard, the copies still work.
  }
}

/** Records who a copy belongs to; returns the previous owner when it was someone else. */
export function claimCopy(collabName: string, userId: string): string | null {
  const owners = readOwners();
  const name = copyName(collabName);
  const previous = owners[name] ?? null;
  owners[name] = userId;
  writeOwners(owners);
  return previous !== null && previous !== userId ? previous : null;
}

/** Names (`taller:…`) of the document copies this browser holds. */
export async function listCopies(): Promise<string[]> {
  const names = new Set<string>();
  if (typeof indexedDB.databases === "function") {
    for (const info of await indexedDB.databases()) {
      if (info.name?.startsWith(COPY_PREFIX)) names.add(info.name);
    }
  }
  // Browsers without databases() still have the owner list.
  for (const name of Object.keys(readOwners())) names.add(name);
  return [...names];
}

/** Deletes one copy's database, waiting for it to be gone. */
export function deleteCopy(name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`));
    // A connection is still open in another tab (its socket is closed by the same logout): the
    // deletion stays queued and completes when that tab lets go; logging out does not wait for it.
    request.onblocked = () => resolve();
  }).then(() => {
    const owners = readOwners();
    delete owners[name];
    writeOwners(owners);
  });
}

/** Closes the live sessions of these copies (or all), then deletes their databases. */
export async function clearCopies(names?: string[]): Promise<void> {
  const targets = names ?? (await listCopies());
  const wanted = new Set(targets);
  await Promise.all(liveCopies().filter((copy) => wanted.has(copyName(copy.collabName))).map((copy) => copy.release()));
  await Promise.all(targets.map((name) => deleteCopy(name)));
}

/**
 * Unsaved changes of every copy (or of the given ones): live sessions answer from memory, the
 * others are opened from IndexedDB and compared with the stored baseline their session recorded.
 */
export async function collectUnsaved(names?: string[]): Promise<UnsavedSummary[]> {
  const targets = names ?? (await listCopies());
  const byName = new Map(liveCopies().map((copy) => [copyName(copy.collabName), copy]));
  const { readUnsavedCopy } = await import("./copy-reader");
  const summaries = await Promise.all(
    targets.map((name) => {
      const copy = byName.get(name);
      return copy ? copy.unsaved() : readUnsavedCopy(name);
    }),
  );
  return summaries.filter((s): s is UnsavedSummary => s !== null && (s.items.length > 0 || s.other));
}
