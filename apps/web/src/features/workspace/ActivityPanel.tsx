import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  api,
  projectRoles,
  queries,
  queryKeys,
  projectStages,
  type ActivityEntry,
  type Project,
  type ProjectRole,
  type ProjectStage,
} from "../../api";
import { ACTIVITY_PAGE_SIZE } from "../../api/queries";
import { EmptyState, LoadingState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { projectChanges, type FieldChange } from "./activityChanges";
import { documentPath } from "./DocumentsPanel";
import { projectFields, type ProjectField } from "./projectForm";
import { WorkspaceErrorAlert } from "./WorkspaceAlerts";
import { formatPeriod } from "../follow-up/alerts/alertText";
import "./activity.css";

const str = (value: unknown) => (typeof value === "string" ? value : undefined);
const num = (value: unknown) => (typeof value === "number" ? value : undefined);
const stageOf = (value: unknown) => projectStages.find((stage) => stage === value);
const roleOf = (value: unknown) => projectRoles.find((role) => role === value);

/** Document edits do not go through the event stream: the first page is checked this often while the tab is visible. */
const POLL_MS = 60_000;

type Page = { activity: ActivityEntry[]; nextCursor: string | null };
type AuditEntry = Extract<ActivityEntry, { type: "audit" }>;
type EditsEntry = Extract<ActivityEntry, { type: "edits" }>;
type EntryDocument = AuditEntry["document"];

/** What tells one first page from another: its entries, and how many edits each hour group holds. */
const signature = (page: Page | undefined) => (page ? page.activity.map((e) => (e.type === "edits" ? `${e.id}:${e.updates}` : e.id)).join("|") : "");

/**
 * Keeps the feed current: project events already refresh it (the workspace's event stream marks
 * the whole project stale); text and canvas edits are not events, so every minute while the tab
 * is visible (and on coming back to it after a minute) the first page is fetched alone and, when
 * it differs, the feed is refreshed — only that page if it is the only one shown.
 */
function useEditsPolling(projectId: string) {
  const client = useQueryClient();
  useEffect(() => {
    const key = queryKeys.activity(projectId);
    let last = Date.now();
    let controller: AbortController | undefined;
    const check = async () => {
      if (document.visibilityState !== "visible") return;
      last = Date.now();
      controller?.abort();
      controller = new AbortController();
      try {
        const head = await api.projects.activity(projectId, { limit: ACTIVITY_PAGE_SIZE }, { signal: controller.signal });
        const current = client.getQueryData<InfiniteData<Page, string | undefined>>(key);
        if (!current || signature(current.pages[0]) === signature(head)) return;
        if (current.pages.length === 1) client.setQueryData<InfiniteData<Page, string | undefined>>(key, { pages: [head], pageParams: [undefined] });
        else void client.invalidateQueries({ queryKey: key });
      } catch {
        // Offline or refused: the next tick tries again; the shown feed stays as it is.
      }
    };
    const timer = setInterval(() => void check(), POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === "visible" && Date.now() - last >= POLL_MS) void check();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
      controller?.abort();
    };
  }, [client, projectId]);
}

/**
 * The project's activity: who changed what, when (owners, editors, reviewers). Audit entries name
 * the document they touch (a link, with its current title), a change of the record shows each
 * field before → after, and text and canvas edits come grouped per person, document and hour.
 */
export function ActivityPanel({ project }: { project: Project }) {
  const { t } = useTranslation("workspace");
  const { t: tApp, i18n } = useTranslation();
  const format = useFormat();
  const activity = useInfiniteQuery(queries.activity(project.id));
  useEditsPolling(project.id);
  // Names of the people that entries talk about (member added, role changed…).
  const members = useQuery(queries.members(project.id));
  // People who left the project are no longer members: the directory still knows their names.
  const directory = useQuery(queries.people(""));
  const orgs = useQuery(queries.orgs());
  const names = new Map([
    ...(directory.data?.people ?? []).map((person) => [person.id, person.name] as const),
    ...(members.data?.members ?? []).map((member) => [member.userId, member.name] as const),
  ]);
  const orgNames = new Map((orgs.data?.orgs ?? []).map((org) => [org.id, org.shortName || org.name] as const));
  const list = activity.data?.pages.flatMap((page) => page.activity);
  const language = i18n.resolvedLanguage ?? i18n.language;
  const listFormat = new Intl.ListFormat(language, { style: "long", type: "conjunction" });
  const timeFormat = new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit" });

  // «Ver más»: focus stays on the button while there is more, else goes to the first new entry;
  // the count loaded is announced politely.
  const [announcement, setAnnouncement] = useState("");
  const focusAfterLoad = useRef<string | null>(null);
  const moreButton = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const id = focusAfterLoad.current;
    if (id === null || activity.isFetchingNextPage) return;
    focusAfterLoad.current = null;
    if (activity.hasNextPage) moreButton.current?.focus();
    else listRef.current?.querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(id)}"]`)?.focus();
  }, [activity.isFetchingNextPage, activity.hasNextPage]);
  const loadMore = async () => {
    if (activity.isFetchingNextPage) return;
    const before = list?.length ?? 0;
    const result = await activity.fetchNextPage();
    const pages = result.data?.pages ?? [];
    const loaded = pages.at(-1)?.activity ?? [];
    if (result.isError || loaded.length === 0) return;
    focusAfterLoad.current = loaded[0]!.id;
    setAnnouncement(t("activity.loadedMore", { count: loaded.length, total: before + loaded.length }));
  };

  const stage = (value: ProjectStage | undefined) => (value ? tApp(`stages.${value}`) : t("activity.unknownStage"));
  const role = (value: ProjectRole | undefined) => (value ? tApp(`roles.${value}`) : t("activity.unknownRole"));
  const words = {
    // The label keys come from activityChanges' tables (fields.*, overview.*, activity.fields.*).
    label: (key: string) => (t as unknown as (key: string) => string)(key),
    kind: (value: string) => tApp(`kinds.${value}`, { defaultValue: value }),
    evaluationType: (value: string) => tApp(`evaluationTypes.${value}`, { defaultValue: value }),
    landUse: (value: string) => tApp(`landUse.${value}`, { defaultValue: value }),
    org: (id: string) => orgNames.get(id) ?? t("activity.unknownOrg"),
    mxn: format.mxn,
    number: format.number,
    percent: format.percent,
    date: format.date,
    impact: (value: number) => t("overview.impactValue", { value }),
    list: (items: string[]) => listFormat.format(items),
  };

  /**
   * The document an entry touches: a link with its current title (marked when it is archived now,
   * unless the sentence itself says it was archived), or its recorded title if it is gone.
   */
  function documentLink(document: EntryDocument, recordedTitle: string | undefined, sayArchived = true): ReactNode {
    if (document) {
      return (
        <>
          <q>
            <Link to={documentPath(document.id)} className="activity-doc">
              {document.title}
            </Link>
          </q>
          {document.archived && sayArchived ? <span className="activity-doc-state"> {t("activity.archivedDocument")}</span> : null}
        </>
      );
    }
    return <span className="activity-doc-gone">{recordedTitle ? t("activity.goneDocumentTitled", { title: recordedTitle }) : t("activity.goneDocument")}</span>;
  }

  /** A sentence whose `<doc>` part is the document link. */
  function withDocument(key: string, entry: AuditEntry, values: Record<string, unknown>): ReactNode {
    return (
      <Trans
        t={t}
        i18nKey={key as never}
        values={values}
        components={{ doc: <>{documentLink(entry.document, str(entry.details.title) ?? str(entry.details.to), entry.action !== "document.archived")}</> }}
      />
    );
  }

  function describeAudit(entry: AuditEntry): { text: ReactNode; note?: string; changes?: FieldChange[] } {
    const actor = entry.actor?.name ?? t("activity.system");
    const d = entry.details;
    const person = entry.subjectType === "project_member" ? (names.get(entry.subjectId) ?? t("activity.someone")) : "";
    switch (entry.action) {
      case "project.created":
        return { text: t("activity.projectCreated", { actor, clave: str(d.clave) ?? project.clave }) };
      case "project.updated": {
        const after = typeof d.after === "object" && d.after !== null ? Object.keys(d.after) : [];
        const fields = after.filter((key): key is ProjectField => (projectFields as readonly string[]).includes(key)).map((key) => t(`activity.fields.${key}`));
        const changes = projectChanges(d, words);
        return fields.length > 0
          ? { text: t("activity.projectUpdated", { actor, fields: listFormat.format(fields) }), changes }
          : { text: t("activity.projectUpdatedGeneric", { actor }) };
      }
      case "project.stage_changed": {
        const reason = str(d.reason);
        return {
          text: t("activity.stageChanged", { actor, from: stage(stageOf(d.from)), to: stage(stageOf(d.to)) }),
          ...(reason ? { note: t("activity.reason", { reason }) } : {}),
        };
      }
      case "member.added":
        return { text: t("activity.memberAdded", { actor, person, role: role(roleOf(d.role)) }) };
      case "member.role_changed":
        return { text: t("activity.memberRoleChanged", { actor, person, from: role(roleOf(d.from)), to: role(roleOf(d.to)) }) };
      case "member.removed":
        return { text: t("activity.memberRemoved", { actor, person }) };
      case "document.created":
        return { text: withDocument(d.kind === "canvas" ? "activity.canvasCreated" : "activity.textCreated", entry, { actor }) };
      case "document.renamed":
        return {
          text: withDocument("activity.documentRenamed", entry, { actor }),
          changes: [{ key: "title", label: t("activity.documentTitle"), before: str(d.from) ?? null, after: str(d.to) ?? null }],
        };
      case "document.archived":
        return { text: withDocument("activity.documentArchived", entry, { actor }) };
      case "document.restored":
        return { text: withDocument("activity.documentRestored", entry, { actor }) };
      case "document.deleted":
        return { text: withDocument("activity.documentDeleted", entry, { actor }) };
      case "asset.uploaded":
        return { text: entry.document ? withDocument("activity.assetUploadedTo", entry, { actor }) : t("activity.assetUploaded", { actor }) };
      case "thread.created":
        return { text: withDocument("activity.threadCreated", entry, { actor }) };
      case "thread.resolved":
        return { text: withDocument("activity.threadResolved", entry, { actor }) };
      case "thread.reopened":
        return { text: withDocument("activity.threadReopened", entry, { actor }) };
      case "comment.created":
        return { text: withDocument("activity.commentCreated", entry, { actor }) };
      case "comment.edited":
        return { text: withDocument("activity.commentEdited", entry, { actor }) };
      case "comment.deleted":
        return { text: withDocument("activity.commentDeleted", entry, { actor }) };
      case "version.created":
        return { text: withDocument("activity.versionCreated", entry, { actor, number: num(d.number) ?? "", name: str(d.name) ?? "" }) };
      case "version.restored":
        return { text: withDocument("activity.versionRestored", entry, { actor, number: num(d.number) ?? "" }) };
      case "review.submitted":
        return { text: withDocument("activity.reviewSubmitted", entry, { actor, number: num(d.number) ?? "" }) };
      case "review.decided":
        return { text: withDocument("activity.reviewDecided", entry, { actor }) };
      case "review.closed":
        return { text: withDocument("activity.reviewClosed", entry, { actor }) };
      // Follow-up (seguimiento).
      case "milestone.created":
        return { text: t("activity.milestoneCreated", { actor, title: str(d.title) ?? "" }) };
      case "milestone.updated":
        return { text: t("activity.milestoneUpdated", { actor }) };
      case "milestone.deleted":
        return { text: t("activity.milestoneDeleted", { actor, title: str(d.title) ?? "" }) };
      case "progress_plan.updated":
        return { text: t("activity.planUpdated", { actor }) };
      case "progress_report.created":
      case "progress_report.updated": {
        const period = str(d.period);
        const key = entry.action === "progress_report.created" ? "activity.reportCreated" : "activity.reportUpdated";
        return { text: t(key, { actor, period: period ? formatPeriod(language, period) : "" }) };
      }
      case "indicator.created":
        return { text: t("activity.indicatorCreated", { actor, name: str(d.name) ?? "" }) };
      case "indicator.updated":
        return { text: t("activity.indicatorUpdated", { actor }) };
      case "indicator.deleted":
        return { text: t("activity.indicatorDeleted", { actor, name: str(d.name) ?? "" }) };
      case "indicator.measured":
        return { text: t("activity.indicatorMeasured", { actor }) };
      case "measurement.deleted":
        return { text: t("activity.measurementDeleted", { actor }) };
      default:
        return entry.document ? { text: withDocument("activity.otherInDocument", entry, { actor }) } : { text: t("activity.other", { actor }) };
    }
  }

  function describeEdits(entry: EditsEntry): ReactNode {
    const actor = entry.actor?.name ?? t("activity.someone");
    // «5:00–6:00 p.m.», «14:00–15:00»: the hour as the reader's language writes a range.
    const range = timeFormat.formatRange(new Date(entry.at), new Date(entry.until));
    return (
      <Trans
        t={t}
        i18nKey={entry.document.kind === "canvas" ? "activity.canvasEdited" : "activity.textEdited"}
        values={{ actor, range, count: entry.updates }}
        components={{ doc: <>{documentLink(entry.document, undefined)}</> }}
      />
    );
  }

  const reload = () => void activity.refetch();
  if (activity.isError && !list) {
    return <WorkspaceErrorAlert error={activity.error} title={t("activity.loadError")} onRetry={reload} />;
  }

  // Group by calendar day (in the reader's time zone), newest first as the server sends them.
  const days: { key: string; label: string; entries: ActivityEntry[] }[] = [];
  for (const entry of list ?? []) {
    const date = new Date(entry.at);
    const key = date.toDateString();
    const last = days[days.length - 1];
    if (last && last.key === key) last.entries.push(entry);
    else days.push({ key, label: format.date(entry.at), entries: [entry] });
  }

  return (
    <section className="card" aria-labelledby="activity-title">
      <div className="card-heading">
        <h2 id="activity-title" className="card-title">
          {t("activity.title")}
        </h2>
        <button type="button" className="button button-secondary button-small" onClick={reload} disabled={activity.isFetching}>
          {t("activity.refresh")}
        </button>
      </div>
      <p className="muted small">{t("activity.intro")}</p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {!list ? (
        <LoadingState label={t("activity.loading")} />
      ) : list.length === 0 ? (
        <EmptyState title={t("activity.empty")} />
      ) : (
        <div ref={listRef}>
          {days.map((day) => (
            <div key={day.key} className="activity-day">
              <h3 className="activity-date">{day.label}</h3>
              <ol className="activity-list">
                {day.entries.map((entry) => {
                  if (entry.type === "edits") {
                    return (
                      <li key={entry.id} data-entry-id={entry.id} tabIndex={-1} className="activity-item activity-document activity-edits">
                        <time dateTime={entry.at} className="activity-time" title={format.dateTime(entry.lastAt)}>
                          {timeFormat.format(new Date(entry.at))}
                        </time>
                        <span className="activity-text">{describeEdits(entry)}</span>
                      </li>
                    );
                  }
                  const { text, note, changes } = describeAudit(entry);
                  return (
                    <li key={entry.id} data-entry-id={entry.id} tabIndex={-1} className={`activity-item activity-${entry.action.split(".")[0]}`}>
                      <time dateTime={entry.at} className="activity-time" title={format.dateTime(entry.at)}>
                        {timeFormat.format(new Date(entry.at))}
                      </time>
                      <span className="activity-text">
                        {text}
                        {changes && changes.some((c) => !c.namedOnly) ? <ChangeList changes={changes} /> : null}
                        {note ? <span className="activity-note">{note}</span> : null}
                      </span>
                    </li>
                  );
                })}
              </ol>
            </div>
          ))}
          {activity.hasNextPage ? (
            <button
              ref={moreButton}
              type="button"
              className="button button-secondary button-small activity-more"
              onClick={() => void loadMore()}
              aria-disabled={activity.isFetchingNextPage}
            >
              {activity.isFetchingNextPage ? t("activity.loadingOlder") : t("activity.older")}
            </button>
          ) : null}
          {activity.isFetchNextPageError ? <WorkspaceErrorAlert error={activity.error} title={t("activity.loadError")} /> : null}
        </div>
      )}
    </section>
  );
}

/** Each changed field: its label, the value before and the value after («—»: none recorded). */
function ChangeList({ changes }: { changes: FieldChange[] }) {
  const { t } = useTranslation("workspace");
  return (
    <ul className="activity-changes">
      {changes.map((change) => (
        <li key={change.key}>
          <span className="activity-change-label">{change.label}:</span>{" "}
          {change.namedOnly ? (
            <span className="muted">{t("activity.changedWithoutValues")}</span>
          ) : (
            <>
              <span className="activity-before">
                <span className="visually-hidden">{t("activity.before")} </span>
                {change.before ?? "—"}
              </span>{" "}
              <span aria-hidden="true">→</span>{" "}
              <span className="activity-after">
                <span className="visually-hidden">{t("activity.after")} </span>
                {change.after ?? "—"}
              </span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
