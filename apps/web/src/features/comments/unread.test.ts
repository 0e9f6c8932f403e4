import { describe, expect, it } from "vitest";
import { isUnread, latestActivity, markSeen, readSeen, SEEN_LIMIT, seenStorageKey, unseenComments, writeSeen } from "./unread";
import { andres, comment, jorge, thread } from "./testThreads";

describe("unread threads", () => {
  const t = thread("t1", [comment(jorge, "Observación", "2026-11-27T10:00:00Z"), comment(andres, "Respuesta", "2026-11-27T11:00:00Z")]);

  it("is new for a reader who has not seen someone else's comment", () => {
    expect(isUnread(t, {}, andres.id)).toBe(true);
    expect(unseenComments(t, {}, andres.id).map((c) => c.author.id)).toEqual([jorge.id]);
    // Jorge's own comment never makes it new for him; Andrés's reply does.
    expect(isUnread(t, { t1: "2026-11-27T10:00:00Z" }, jorge.id)).toBe(true);
    expect(isUnread(t, { t1: "2026-11-27T11:00:00Z" }, jorge.id)).toBe(false);
  });

  it("is seen up to the latest activity, edits included", () => {
    const seen = markSeen({}, t);
    expect(seen).toEqual({ t1: "2026-11-27T11:00:00Z" });
    expect(isUnread(t, seen, andres.id)).toBe(false);
    expect(markSeen(seen, t)).toBe(seen);
    const edited = thread("t1", [comment(jorge, "Observación corregida", "2026-11-27T10:00:00Z", { editedAt: "2026-11-27T12:00:00Z" })]);
    expect(latestActivity(edited)).toBe("2026-11-27T12:00:00Z");
    expect(isUnread(edited, seen, andres.id)).toBe(true);
    const deleted = thread("t1", [comment(jorge, "", "2026-11-27T13:00:00Z", { deleted: true })]);
    expect(isUnread(deleted, seen, andres.id)).toBe(false);
  });

  it("keeps the most recently active threads when it grows too large", () => {
    let seen: Record<string, string> = {};
    for (let i = 0; i < SEEN_LIMIT; i++) seen[`old${i}`] = "2026-01-01T00:00:00Z";
    seen = markSeen(seen, t);
    expect(Object.keys(seen)).toHaveLength(SEEN_LIMIT);
    expect(seen.t1).toBe("2026-11-27T11:00:00Z");
  });

  it("is stored per person, ignoring malformed storage", () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    writeSeen(storage, andres.id, { t1: "2026-11-27T11:00:00Z" });
    expect(readSeen(storage, andres.id)).toEqual({ t1: "2026-11-27T11:00:00Z" });
    expect(readSeen(storage, jorge.id)).toEqual({});
    store.set(seenStorageKey(jorge.id), "[1,2]");
    expect(readSeen(storage, jorge.id)).toEqual({});
    store.set(seenStorageKey(jorge.id), "{no es json");
    expect(readSeen(storage, jorge.id)).toEqual({});
    store.set(seenStorageKey(jorge.id), JSON.stringify({ a: 1, b: "2026-11-27T00:00:00Z" }));
    expect(readSeen(storage, jorge.id)).toEqual({ b: "2026-11-27T00:00:00Z" });
    expect(readSeen(undefined, jorge.id)).toEqual({});
  });
});
