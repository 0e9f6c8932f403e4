import { readFileSync } from "node:fs";
import type { RawPeer } from "../load/raw-peer";
import type { Fixture } from "../fixtures";

export function readFixture(fixture: Fixture): Uint8Array {
  return new Uint8Array(readFileSync(fixture.file));
}

/**
 * A raw joiner holds the document once it got the server's sync step 2 and as many update bytes
 * as the stored state has: every server re-encodes a loaded document to the same size (Yjs
 * encoding is canonical for a given state). Checking bytes, not a Y.Doc, keeps 50 joiners of a
 * 20 MB document from loading the generator itself; a stock client checks the content.
 */
export function expectDocument(peer: RawPeer, state: Uint8Array): RawPeer {
  peer.expectBytes = state.byteLength;
  return peer;
}

export function loadedFully(peer: RawPeer): boolean {
  return peer.completeAt > 0;
}
