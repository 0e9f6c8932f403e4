import "./strings";
import "../workspace/strings";
import "../workspace/workspace.css";
import "./meetings.css";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMeetings, type MeetingSummary, type MeetingWhen } from "../../api/meetings";
import { ErrorAlert } from "../../components/Alert";
import { CardTitle } from "../../components/Lists";
import { PageHeading } from "../../components/PageHeading";
import { EmptyState, LoadingState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { Breadcrumbs } from "../workspace/Breadcrumbs";
import { whenText } from "./labels";
import { NewMeetingDialog } from "./NewMeetingDialog";
import { meetingPath } from "./paths";

/**
 * /meetings: the meetings the person may read (convened by them, attended, or about projects they
 * are a member of), upcoming and in progress first, then past ones; «Nueva sesión» for those who
 * may convene (owners of a project, admins — the server says so in `canConvene`).
 */
export default function MeetingsPage() {
  const { t } = useTranslation("meetings");
  const upcoming = useMeetings("upcoming");
  const title = t("list.title");
  return (
    <div className="container page meetings-page">
      <Breadcrumbs items={[{ label: title }]} />
      <header className="meetings-header">
        <div>
          <PageHeading title={title}>{title}</PageHeading>
          <p className="muted meetings-intro">{t("list.intro")}</p>
        </div>
        {upcoming.data?.canConvene ? <NewMeetingDialog /> : null}
      </header>
      <MeetingList when="upcoming" />
      <MeetingList when="past" />
    </div>
  );
}

function MeetingList({ when }: { when: Exclude<MeetingWhen, "all"> }) {
  const { t } = useTranslation("meetings");
  const list = useMeetings(when);
  const meetings = list.data?.meetings;
  const titleId = `meetings-${when}`;
  return (
    <section className="card meetings-list-card" aria-labelledby={titleId}>
      <CardTitle id={titleId} note={meetings ? t("list.count", { count: meetings.length }) : null}>
        {t(`list.${when}`)}
      </CardTitle>
      {list.isError && !meetings ? (
        <ErrorAlert error={list.error} title={t("list.loadError")} onRetry={() => void list.refetch()} />
      ) : !meetings ? (
        <LoadingState label={t("list.loading")} />
      ) : meetings.length === 0 ? (
        <EmptyState title={when === "upcoming" ? t("list.emptyUpcoming") : t("list.emptyPast")}>
          {when === "upcoming" ? <p>{list.data?.canConvene ? t("list.emptyUpcomingHint") : t("list.emptyUpcomingReader")}</p> : null}
        </EmptyState>
      ) : (
        <ul className="meeting-list">
          {meetings.map((meeting) => (
            <MeetingRow key={meeting.id} meeting={meeting} />
          ))}
        </ul>
      )}
    </section>
  );
}

function MeetingRow({ meeting }: { meeting: MeetingSummary }) {
  const { t, i18n } = useTranslation("meetings");
  const format = useFormat();
  return (
    <li className={`meeting-row meeting-row-${meeting.status}`}>
      <div className="meeting-row-main">
        <p className="meeting-row-kind">{t(`kinds.${meeting.kind}`)}</p>
        <h3 className="meeting-row-title">
          <Link to={meetingPath(meeting.id)}>{meeting.title}</Link>
        </h3>
        <p className="meeting-row-when">
          <time dateTime={meeting.startsAt}>{whenText(t, format, meeting, i18n.language)}</time>
          {meeting.place ? <span> · {meeting.place}</span> : null}
        </p>
      </div>
      <dl className="meeting-row-facts">
        <div>
          <dt>{t("status.label")}</dt>
          <dd>
            <span className={`badge meeting-status meeting-status-${meeting.status}`}>{t(`status.${meeting.status}`)}</span>
          </dd>
        </div>
        <div>
          <dt className="visually-hidden">{t("page.convener")}</dt>
          <dd>{t("list.convener", { name: meeting.convener.name + (meeting.convener.org ? ` (${meeting.convener.org.shortName})` : "") })}</dd>
        </div>
        <div>
          <dt className="visually-hidden">{t("agenda.title")}</dt>
          <dd>{t("list.agendaCount", { count: meeting.agendaCount })}</dd>
        </div>
        {meeting.projects.length > 0 ? (
          <div>
            <dt>{t("list.projects")}</dt>
            <dd>{meeting.projects.map((p) => p.clave).join(", ")}</dd>
          </div>
        ) : null}
      </dl>
    </li>
  );
}
