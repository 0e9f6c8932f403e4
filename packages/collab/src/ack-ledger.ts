// A connection's acknowledgement bookkeeping (session signals 100 and 101, README "Wire
// protocol"). Every sync-step-2/update message the client sends takes the next number, whatever
// becomes of it, and every number is answered in order: a refusal (101) at once when the message
// was not applied, and the ack (100) once everything it depends on is committed. Stock clients
// (no `wantsAck`) are numbered too but never sent either frame.
import { encodeDurableAck, encodeRefusal, type RefusalReason } from "./protocol";

/** What a ledger reads from the connection's room: how far its updates are committed. */
export interface DurableProgress {
  /** Highest room sequence (count of updates handed to storage) known to be committed. */
  readonly durableSeq: number;
  /** What storage holds committed, as Y.encodeStateVector bytes (encoded once per commit). */
  durableStateVector(): Uint8Array;
}

export class AckLedger {
  /** Messages numbered so far: the client counts its sends the same way (`isAcknowledgeable`). */
  private received = 0;
  /** Acks waiting for the room's committed sequence to reach `roomSeq`, in client order. */
  private waiting: { seq: number; roomSeq: number }[] = [];

  constructor(
    /** Whether the client opted in to session signals; otherwise nothing is ever sent. */
    private readonly active: boolean,
    private readonly send: (frame: Uint8Array) => void,
  ) {}

  /** Numbers the next sync-step-2/update message of the socket. */
  receive(): number {
    return ++this.received;
  }

  /** Message `seq` is acknowledged once the room's committed sequence reaches `roomSeq`. */
  ackWhenDurable(seq: number, roomSeq: number, room: DurableProgress): void {
    if (!this.active) return;
    this.waiting.push({ seq, roomSeq });
    this.release(room);
  }

  /** Tells the client message `seq` was refused; its ack follows once `holdFor` (a room sequence) is committed. */
  refuse(seq: number, reason: RefusalReason, holdFor: number, room: DurableProgress): void {
    if (!this.active) return;
    this.send(encodeRefusal(seq, reason));
    this.ackWhenDurable(seq, holdFor, room);
  }

  /**
   * Sends one ack for the waiting messages the room's commits now cover (after COMMIT, never
   * before): the highest such number, with the room's committed state vector. Numbers are
   * released in order, so an ack never claims a message still waiting behind it.
   */
  release(room: DurableProgress): void {
    let ackTo = 0;
    while (this.waiting.length > 0 && this.waiting[0]!.roomSeq <= room.durableSeq) {
      ackTo = this.waiting.shift()!.seq;
    }
    if (ackTo > 0) this.send(encodeDurableAck(ackTo, room.durableStateVector()));
  }

  /** Forgets waiting acks (the socket closed: nobody is left to tell). */
  clear(): void {
    this.waiting = [];
  }
}
