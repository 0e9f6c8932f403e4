/**
 * Live collaboration sockets per person, capped (COLLAB_MAX_SOCKETS_PER_USER). A slot is taken
 * synchronously once an upgrade is authorized and before the 101 is written, so upgrades that
 * arrive together cannot all pass the check; it is given back when the TCP socket closes,
 * whatever ended it (normal close, failed handshake, server-side close).
 */
export class SocketSlots {
  private readonly taken = new Map<string, number>();

  constructor(private readonly maxPerUser: number) {}

  /** Takes a slot for `userId`; false when the person already holds the maximum. */
  take(userId: string): boolean {
    const held = this.taken.get(userId) ?? 0;
    if (held >= this.maxPerUser) return false;
    this.taken.set(userId, held + 1);
    return true;
  }

  release(userId: string): void {
    const held = this.taken.get(userId) ?? 0;
    if (held <= 1) this.taken.delete(userId);
    else this.taken.set(userId, held - 1);
  }
}
