import type { Executor } from "@taller/db";
import { addendaOf, sealOf } from "../queries/meetings";
import { peopleByIds } from "../queries/threads";
import type { ActaView } from "./acta";

/**
 * The sealed acta of a meeting as the renderers take it: the seal's record and hash, and the
 * addenda with their authors' names — or null when the meeting is not sealed.
 */
export async function sealedActaView(db: Executor, meetingId: string): Promise<(ActaView & { seal: NonNullable<ActaView["seal"]> }) | null> {
  const seal = await sealOf(db, meetingId);
  if (!seal) return null;
  const rows = await addendaOf(db, meetingId);
  const people = await peopleByIds(db, rows.map((a) => a.createdBy));
  return {
    record: seal.record,
    seal: { sha256: seal.sha256, sealedAt: seal.sealedAt },
    addenda: rows.map((a) => {
      const by = people.get(a.createdBy);
      return { body: a.body, sha256: a.sha256, createdAt: a.createdAt, createdBy: { name: by?.name ?? a.createdBy, org: by?.org.shortName ?? null } };
    }),
  };
}
