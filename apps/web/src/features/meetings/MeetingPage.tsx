import "./strings";
import "../workspace/strings";
import "../workspace/workspace.css";
import "../reviews/reviews.css";
import "./meetings.css";
import { Suspense, useState, type FormEvent } from "react";
import { lazy } from "../../components/retryable-lazy";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { meetingLinks, useMeeting, useMeetingEvents, useMeetingMutation, type Meeting } from "../../api/meetings";
import { ErrorAlert } from "../../components/Alert";
import { PageHeading } from "../../components/PageHeading";
import { LoadingState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { ExportMenu } from "../exports/ExportMenu";
import { Breadcrumbs } from "../workspace/Breadcrumbs";
import { PageLoadFailure, PageLoading } from "../workspace/PageLoadStates";
import { AgendaCard } from "./AgendaCard";
import { AgreementsCard } from "./AgreementsCard";
import { AttendeesCard } from "./AttendeesCard";
import { isOpen, whenText } from "./labels";
import { CancelButton, CloseButton, StartButton } from "./MeetingActions";
import { MeetingFactsFields, errorsAfterChange, factsInput, factsOf, type FactsErrors } from "./MeetingFactsFields";
import { meetingModePath, meetingsPath } from "./paths";
import { AddendaCard, SealBanner } from "./SealSection";
import { useMeetingAnnouncement } from "./useMeetingAnnouncement";

// TipTap and the collaboration client load with the acta, in their own chunk.
const ActaEditor = lazy(() => import("./ActaEditor"));

/**
 * One meeting (/meetings/:meetingId): its facts (editable by managers), the seal when there is
 * one, the agenda, attendees, agreements, the acta written together, addenda after the seal, the
 * calendar file and the acta's exports. Live for everyone on the page (the meeting's stream).
 */
export default function MeetingPage() {
  const { meetingId = "" } = useParams();
  const { t } = useTranslation("meetings");
  const meeting = useMeeting(meetingId);
  useMeetingEvents(meetingId || undefined);
  if (meeting.isError && !meeting.data) {
    return (
      <PageLoadFailure
        error={meeting.error}
        onRetry={() => void meeting.refetch()}
        text={{ notFound: t("page.notFound"), notFoundHint: t("page.notFoundHint"), loadError: t("page.loadError") }}
      />
    );
  }
  if (!meeting.data) return <PageLoading label={t("page.loading")} />;
  return <MeetingView meeting={meeting.data} />;
}

function MeetingView({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation("meetings");
  const announcement = useMeetingAnnouncement(meeting);
  const exportEntries = [
    ...(["pdf", "html", "md"] as const).map((format) => ({
      key: format,
      label: t(`exports.${format}`),
      ...(meeting.seal ? {} : { hint: t("exports.draft") }),
      href: meetingLinks.acta(meeting.id, format),
    })),
  ];
  return (
    <div className="container page meeting-page">
      <Breadcrumbs items={[{ label: t("list.title"), to: meetingsPath }, { label: meeting.title }]} />
      <header className="meeting-header">
        <p className="meeting-kind">{t(`kinds.${meeting.kind}`)}</p>
        <PageHeading title={meeting.title}>{meeting.title}</PageHeading>
        <p className="meeting-status-line">
          <span className="visually-hidden">{t("status.label")}: </span>
          <span className={`badge meeting-status meeting-status-${meeting.status}`} data-testid="meeting-status">
            {t(`status.${meeting.status}`)}
          </span>
          <span className="muted"> {t(`page.statusIntro.${meeting.status}`)}</span>
        </p>
        <p className="visually-hidden" role="status">
          {announcement}
        </p>
        <div className="meeting-toolbar">
          <Link to={meetingModePath(meeting.id)} className="button button-secondary">
            {t("page.mode")}
          </Link>
          <a href={meetingLinks.ics(meeting.id)} download className="button button-ghost">
            {t("page.ics")}
          </a>
          <div className="meeting-exports">
            <span className="meeting-exports-label" aria-hidden="true">
              {t("page.actaExports")}
            </span>
            <ExportMenu entries={exportEntries} what={t("exports.label")} align="start" />
          </div>
          <StartButton meeting={meeting} />
          <CloseButton meeting={meeting} />
          <CancelButton meeting={meeting} />
        </div>
      </header>

      <SealBanner meeting={meeting} />

      <div className="meeting-grid">
        <div className="meeting-main">
          <AgendaCard meeting={meeting} />
          <AgreementsCard meeting={meeting} />
        </div>
        <aside className="meeting-side" aria-label={t("page.facts")}>
          <FactsCard meeting={meeting} />
          <AttendeesCard meeting={meeting} />
          <AddendaCard meeting={meeting} />
        </aside>
      </div>

      <section className="card meeting-acta" aria-labelledby="meeting-acta-title">
        <h2 id="meeting-acta-title" className="card-title">
          {t("acta.title")}
        </h2>
        <p className="muted">{t("acta.intro")}</p>
        <Suspense fallback={<LoadingState label={t("acta.loading")} />}>
          <ActaEditor meeting={meeting} />
        </Suspense>
      </section>
    </div>
  );
}

function FactsCard({ meeting }: { meeting: Meeting }) {
  const { t, i18n } = useTranslation("meetings");
  const format = useFormat();
  const [editing, setEditing] = useState(false);
  const canEdit = meeting.abilities.manage && isOpen(meeting);
  const convener = meeting.convener.name + (meeting.convener.org ? ` (${meeting.convener.org.shortName})` : "");
  return (
    <section className="card meeting-facts" aria-labelledby="meeting-facts-title">
      <h2 id="meeting-facts-title" className="card-title">
        {t("page.facts")}
      </h2>
      {editing ? (
        <FactsForm meeting={meeting} onDone={() => setEditing(false)} />
      ) : (
        <>
          <dl className="meeting-details">
            <div>
              <dt>{t("page.when")}</dt>
              <dd>
                <time dateTime={meeting.startsAt}>{whenText(t, format, meeting, i18n.language)}</time>
              </dd>
            </div>
            <div>
              <dt>{t("page.place")}</dt>
              <dd>{meeting.place ?? t("page.none")}</dd>
            </div>
            <div>
              <dt>{t("page.link")}</dt>
              <dd>
                {meeting.link ? (
                  <a href={meeting.link} rel="noreferrer">
                    {meeting.link}
                  </a>
                ) : (
                  t("page.none")
                )}
              </dd>
            </div>
            <div>
              <dt>{t("page.convener")}</dt>
              <dd>{convener}</dd>
            </div>
          </dl>
          {canEdit ? (
            <button type="button" className="button button-secondary button-small" onClick={() => setEditing(true)}>
              {t("page.edit")}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

function FactsForm({ meeting, onDone }: { meeting: Meeting; onDone: () => void }) {
  const { t } = useTranslation("meetings");
  const update = useMeetingMutation("update", meeting.id);
  const [facts, setFacts] = useState(() => factsOf(meeting));
  const [kind, setKind] = useState(meeting.kind);
  const [errors, setErrors] = useState<FactsErrors>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = factsInput(t, facts);
    setErrors(checked.errors);
    if (!checked.input) return;
    update.mutate({ ...checked.input, kind }, { onSuccess: onDone });
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <MeetingFactsFields
        facts={facts}
        onChange={(next) => {
          setErrors((current) => errorsAfterChange(current, facts, next));
          setFacts(next);
        }}
        errors={errors}
        kind={kind}
        onKind={setKind}
      />
      {update.isError ? <ErrorAlert error={update.error} title={t("page.saveError")} /> : null}
      <div className="form-actions-inline">
        <button type="submit" className="button button-primary button-small" disabled={update.isPending}>
          {update.isPending ? t("page.saving") : t("page.save")}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={onDone}>
          {t("page.cancelEdit")}
        </button>
      </div>
    </form>
  );
}
