import * as Y from "yjs";
import { appendParagraph, paragraphOf } from "../../../support/study-content";
import type { ServerStats } from "../servers/probe";
import type { TargetInfo } from "./target";

/** Latency samples in milliseconds; grows as needed. */
export class Samples {
  private values = new Float64Array(1024);
  count = 0;

  add(value: number): void {
    if (this.count === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.count++] = value;
  }

  /** Nearest-rank percentile (p in 0..100); null without samples. */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const sorted = this.values.slice(0, this.count).sort();
    const rank = Math.min(this.count - 1, Math.max(0, Math.ceil((p / 100) * this.count) - 1));
    return round(sorted[rank]!);
  }

  max(): number | null {
    return this.percentile(100);
  }
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The server's figures; `collect` forces GC first, `reset` restarts its event-loop-delay window. */
export async function stats(target: TargetInfo, collect = false, reset = false): Promise<ServerStats> {
  const query = [collect ? "gc=1" : "", reset ? "reset=1" : ""].filter(Boolean).join("&");
  const response = await fetch(`http://127.0.0.1:${target.probePort}/stats${query ? `?${query}` : ""}`);
  return (await response.json()) as ServerStats;
}

/** Asks the server for `count` fresh document names it will let us open. */
export async function prepare(target: TargetInfo, count: number): Promise<string[]> {
  const response = await fetch(`http://127.0.0.1:${target.probePort}/prepare?count=${count}`, { method: "POST" });
  if (!response.ok) throw new Error(`prepare: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { names: string[] }).names;
}

/** Puts `state` into the server's own storage as document `name` (the server must not have it loaded). */
export async function store(target: TargetInfo, name: string, state: Uint8Array): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${target.probePort}/store?name=${encodeURIComponent(name)}`, {
    method: "POST",
    body: state as Uint8Array<ArrayBuffer>, // never a shared buffer; the DOM fetch types (pulled in by @types/pdfmake) want that said
  });
  if (!response.ok) throw new Error(`store: ${response.status} ${await response.text()}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, pollMs = 10): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) return false;
    await sleep(pollMs);
  }
  return true;
}

// Markers: every benchmark update inserts «<seq>» and nothing else, so a receiver finds which
// updates a frame carries by scanning its bytes (merged updates carry several) without a Y.Doc.
const OPEN = [0xc2, 0xab];
const CLOSE = [0xc2, 0xbb];

export function forEachMarker(bytes: Uint8Array, found: (seq: number) => void): void {
  const end = bytes.length - 3;
  for (let i = 0; i < end; i++) {
    if (bytes[i] !== OPEN[0] || bytes[i + 1] !== OPEN[1]) continue;
    let j = i + 2;
    let seq = 0;
    let digits = 0;
    while (j < bytes.length && bytes[j]! >= 0x30 && bytes[j]! <= 0x39) {
      seq = seq * 10 + (bytes[j]! - 0x30);
      j++;
      digits++;
    }
    if (digits > 0 && bytes[j] === CLOSE[0] && bytes[j + 1] === CLOSE[1]) {
      found(seq);
      i = j + 1;
    }
  }
}

/**
 * One author's pre-encoded edits: each appends «seq» to a paragraph of its own Y.Doc's study
 * fragment (the first edit creates the paragraph), the shape Taller's server accepts in a study.
 * Encoding happens before a measurement starts, so the generator only sends bytes while it measures.
 */
export class Author {
  readonly doc = new Y.Doc();
  private text: Y.XmlText | null = null;

  edit(seq: number): Uint8Array {
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (update = u);
    this.doc.on("update", capture);
    this.doc.transact(() => {
      this.text ??= appendParagraph(this.doc);
      this.text.insert(this.text.length, `«${seq}»`);
    });
    this.doc.off("update", capture);
    return update!;
  }

  /** The author's text as `doc` (its own or a reader's copy) holds it. */
  read(doc: Y.Doc): string {
    return paragraphOf(doc, this.doc.clientID)?.toString() ?? "";
  }
}

/** Open-loop pacing: calls `send(i)` for i = 0..total-1 at `rate` per second, never waiting on replies. */
export async function paced(total: number, rate: number, send: (i: number) => void): Promise<void> {
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
    while (sent < due) send(sent++);
    if (sent < total) await new Promise<void>((resolve) => setTimeout(resolve, 1));
  }
}
