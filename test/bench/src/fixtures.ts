import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { seedStudyTemplate } from "@taller/editor-schema/server";

/** A stored document state the scenarios load into each server, written to a file once. */
export interface Fixture {
  id: string;
  label: string;
  file: string;
  bytes: number;
  /** A stock client checks that this text field has this many characters after syncing. */
  checkField: string;
  checkLength: number;
}

// Vendored with its CC BY 4.0 credit in test/fixtures/editing-traces/README.md.
const TRACE = fileURLToPath(new URL("../../fixtures/editing-traces/automerge-paper.json.gz", import.meta.url));
export const FIXTURE_DIR = fileURLToPath(new URL("../.bench/fixtures/", import.meta.url));

interface SequentialTrace {
  endContent: string;
  txns: { patches: [number, number, string][] }[];
}

function cached(id: string, label: string, build: () => { state: Uint8Array; checkField: string; checkLength: number }): Fixture {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const file = `${FIXTURE_DIR}${id}.bin`;
  const metaFile = `${FIXTURE_DIR}${id}.json`;
  if (existsSync(file) && existsSync(metaFile)) return JSON.parse(readFileSync(metaFile, "utf8")) as Fixture;
  const { state, checkField, checkLength } = build();
  writeFileSync(file, state);
  const fixture = { id, label, file, bytes: state.byteLength, checkField, checkLength };
  writeFileSync(metaFile, JSON.stringify(fixture));
  return fixture;
}

/** Taller's study proposal template, as a new study starts: the "small study". */
export function smallStudy(): Fixture {
  return cached("study", "small study", () => {
    const doc = new Y.Doc();
    seedStudyTemplate(doc);
    return { state: Y.encodeStateAsUpdate(doc), checkField: "none", checkLength: 0 };
  });
}

let b4: { state: Uint8Array; endContent: string } | undefined;

/** The B4 trace (automerge-paper: 259,778 keystrokes) replayed into Y.Text "b4" by client 1. */
function b4State(): { state: Uint8Array; endContent: string } {
  if (b4) return b4;
  const trace = JSON.parse(gunzipSync(readFileSync(TRACE)).toString("utf8")) as SequentialTrace;
  const doc = new Y.Doc();
  doc.clientID = 1;
  const text = doc.getText("b4");
  for (const txn of trace.txns) {
    doc.transact(() => {
      for (const [position, deleteCount, insert] of txn.patches) {
        if (deleteCount > 0) text.delete(position, deleteCount);
        if (insert) text.insert(position, insert);
      }
    });
  }
  if (text.toString() !== trace.endContent) throw new Error("B4 replay does not reproduce endContent");
  b4 = { state: Y.encodeStateAsUpdate(doc), endContent: trace.endContent };
  return b4;
}

export function b4Fixture(): Fixture {
  return cached("b4", "B4", () => {
    const { state, endContent } = b4State();
    return { state, checkField: "b4", checkLength: endContent.length };
  });
}

/**
 * `copies` × B4 in one document: copy k is B4's history re-authored by client k + 1 into its own
 * text "b4" / "b4.<k>". Built by rewriting the decoded structs of one replay (a replay takes
 * seconds, 100 of them minutes): same content, same history shape, 100 independent authors.
 */
export function b4Copies(copies: number): Fixture {
  return cached(`b4x${copies}`, `${copies} × B4`, () => {
    const { state, endContent } = b4State();
    const { structs, ds } = Y.decodeUpdate(state);
    const deletes = ds.clients.get(1) ?? [];
    const encoder = new Y.UpdateEncoderV1();
    const moved = (id: Y.ID | null, client: number) => (id === null ? null : Y.createID(client, id.clock));
    encoding.writeVarUint(encoder.restEncoder, copies);
    for (let k = 0; k < copies; k++) {
      const client = k + 1;
      const root = k === 0 ? "b4" : `b4.${k}`;
      encoding.writeVarUint(encoder.restEncoder, structs.length);
      encoder.writeClient(client);
      encoding.writeVarUint(encoder.restEncoder, structs[0]!.id.clock);
      for (const struct of structs) {
        const original = { id: struct.id, origin: null as Y.ID | null, rightOrigin: null as Y.ID | null, parent: null as unknown };
        struct.id = Y.createID(client, struct.id.clock);
        if (struct instanceof Y.Item) {
          original.origin = struct.origin;
          original.rightOrigin = struct.rightOrigin;
          original.parent = struct.parent;
          struct.origin = moved(struct.origin, client);
          struct.rightOrigin = moved(struct.rightOrigin, client);
          if (typeof struct.parent === "string") (struct as { parent: unknown }).parent = root;
        }
        struct.write(encoder, 0);
        struct.id = original.id;
        if (struct instanceof Y.Item) {
          struct.origin = original.origin;
          struct.rightOrigin = original.rightOrigin;
          (struct as { parent: unknown }).parent = original.parent;
        }
      }
    }
    encoding.writeVarUint(encoder.restEncoder, copies);
    for (let k = 0; k < copies; k++) {
      encoder.resetDsCurVal();
      encoding.writeVarUint(encoder.restEncoder, k + 1);
      encoding.writeVarUint(encoder.restEncoder, deletes.length);
      for (const item of deletes) {
        encoder.writeDsClock(item.clock);
        encoder.writeDsLen(item.len);
      }
    }
    return { state: encoder.toUint8Array(), checkField: "b4", checkLength: endContent.length };
  });
}
