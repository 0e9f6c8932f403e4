// Awareness is relayed, not trusted: a connection may only speak for a clientID it may bind
// (see Room.mayBindAwareness), its `user` field is the server's, not the client's, each state is
// size-capped, and what it costs the listeners is budgeted. Without this, any viewer could move
// someone else's cursor, impersonate their name, erase them from the presence list, or make the
// server multiply its messages by the number of listeners.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { MalformedFrameError } from "./protocol";
import { TokenBucket, type RateLimits } from "./rate-limit";

/**
 * Who a connection is, as the server knows it from the session: written as the `user` field of
 * every awareness state the connection publishes (the client's own `user` is discarded). The
 * web app reads `name`, `org` and `color` for carets, cursors and the participants list.
 */
export interface PresenceIdentity {
  /** The user's id (tldraw's presence record carries a user id too; this is the true one). */
  id: string;
  name: string;
  /** The agency's short name. */
  org: string;
  /** CSS colour for the caret and cursor. */
  color: string;
}

/** One entry of a y-protocols awareness update. `stateJson` is the raw JSON text ("null" = left). */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  stateJson: string;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes an awareness update into entries. Structural errors (bad varints, truncation, trailing
 * bytes) throw MalformedFrameError, which closes the socket. Entries whose state is larger than
 * `maxStateBytes` or is not valid UTF-8 JSON are dropped individually: an oversize cursor is a
 * client bug, not an attack worth disconnecting for.
 */
export function decodeAwarenessUpdate(update: Uint8Array, maxStateBytes: number): AwarenessEntry[] {
  const entries: AwarenessEntry[] = [];
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const stateBytes = decoding.readVarUint8Array(decoder);
      if (stateBytes.byteLength > maxStateBytes) continue;
      const stateJson = parseJsonText(stateBytes);
      if (stateJson !== null) entries.push({ clientId, clock, stateJson });
    }
    if (decoding.hasContent(decoder)) throw new MalformedFrameError("trailing bytes after awareness update");
  } catch (error) {
    if (error instanceof MalformedFrameError) throw error;
    throw new MalformedFrameError(`undecodable awareness update: ${(error as Error).message}`);
  }
  return entries;
}

function parseJsonText(bytes: Uint8Array): string | null {
  try {
    const text = utf8.decode(bytes);
    JSON.parse(text);
    return text;
  } catch {
    return null;
  }
}

/** What the guard needs to know about the sending connection and its room. */
export interface AwarenessIdentity {
  /** The clientID this connection is bound to, once it announced one. */
  boundClientId: number | undefined;
  /**
   * Whether this connection may bind `clientId`. The room refuses an id that belongs to another
   * user (the first to use it in the room, live or not: Room.mayBindAwareness), so "first
   * announcement binds" cannot be used to hijack a peer's id, not even after the peer's socket
   * dropped; the same user reconnecting may take it back.
   */
  mayBind(clientId: number): boolean;
}

/** Result of filtering: the entries to apply and, if this update bound the connection, the id. */
export interface GuardedAwareness {
  accepted: AwarenessEntry[];
  bindTo: number | undefined;
}

/**
 * Keeps only the entries that describe the sender's own clientID. An unbound connection binds to
 * the first entry that carries a state (not a removal), so a removal cannot be used to bind.
 * Removal (state `null`) of the connection's own id is allowed: that is how clients say goodbye.
 */
export function guardAwarenessEntries(entries: readonly AwarenessEntry[], identity: AwarenessIdentity): GuardedAwareness {
  let bound = identity.boundClientId;
  let bindTo: number | undefined;
  const accepted: AwarenessEntry[] = [];
  for (const entry of entries) {
    if (bound === undefined) {
      if (entry.stateJson === "null" || !identity.mayBind(entry.clientId)) continue;
      bound = entry.clientId;
      bindTo = entry.clientId;
    }
    if (entry.clientId === bound) accepted.push(entry);
  }
  return { accepted, bindTo };
}

/** Re-encodes entries as a y-protocols awareness update (the inverse of decodeAwarenessUpdate). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.stateJson);
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Sets `user` of every state to the server's identity, keeping the rest (cursor, selection,
 * canvas presence…). A state that is not a JSON object becomes `{ user }`; removals stay removals.
 */
export function stampIdentity(entries: readonly AwarenessEntry[], identity: PresenceIdentity): AwarenessEntry[] {
  return entries.map((entry) => {
    if (entry.stateJson === "null") return entry;
    const parsed = JSON.parse(entry.stateJson) as unknown;
    const state = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    state.user = { id: identity.id, name: identity.name, org: identity.org, color: identity.color };
    return { ...entry, stateJson: JSON.stringify(state) };
  });
}

/** The entry that wins among several for one clientID: the highest clock, the last among equals. */
export function latestEntry(entries: readonly AwarenessEntry[]): AwarenessEntry | undefined {
  let latest: AwarenessEntry | undefined;
  for (const entry of entries) if (latest === undefined || entry.clock >= latest.clock) latest = entry;
  return latest;
}

/**
 * What one connection's presence may cost its room: states relayed per second and bytes of state
 * relayed per second, with bursts. Charged when a state is relayed (not when it arrives), so a
 * client over budget is slowed down — its newer states replace the waiting one — rather than
 * refused: listeners always end up with its latest state.
 */
export class AwarenessBudget {
  private readonly states: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(
    limits: RateLimits,
    private readonly now: () => number,
  ) {
    const start = now();
    this.states = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, start);
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst, start);
  }

  /** Takes one state of `byteLength` bytes from the budget if both buckets allow it. */
  admit(byteLength: number): boolean {
    const now = this.now();
    // Check before taking, so a refusal by one bucket does not spend the other's tokens.
    if (!this.states.has(1, now) || !this.bytes.has(byteLength, now)) return false;
    this.states.take(1, now);
    this.bytes.take(byteLength, now);
    return true;
  }
}
