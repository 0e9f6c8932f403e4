import { createHash } from "node:crypto";
import { zipSync, type Zippable } from "fflate";
import { and, asc, eq, inArray } from "@taller/db/sql";
import { documents, documentVersions, reviewRounds, type Executor } from "@taller/db";
import type { Actor, ReviewResult } from "@taller/domain";
import type { ProjectAccess } from "../queries/access";
import { loadProject } from "../queries/projects";
import { presentProject } from "../presenters/projects";
import { listDocuments } from "../queries/documents";
import { loadReviews } from "../queries/reviews";
import { loadThreads, orphanedThreads, peopleByIds, type LiveDocuments } from "../queries/threads";
import { presentThreads } from "../presenters/threads";
import { sealedMeetingsOfProject } from "../queries/meetings";
import { csvFile } from "./csv";
import { THREADS_CSV_HEADER, threadsCsvRows } from "./threads-export";
import { decisionLines, decisionCsvRows, DECISIONS_CSV_HEADER, meetingTitles } from "./review-export";
import { studyPdf } from "./study-file";
import { canvasVersionPdf } from "./canvas-pdf";
import { actaPdf } from "./acta";
import { sealedActaView } from "./acta-view";
import { RESULT_LABEL } from "./labels";
import { slug } from "./paths";

/**
 * The project dossier (expediente) for a transparency request: `GET /api/projects/:id/dossier.zip`.
 * Zipped with fflate (pinned 0.8.3): a small, maintained, dependency-free zip writer already in the
 * tree through `docx`; the dossier is built in memory (its files are PDFs and JSON of one project),
 * so its synchronous `zipSync` is enough and no streaming archiver (archiver, yazl) is needed.
 *
 * Contents: project.json; every approved version (closed rounds with result approved or
 * approved_with_observations) as PDF + content JSON; every sealed acta touching the project as
 * PDF + JSON `{record, sha256, sealedAt, addenda}`; decisions.csv (every round's decisions);
 * threads.csv (every document's comment threads); and manifest.json listing every other file with
 * its SHA-256 and size, so anyone can check the files they received.
 */

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface DossierManifest {
  project: { id: string; clave: string; name: string };
  generatedAt: string;
  generatedBy: { id: string; name: string };
  files: ManifestFile[];
}

const APPROVED: ReviewResult[] = ["approved", "approved_with_observations"];
const json = (value: unknown): Uint8Array => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** The approved versions of a project, by document and number (a version approved twice counts once: its latest round). */
async function approvedVersions(db: Executor, projectId: string) {
  const rows = await db
    .select({
      versionId: documentVersions.id,
      number: documentVersions.number,
      name: documentVersions.name,
      kind: documentVersions.kind,
      sha256: documentVersions.sha256,
      createdAt: documentVersions.createdAt,
      documentId: documents.id,
      documentTitle: documents.title,
      result: reviewRounds.result,
      roundId: reviewRounds.id,
      closedAt: reviewRounds.closedAt,
    })
    .from(reviewRounds)
    .innerJoin(documentVersions, eq(documentVersions.id, reviewRounds.versionId))
    .innerJoin(documents, eq(documents.id, reviewRounds.documentId))
    .where(and(eq(reviewRounds.projectId, projectId), eq(reviewRounds.status, "closed"), inArray(reviewRounds.result, APPROVED)))
    .orderBy(asc(documents.createdAt), asc(documentVersions.number), asc(reviewRounds.closedAt));
  const byVersion = new Map<string, (typeof rows)[number]>();
  for (const r of rows) byVersion.set(r.versionId, r);
  return [...byVersion.values()];
}

/** Builds the dossier: the ZIP bytes and its manifest. */
export async function buildDossier(input: { db: Executor; live: LiveDocuments; actor: Actor; access: ProjectAccess; now?: Date }): Promise<{ zip: Uint8Array; manifest: DossierManifest }> {
  const { db, live, actor, access } = input;
  const now = input.now ?? new Date();
  const project = access.project;
  const files: [string, Uint8Array][] = [];

  files.push(["project.json", json(presentProject(actor, await loadProject(db, access)))]);

  // Approved versions: a folder per document, PDF + content JSON per version.
  const docs = await listDocuments(db, project.id);
  const docFolder = new Map(docs.map((d) => [d.id, `versiones/${slug(d.title, "documento")}-${d.id.slice(0, 8)}`]));
  for (const v of await approvedVersions(db, project.id)) {
    const [row] = await db.select({ content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.id, v.versionId));
    const content = row!.content;
    const base = `${docFolder.get(v.documentId)}/v${v.number}-${slug(v.name, "version")}`;
    const contentFile = `${base}.json`;
    const version = { number: v.number, name: v.name, sha256: v.sha256 };
    const pdf =
      v.kind === "text"
        ? await studyPdf({ db, projectId: project.id, title: v.documentTitle, content, version })
        : await canvasVersionPdf({ title: v.documentTitle, version: { ...version, createdAt: v.createdAt, result: RESULT_LABEL[v.result!] }, content, contentFile: contentFile.split("/").pop()! });
    files.push([`${base}.pdf`, new Uint8Array(pdf)]);
    // Exactly the version's content: its SHA-256 under RFC 8785 (JCS) is the version's hash.
    files.push([contentFile, json(content)]);
  }

  // Sealed actas of meetings whose agenda touched the project.
  for (const meetingId of await sealedMeetingsOfProject(db, project.id)) {
    const view = await sealedActaView(db, meetingId);
    if (!view) continue;
    const day = new Date(view.record.meeting.startsAt).toISOString().slice(0, 10);
    const base = `actas/${day}-${slug(view.record.meeting.title, "sesion")}-${meetingId.slice(0, 8)}`;
    files.push([`${base}.pdf`, new Uint8Array(await actaPdf(view))]);
    files.push([`${base}.json`, json({ record: view.record, sha256: view.seal.sha256, sealedAt: new Date(view.seal.sealedAt).toISOString(), addenda: view.addenda })]);
  }

  // Every decision of every round of the project.
  const listing = await loadReviews(db, { projectId: project.id });
  const titles = await meetingTitles(db, listing.records);
  const records = [...listing.records].sort((a, b) => a.round.createdAt.getTime() - b.round.createdAt.getTime() || (a.round.id < b.round.id ? -1 : 1));
  files.push(["decisions.csv", text(csvFile([DECISIONS_CSV_HEADER, ...decisionCsvRows(records.flatMap((r) => decisionLines(r, listing, titles)))]))]);

  // Every document's comment threads, one row per comment, the document first.
  const threadRows: string[][] = [];
  for (const document of docs) {
    const threadListing = await loadThreads(db, { documentId: document.id });
    if (threadListing.records.length === 0) continue;
    const orphaned = await orphanedThreads(live, document, threadListing.records.map((r) => r.thread));
    for (const row of threadsCsvRows(presentThreads(actor, { role: access.role }, threadListing, orphaned))) threadRows.push([document.id, document.title, ...row]);
  }
  files.push(["threads.csv", text(csvFile([["documento_id", "documento", ...THREADS_CSV_HEADER], ...threadRows]))]);

  const me = (await peopleByIds(db, [actor.userId])).get(actor.userId);
  const manifest: DossierManifest = {
    project: { id: project.id, clave: project.clave, name: project.name },
    generatedAt: now.toISOString(),
    generatedBy: { id: actor.userId, name: me?.name ?? "" },
    files: files.map(([path, bytes]) => ({ path, sha256: sha256(bytes), bytes: bytes.byteLength })),
  };
  const zippable: Zippable = {};
  for (const [path, bytes] of [...files, ["manifest.json", json(manifest)] as [string, Uint8Array]]) zippable[path] = [bytes, { mtime: now }];
  return { zip: zipSync(zippable, { level: 6 }), manifest };
}

/** «expediente-EST-2026-001.zip» (the clave is ASCII already; slugged anyway). */
export const dossierDisposition = (clave: string): string => `attachment; filename="expediente-${slug(clave, "proyecto").toUpperCase()}.zip"`;
