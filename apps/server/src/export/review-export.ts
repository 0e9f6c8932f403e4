import { create as contentDisposition } from "content-disposition";
import { inArray } from "@taller/db/sql";
import { meetings, type Executor } from "@taller/db";
import { standingDecisions } from "@taller/domain";
import type { ReviewListing, ReviewRecord } from "../queries/reviews";
import { csvFile } from "./csv";
import { DECISION_LABEL, RESULT_LABEL, RULE_LABEL } from "./labels";

/**
 * A review round's decisions as a file (`GET /api/reviews/:id/export`, the dossier's
 * decisions.csv): who decided what for whom, why, under which conditions, in which meeting, and
 * whether the decision still stands or a later one of the same participant replaced it.
 */

/** One decision, flattened: the row a spreadsheet or a transparency request reads. */
export interface DecisionLine {
  roundId: string;
  documentTitle: string;
  versionNumber: number;
  versionName: string;
  versionSha256: string;
  roundStatus: string;
  roundResult: string | null;
  decisionId: string;
  participant: string;
  participantKind: "person" | "agency";
  decision: string;
  reason: string | null;
  conditions: string | null;
  decidedBy: { id: string; name: string };
  agency: string;
  at: string;
  meeting: { id: string; title: string } | null;
  standing: boolean;
}

/** Titles of the meetings the decisions of these rounds were taken in. */
export async function meetingTitles(db: Executor, records: readonly ReviewRecord[]): Promise<Map<string, string>> {
  const ids = [...new Set(records.flatMap((r) => r.decisions.flatMap((d) => (d.row.meetingId ? [d.row.meetingId] : []))))];
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: meetings.id, title: meetings.title }).from(meetings).where(inArray(meetings.id, ids));
  return new Map(rows.map((r) => [r.id, r.title]));
}

/** Every decision of a round, oldest first, as {@link DecisionLine}s. */
export function decisionLines(record: ReviewRecord, listing: Pick<ReviewListing, "people" | "orgs">, titles: ReadonlyMap<string, string>): DecisionLine[] {
  const standing = new Set([...standingDecisions(record.decisions).values()].map((d) => d.row.id));
  return record.decisions.map((d) => {
    const by = listing.people.get(d.row.decidedBy);
    const participant =
      "userId" in d.participant
        ? { name: listing.people.get(d.participant.userId)?.name ?? d.participant.userId, kind: "person" as const }
        : { name: listing.orgs.get(d.participant.orgId)?.name ?? d.participant.orgId, kind: "agency" as const };
    return {
      roundId: record.round.id,
      documentTitle: record.document.title,
      versionNumber: record.version.number,
      versionName: record.version.name,
      versionSha256: record.version.sha256,
      roundStatus: record.round.status,
      roundResult: record.round.result,
      decisionId: d.row.id,
      participant: participant.name,
      participantKind: participant.kind,
      decision: d.decision,
      reason: d.row.reason,
      conditions: d.row.conditions,
      decidedBy: { id: d.row.decidedBy, name: by?.name ?? d.row.decidedBy },
      agency: by?.org.shortName ?? "",
      at: d.row.createdAt.toISOString(),
      meeting: d.row.meetingId ? { id: d.row.meetingId, title: titles.get(d.row.meetingId) ?? "" } : null,
      standing: standing.has(d.row.id),
    };
  });
}

export const DECISIONS_CSV_HEADER = [
  "revision",
  "documento",
  "version",
  "nombre_de_version",
  "sha256_de_version",
  "estado_de_revision",
  "resultado",
  "decision_id",
  "participante",
  "tipo_de_participante",
  "decision",
  "motivo",
  "condiciones",
  "decidido_por",
  "dependencia",
  "fecha",
  "sesion",
  "vigente",
];

/** The CSV rows (no header) of decision lines; decisions and results in Spanish words. */
export function decisionCsvRows(lines: readonly DecisionLine[]): string[][] {
  return lines.map((l) => [
    l.roundId,
    l.documentTitle,
    String(l.versionNumber),
    l.versionName,
    l.versionSha256,
    l.roundStatus === "open" ? "abierta" : "cerrada",
    l.roundResult ? RESULT_LABEL[l.roundResult as keyof typeof RESULT_LABEL] : "",
    l.decisionId,
    l.participant,
    l.participantKind === "person" ? "persona" : "dependencia",
    DECISION_LABEL[l.decision as keyof typeof DECISION_LABEL] ?? l.decision,
    l.reason ?? "",
    l.conditions ?? "",
    l.decidedBy.name,
    l.agency,
    l.at,
    l.meeting?.title ?? "",
    l.standing ? "vigente" : "sustituida",
  ]);
}

/** decisions.csv of any set of decision lines. */
export const decisionsCsv = (lines: readonly DecisionLine[]): string => csvFile([DECISIONS_CSV_HEADER, ...decisionCsvRows(lines)]);

/** The export of one round as CSV or JSON, with its Content-Type and Content-Disposition. */
export function reviewExportFile(record: ReviewRecord, listing: Pick<ReviewListing, "people" | "orgs">, titles: ReadonlyMap<string, string>, format: "csv" | "json", exportedAt = new Date()) {
  const lines = decisionLines(record, listing, titles);
  const name = `${record.document.title} - v${record.version.number} - revision.${format}`;
  const disposition = contentDisposition(name, { fallback: name.normalize("NFD").replace(/[^\x20-\x7e]/g, "").replace(/["\\/:*?<>|]/g, " ") || `revision.${format}` });
  if (format === "csv") return { body: decisionsCsv(lines), contentType: "text/csv; charset=utf-8", disposition };
  const { round, version, document } = record;
  const body = JSON.stringify(
    {
      format: "taller.review/1",
      exportedAt: exportedAt.toISOString(),
      round: {
        id: round.id,
        projectId: round.projectId,
        document: { id: document.id, title: document.title, kind: document.kind },
        version: { id: version.id, number: version.number, name: version.name, sha256: version.sha256 },
        rule: round.rule,
        ruleLabel: RULE_LABEL[round.rule],
        status: round.status,
        result: round.result,
        resultLabel: round.result ? RESULT_LABEL[round.result] : null,
        closeReason: round.closeReason,
        dueAt: round.dueAt?.toISOString() ?? null,
        createdAt: round.createdAt.toISOString(),
        createdBy: { id: round.createdBy, name: listing.people.get(round.createdBy)?.name ?? round.createdBy },
        closedAt: round.closedAt?.toISOString() ?? null,
        participants: record.participants.map((p) =>
          "userId" in p ? { kind: "person", id: p.userId, name: listing.people.get(p.userId)?.name ?? p.userId } : { kind: "agency", id: p.orgId, name: listing.orgs.get(p.orgId)?.name ?? p.orgId },
        ),
      },
      decisions: lines.map(({ roundId: _r, documentTitle: _d, versionNumber: _n, versionName: _vn, versionSha256: _vs, roundStatus: _s, roundResult: _rr, ...rest }) => ({
        ...rest,
        decisionLabel: DECISION_LABEL[rest.decision as keyof typeof DECISION_LABEL] ?? rest.decision,
      })),
    },
    null,
    2,
  );
  return { body, contentType: "application/json; charset=utf-8", disposition };
}
