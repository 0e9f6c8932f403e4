import { sql, type SQL } from "@taller/db/sql";
import type { Executor } from "@taller/db";
import type { DocumentKind } from "@taller/domain";

/** The document an entry touches, as it is now (its title may have changed since). */
export interface ActivityDocument {
  id: string;
  title: string;
  kind: DocumentKind;
  archived: boolean;
}

/** A person named by an entry (null: the server itself, or an account since removed). */
export interface ActivityActor {
  id: string;
  name: string;
}

/** One audited change of the project (audit_log), with the document it touches if any. */
export interface AuditActivity {
  type: "audit";
  id: string;
  at: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
  actor: ActivityActor | null;
  document: ActivityDocument | null;
}

/**
 * A person's text or canvas edits of one document within one hour (document_edit_hours): `at` is
 * the hour's start, `until` its end, `lastAt` the latest edit, `updates` how many Yjs updates
 * («cambios») were stored and `bytes` their size.
 */
export interface EditsActivity {
  type: "edits";
  id: string;
  at: string;
  until: string;
  lastAt: string;
  actor: ActivityActor | null;
  document: ActivityDocument;
  updates: number;
  bytes: number;
}

export type ActivityItem = AuditActivity | EditsActivity;

/** A page of the feed, newest first, and the cursor of the next (older) page, or null at the end. */
export interface ActivityPage {
  activity: ActivityItem[];
  nextCursor: string | null;
}

/**
 * The position of an entry in the feed: (time in microseconds, kind, key), compared as a tuple.
 * Every part is fixed when the entry is written (an hour's group is placed at the hour's start,
 * not at its latest edit), so a cursor stays valid while new entries arrive: a page never repeats
 * or skips an entry of an earlier page.
 */
interface Position {
  us: string;
  kind: "a" | "e";
  key: string;
}

/** `<microseconds>.<a|e>.<key>`; the shape is checked by the domain's activityQuerySchema. */
export function encodeCursor(position: Position): string {
  return `${position.us}.${position.kind}.${position.key}`;
}

export function decodeCursor(cursor: string): Position {
  const first = cursor.indexOf(".");
  const second = cursor.indexOf(".", first + 1);
  return { us: cursor.slice(0, first), kind: cursor.slice(first + 1, second) as "a" | "e", key: cursor.slice(second + 1) };
}

interface Row extends Record<string, unknown> {
  kind: "a" | "e";
  key: string;
  us: string;
  audit_id: string | null;
  action: string | null;
  subject_type: string | null;
  subject_id: string | null;
  details: Record<string, unknown> | string | null;
  user_id: string | null;
  user_name: string | null;
  updates: number | null;
  bytes: number | null;
  last_us: string | null;
  doc_id: string | null;
  doc_title: string | null;
  doc_kind: DocumentKind | null;
  doc_archived: boolean | null;
}

const HOUR_MS = 3_600_000;

/**
 * A page of a project's activity, newest first: its audit trail merged with the hourly groups of
 * text and canvas edits per person and document (`withEdits`: only for readers who may see the
 * project's documents). Entries older than `before` (a cursor from an earlier page), at most
 * `limit`. Each side takes at most limit + 1 rows in index order before they are merged.
 */
export async function listActivity(
  db: Executor,
  projectId: string,
  page: { before?: string | undefined; limit: number; withEdits: boolean },
): Promise<ActivityPage> {
  const take = page.limit + 1;
  const cursor = page.before === undefined ? undefined : decodeCursor(page.before);
  const after = (us: SQL, kind: "a" | "e", key: SQL): SQL =>
    cursor === undefined ? sql`TRUE` : sql`(${us}, ${kind}::text COLLATE "C", ${key} COLLATE "C") < (${cursor.us}::bigint, ${cursor.kind}::text COLLATE "C", ${cursor.key}::text COLLATE "C")`;

  const auditUs = sql`(extract(epoch FROM a.at) * 1000000)::bigint`;
  const auditKey = sql`lpad(a.id::text, 20, '0')`;
  const audits = sql`
    SELECT 'a'::text AS kind, ${auditKey} COLLATE "C" AS key, ${auditUs} AS us,
      a.id::text AS audit_id, a.action, a.subject_type, a.subject_id, a.details, a.actor_id AS user_id,
      NULL::integer AS updates, NULL::bigint AS bytes, NULL::bigint AS last_us,
      CASE WHEN a.subject_type = 'document' THEN a.subject_id ELSE a.details->>'documentId' END AS document_ref
    FROM audit_log a
    WHERE a.project_id = ${projectId} AND ${after(auditUs, "a", auditKey)}
    ORDER BY us DESC, key DESC
    LIMIT ${take}`;

  const editUs = sql`(extract(epoch FROM h.hour) * 1000000)::bigint`;
  const editKey = sql`(h.collab_name || '/' || h.user_id::text)`;
  const edits = sql`
    SELECT 'e'::text AS kind, ${editKey} COLLATE "C" AS key, ${editUs} AS us,
      NULL::text AS audit_id, NULL::text AS action, NULL::text AS subject_type, NULL::text AS subject_id, NULL::jsonb AS details, h.user_id,
      h.updates, h.bytes, (extract(epoch FROM h.last_at) * 1000000)::bigint AS last_us,
      d.id::text AS document_ref
    FROM document_edit_hours h JOIN documents d ON d.collab_name = h.collab_name
    WHERE d.project_id = ${projectId} AND ${after(editUs, "e", editKey)}
    ORDER BY us DESC, key DESC
    LIMIT ${take}`;

  // Both drivers are node-postgres underneath (PGlite through pg too): the result has `rows`.
  const result = (await db.execute(sql`
    SELECT x.kind, x.key, x.us::text AS us, x.audit_id, x.action, x.subject_type, x.subject_id, x.details, x.user_id::text AS user_id,
      u.name AS user_name, x.updates, x.bytes, x.last_us::text AS last_us,
      doc.id::text AS doc_id, doc.title AS doc_title, doc.kind AS doc_kind, (doc.archived_at IS NOT NULL) AS doc_archived
    FROM (
      (${audits})
      ${page.withEdits ? sql`UNION ALL (${edits})` : sql``}
    ) x
    LEFT JOIN users u ON u.id = x.user_id
    LEFT JOIN documents doc ON doc.id::text = x.document_ref AND doc.project_id = ${projectId}
    ORDER BY x.us DESC, x.kind COLLATE "C" DESC, x.key COLLATE "C" DESC
    LIMIT ${take}`)) as unknown as { rows: Row[] };

  const rows = result.rows;
  const more = rows.length > page.limit;
  const shown = more ? rows.slice(0, page.limit) : rows;
  const last = shown.at(-1);
  return {
    activity: shown.map(present),
    nextCursor: more && last ? encodeCursor({ us: last.us, kind: last.kind, key: last.key }) : null,
  };
}

function present(row: Row): ActivityItem {
  const at = new Date(Math.floor(Number(row.us) / 1000));
  const actor = row.user_id && row.user_name ? { id: row.user_id, name: row.user_name } : null;
  const document =
    row.doc_id && row.doc_title !== null && row.doc_kind ? { id: row.doc_id, title: row.doc_title, kind: row.doc_kind, archived: row.doc_archived === true } : null;
  if (row.kind === "e") {
    return {
      type: "edits",
      id: `e.${row.key}@${at.toISOString()}`,
      at: at.toISOString(),
      until: new Date(at.getTime() + HOUR_MS).toISOString(),
      lastAt: new Date(Math.floor(Number(row.last_us) / 1000)).toISOString(),
      actor,
      // Edits are listed only for documents of the project (joined above).
      document: document!,
      updates: Number(row.updates),
      bytes: Number(row.bytes),
    };
  }
  const details = typeof row.details === "string" ? (JSON.parse(row.details) as Record<string, unknown>) : (row.details ?? {});
  return {
    type: "audit",
    id: `a.${row.audit_id}`,
    at: at.toISOString(),
    action: row.action!,
    subjectType: row.subject_type!,
    subjectId: row.subject_id!,
    details,
    actor,
    document,
  };
}
