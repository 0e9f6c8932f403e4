import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import {
  projectRoles,
  queries,
  projectStages,
  type ActivityEntry,
  type Project,
  type ProjectRole,
  type ProjectStage,
} from "../../api";
import { EmptyState, LoadingState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { projectFields, type ProjectField } from "./projectForm";
import { WorkspaceErrorAlert } from "./WorkspaceAlerts";


const str = (value: unknown) => (typeof value === "string" ? value : undefined);
const stageOf = (value: unknown) => projectStages.find((stage) => stage === value);
const roleOf = (value: unknown) => projectRoles.find((role) => role === value);

/** The project's audit trail in plain Spanish: who changed what, when (owners, editors, reviewers). */
export function ActivityPanel({ project }: { project: Project }) {
  const { t } = useTranslation("workspace");
  const { t: tApp, i18n } = useTranslation();
  const format = useFormat();
  const activity = useInfiniteQuery(queries.activity(project.id));
  // Names of the people that entries talk about (member added, role changed…).
  const members = useQuery(queries.members(project.id));
  // People who left the project are no longer members: the directory still knows their names.
  const directory = useQuery(queries.people(""));
  const names = new Map([
    ...(directory.data?.people ?? []).map((person) => [person.id, person.name] as const),
    ...(members.data?.members ?? []).map((member) => [member.userId, member.name] as const),
  ]);
  const list = activity.data?.pages.flatMap((page) => page.activity);
  const language = i18n.resolvedLanguage ?? i18n.language;
  const listFormat = new Intl.ListFormat(language, { style: "long", type: "conjunction" });

  const stage = (value: ProjectStage | undefined) => (value ? tApp(`stages.${value}`) : t("activity.unknownStage"));
  const role = (value: ProjectRole | undefined) => (value ? tApp(`roles.${value}`) : t("activity.unknownRole"));

  function describe(entry: ActivityEntry): { text: string; note?: string } {
    const actor = entry.actor?.name ?? t("activity.system");
    const d = entry.details;
    const person = entry.subjectType === "project_member" ? (names.get(entry.subjectId) ?? t("activity.someone")) : "";
    switch (entry.action) {
      case "project.created":
        return { text: t("activity.projectCreated", { actor, clave: str(d.clave) ?? project.clave }) };
      case "project.updated": {
        const after = typeof d.after === "object" && d.after !== null ? Object.keys(d.after) : [];
        const fields = after.filter((key): key is ProjectField => (projectFields as readonly string[]).includes(key)).map((key) => t(`activity.fields.${key}`));
        return fields.length > 0
          ? { text: t("activity.projectUpdated", { actor, fields: listFormat.format(fields) }) }
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
        return {
          text: t(d.kind === "canvas" ? "activity.canvasCreated" : "activity.textCreated", { actor, title: str(d.title) ?? "" }),
        };
      case "document.renamed":
        return { text: t("activity.documentRenamed", { actor, from: str(d.from) ?? "", to: str(d.to) ?? "" }) };
      case "asset.uploaded":
        return { text: t("activity.assetUploaded", { actor }) };
      default:
        return { text: t("activity.other", { actor }) };
    }
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
  const timeFormat = new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit" });

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
      {!list ? (
        <LoadingState label={t("activity.loading")} />
      ) : list.length === 0 ? (
        <EmptyState title={t("activity.empty")} />
      ) : (
        <>
          {days.map((day) => (
            <div key={day.key} className="activity-day">
              <h3 className="activity-date">{day.label}</h3>
              <ol className="activity-list">
                {day.entries.map((entry) => {
                  const { text, note } = describe(entry);
                  return (
                    <li key={entry.id} className={`activity-item activity-${entry.action.split(".")[0]}`}>
                      <time dateTime={entry.at} className="activity-time" title={format.dateTime(entry.at)}>
                        {timeFormat.format(new Date(entry.at))}
                      </time>
                      <span className="activity-text">
                        {text}
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
              type="button"
              className="button button-secondary button-small"
              onClick={() => void activity.fetchNextPage()}
              disabled={activity.isFetchingNextPage}
            >
              {activity.isFetchingNextPage ? t("activity.loadingOlder") : t("activity.older")}
            </button>
          ) : null}
          {activity.isFetchNextPageError ? <WorkspaceErrorAlert error={activity.error} title={t("activity.loadError")} /> : null}
        </>
      )}
    </section>
  );
}
