import { EventEmitter } from "node:events";
import type { ProjectRole } from "@taller/domain";

/**
 * In-process notifications of committed changes that other parts of the server must react to
 * (for example: closing or downgrading live collaboration sockets when a session ends or a
 * membership changes). Emitted only after the transaction committed.
 */
export type ServerEvent =
  | { type: "session.ended"; userId: string; tokenHash: string }
  | { type: "membership.changed"; projectId: string; userId: string; role: ProjectRole | null }
  /**
   * An administrator deactivated the person: every live socket and event stream of theirs closes,
   * whatever session it was opened with (each deleted session is also announced as session.ended).
   */
  | { type: "user.deactivated"; userId: string }
  /** The person's admin flag changed: their live sockets are decided again with the new flag. */
  | { type: "user.admin_changed"; userId: string; isAdmin: boolean };

export class ServerEvents {
  private readonly emitter = new EventEmitter();

  emit(event: ServerEvent): void {
    this.emitter.emit("event", event);
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: (event: ServerEvent) => void): () => void {
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }
}
