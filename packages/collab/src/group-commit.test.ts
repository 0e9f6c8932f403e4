import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { GroupCommitter, type GroupCommitOptions } from "./group-commit";
import { InMemoryStorage } from "./in-memory-storage";

const options: GroupCommitOptions = { windowMs: 5, maxBatchBytes: 1 << 20, maxBatchUpdates: 1000, retryBaseMs: 5, retryMaxMs: 20 };

function updateFor(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

function recorder() {
  const committed: string[] = [];
  const failures: unknown[] = [];
  return {
    committed,
    failures,
    events: {
      committed: (tags: string[]) => committed.push(...tags),
      writeFailed: (error: unknown) => failures.push(error),
      compactionFailed: (error: unknown) => failures.push(error),
    },
  };
}

describe("GroupCommitter", () => {
  it("writes updates of several rooms that arrive together in one appendMany call", async () => {
    const storage = new InMemoryStorage();
    const log = recorder();
    const committer = new GroupCommitter<string>(storage, options, log.events);
    committer.enqueue("a", updateFor("1"), "a1");
    committer.enqueue("b", updateFor("2"), "b1");
    committer.enqueue("a", updateFor("3"), "a2");
    expect(committer.pendingUpdates).toBe(3);
    await committer.flush();
    expect(storage.appendManyCalls).toBe(1);
    expect(log.committed).toEqual(["a1", "b1", "a2"]);
    expect(storage.logs.get("a")).toHaveLength(2);
    expect(committer.pendingUpdates).toBe(0);
  });

  it("falls back to one append per room and retries only the failing room, in order", async () => {
    let failB = 2;
    const storage = new InMemoryStorage({
      groupCommit: false,
      beforeAppend: (entries) => {
        if (entries[0]?.name === "b" && failB-- > 0) throw new Error("disk full");
      },
    });
    const log = recorder();
    const committer = new GroupCommitter<string>(storage, options, log.events);
    committer.enqueue("a", updateFor("1"), "a1");
    committer.enqueue("b", updateFor("2"), "b1");
    await new Promise((resolve) => setTimeout(resolve, 8));
    committer.enqueue("b", updateFor("3"), "b2");
    await committer.flush();
    expect(log.failures).toHaveLength(2);
    expect(log.committed.filter((t) => t.startsWith("b"))).toEqual(["b1", "b2"]);
    expect(log.committed[0]).toBe("a1");
    expect(storage.documentState("b")?.getText("t").toString()).toHaveLength(2);
  });

  it("runs a compaction as a barrier: after earlier updates, before later ones", async () => {
    const order: string[] = [];
    const storage = new InMemoryStorage({
      beforeAppend: (entries) => {
        order.push(`append:${entries.length}`);
      },
      beforeCompact: () => {
        order.push("compact");
      },
    });
    const committer = new GroupCommitter<string>(storage, options, recorder().events);
    committer.enqueue("a", updateFor("1"), "a1");
    committer.enqueueCompaction("a", () => updateFor("snapshot"), () => {});
    committer.enqueue("a", updateFor("2"), "a2");
    await committer.flush();
    expect(order).toEqual(["append:1", "compact", "append:1"]);
    expect(storage.logs.get("a")).toHaveLength(2);
  });

  it("batches by size limit", async () => {
    const storage = new InMemoryStorage();
    const committer = new GroupCommitter<string>(storage, { ...options, maxBatchUpdates: 2 }, recorder().events);
    for (let i = 0; i < 5; i++) committer.enqueue("a", updateFor(String(i)), `a${i}`);
    await committer.flush();
    expect(storage.appendManyCalls).toBe(3);
  });
});
