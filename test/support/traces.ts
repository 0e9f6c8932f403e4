import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import * as Y from "yjs";

/**
 * The real editing traces vendored in test/fixtures/editing-traces (josephg/editing-traces,
 * CC BY 4.0: credit in that directory's README), and a replay of the concurrent ones into
 * per-agent Yjs updates that respect each transaction's causal parents: what each author had
 * seen when they typed.
 */
const TRACES_DIR = fileURLToPath(new URL("../fixtures/editing-traces/", import.meta.url));

type Patch = [position: number, deleteCount: number, insert: string];
export interface ConcurrentTrace {
  endContent: string;
  numAgents: number;
  txns: { parents: number[]; agent: number; patches: Patch[] }[];
}

export function loadTrace<T = ConcurrentTrace>(file: string): T {
  return JSON.parse(gunzipSync(readFileSync(TRACES_DIR + file)).toString("utf8")) as T;
}

export interface AuthoredUpdate {
  agent: number;
  update: Uint8Array;
  /**
   * What the author's document held of the other agents when typing (clientID → clock): a live
   * client may send this update only once it has received that much, as a person could only
   * have typed it then.
   */
  requires: Map<number, number>;
}

/** True when a document's state vector covers what an authored update requires. */
export function satisfies(stateVector: Map<number, number>, requires: Map<number, number>): boolean {
  for (const [client, clock] of requires) if ((stateVector.get(client) ?? 0) < clock) return false;
  return true;
}

/**
 * Turns a concurrent trace into one Yjs update per transaction, authored on a private Y.Doc per
 * agent. Before an agent's transaction, its doc receives exactly the other agents' transactions
 * in the transaction's causal history (each agent's transactions form a chain, so that history
 * is a prefix of every agent's list), so patch positions mean what the author meant.
 */
export function authorConcurrentTrace(
  trace: ConcurrentTrace,
  target: { base?: Uint8Array; text: (doc: Y.Doc) => Y.Text } = { text: (doc) => doc.getText("text") },
): AuthoredUpdate[] {
  // Concurrent inserts at one position are ordered by Yjs clientID; the traces' endContent was
  // produced with agent 0 first, so each agent authors under clientID agent + 1 (random IDs
  // would reproduce endContent only half of the time).
  const docs = Array.from({ length: trace.numAgents }, (_, agent) => {
    const doc = new Y.Doc();
    doc.clientID = agent + 1;
    // Shared content the text lives in (a study paragraph); every update then requires it.
    if (target.base) Y.applyUpdate(doc, target.base);
    return doc;
  });
  const applied = docs.map(() => new Array<number>(trace.numAgents).fill(-1)); // per doc: highest txn index applied per agent
  const seen: number[][] = []; // per txn: highest txn index per agent in its history (inclusive)
  const byAgent: number[][] = Array.from({ length: trace.numAgents }, () => []);
  const updates: AuthoredUpdate[] = [];

  trace.txns.forEach((txn, index) => {
    const history = new Array<number>(trace.numAgents).fill(-1);
    for (const parent of txn.parents) seen[parent]!.forEach((v, agent) => (history[agent] = Math.max(history[agent]!, v)));
    const doc = docs[txn.agent]!;
    for (let agent = 0; agent < trace.numAgents; agent++) {
      if (agent === txn.agent) {
        if (applied[txn.agent]![agent] !== history[agent]) throw new Error(`txn ${index}: agent ${agent} is not a chain`);
        continue;
      }
      for (const other of byAgent[agent]!) {
        if (other > history[agent]!) break;
        if (other > applied[txn.agent]![agent]!) Y.applyUpdate(doc, updates[other]!.update);
      }
      applied[txn.agent]![agent] = Math.max(applied[txn.agent]![agent]!, history[agent]!);
    }
    const requires = Y.decodeStateVector(Y.encodeStateVector(doc));
    requires.delete(doc.clientID);
    let update = null as Uint8Array | null;
    const capture = (u: Uint8Array) => (update = u);
    doc.on("update", capture);
    const text = target.text(doc);
    doc.transact(() => {
      for (const [position, deleteCount, insert] of txn.patches) {
        if (deleteCount > 0) text.delete(position, deleteCount);
        if (insert) text.insert(position, insert);
      }
    });
    doc.off("update", capture);
    updates.push({ agent: txn.agent, update: update ?? new Uint8Array([0, 0]), requires });
    history[txn.agent] = index;
    seen.push(history);
    applied[txn.agent]![txn.agent] = index;
    byAgent[txn.agent]!.push(index);
  });
  return updates;
}
