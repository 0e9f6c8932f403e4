import "./strings";
import "../workspace/strings";
import "../workspace/workspace.css";
import "../reviews/strings";
import "../reviews/reviews.css";
import "./meetings.css";
import { Suspense, useEffect, useRef } from "react";
import { lazy } from "../../components/retryable-lazy";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useThreads } from "../../api/comments";
import { useProjectEvents } from "../../api/events";
import { useMeeting, useMeetingEvents, useMeetingMutation, type AgendaItem, type AgendaReview, type Meeting } from "../../api/meetings";
import { useReview, type Review, type ReviewParticipantRecord } from "../../api/reviews";
import { useVersion } from "../../api/versions";
import { bodyAsPlainText } from "@taller/domain/comment-text";
import { ErrorAlert } from "../../components/Alert";
import { PageHeading } from "../../components/PageHeading";
import { LoadingState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { DecisionForm } from "../reviews/DecisionForm";
import { participantName, statusText, statusTone } from "../reviews/labels";
import { PageLoadFailure, PageLoading } from "../workspace/PageLoadStates";
import { AgreementsCard } from "./AgreementsCard";
import { attendeeOrg, itemTitle } from "./labels";
import { CloseButton, StartButton } from "./MeetingActions";
import { meetingPath } from "./paths";
import { SealBanner } from "./SealSection";
import { FullScreenToggle } from "./FullScreenToggle";
import { useMeetingAnnouncement } from "./useMeetingAnnouncement";

// The content viewers and the diff are large (TipTap, tldraw): each loads when shown.
const ReadOnlyStudy = lazy(() => import("../versions/ReadOnlyStudy"));
const ReadOnlyCanvas = lazy(() => import("../versions/ReadOnlyCanvas"));
const VersionDiff = lazy(() => import("../diff/VersionDiff"));

/**
 * Meeting mode (/meetings/:meetingId/mode), for a projector: large type, one agenda item at a
 * time — the one the server's `currentItemId` names, so every screen connected follows. Managers
 * move with «Punto anterior»/«Punto siguiente» or the keyboard (← →, and PageUp/PageDown, which
 * presentation remotes send). A review item shows the version, its diff against the last approved
 * one, the document's open threads, the participants with their decisions (those of this meeting
 * marked) and, for a participant, the decision form that records the decision in this meeting.
 */
export default function MeetingModePage() {
  const { meetingId = "" } = useParams();
  const { t } = useTranslation("meetings");
  const meeting = useMeeting(meetingId);
  const live = useMeetingEvents(meetingId || undefined);
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
  return <Mode meeting={meeting.data} live={live} />;
}

function Mode({ meeting, live }: { meeting: Meeting; live: "connecting" | "open" | "closed" }) {
  const { t } = useTranslation("meetings");
  const setCurrent = useMeetingMutation("setCurrent", meeting.id);
  const announcement = useMeetingAnnouncement(meeting);
  const index = meeting.agenda.findIndex((item) => item.id === meeting.currentItemId);
  const item = index >= 0 ? meeting.agenda[index] : undefined;
  const canMove = meeting.abilities.manage && (meeting.status === "scheduled" || meeting.status === "in_progress");
  const previous = index > 0 ? meeting.agenda[index - 1] : undefined;
  const next = index >= 0 ? meeting.agenda[index + 1] : meeting.agenda[0];
  const itemHeading = useRef<HTMLHeadingElement>(null);
  const screen = useRef<HTMLDivElement>(null);

  const go = (target: AgendaItem | undefined) => {
    if (target && !setCurrent.isPending) setCurrent.mutate(target.id);
  };
  const goRef = useRef({ go, previous, next });
  useEffect(() => {
    goRef.current = { go, previous, next };
  });

  // ← → (and PageUp/PageDown from presentation remotes) move, unless the person is typing.
  useEffect(() => {
    if (!canMove) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true], [role=menu], .tl-container, .ProseMirror")) return;
      const { go: move, previous: before, next: after } = goRef.current;
      if (event.key === "ArrowLeft" || event.key === "PageUp") {
        event.preventDefault();
        move(before);
      } else if (event.key === "ArrowRight" || event.key === "PageDown") {
        event.preventDefault();
        move(after);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [canMove]);

  const liveText = live === "open" ? t("mode.live") : live === "connecting" ? t("mode.liveConnecting") : t("mode.liveClosed");

  return (
    <div className="meeting-mode" ref={screen}>
      <header className="mode-bar">
        <div className="mode-bar-title">
          <p className="mode-kicker">
            {t("mode.title")} · {t(`kinds.${meeting.kind}`)}
          </p>
          <PageHeading title={`${t("mode.title")} · ${meeting.title}`}>{meeting.title}</PageHeading>
        </div>
        <div className="mode-bar-status">
          <span className={`badge meeting-status meeting-status-${meeting.status}`} data-testid="meeting-status">
            {t(`status.${meeting.status}`)}
          </span>
          <span className={`mode-live mode-live-${live}`}>
            <span className="mode-live-dot" aria-hidden="true" />
            {liveText}
          </span>
          <FullScreenToggle target={screen} />
          <Link to={meetingPath(meeting.id)} className="button button-ghost button-small mode-exit">
            {t("mode.back")}
          </Link>
        </div>
      </header>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>

      <SealBanner meeting={meeting} />

      <nav className="mode-nav" aria-label={t("agenda.title")}>
        <p className="mode-position">{item ? t("mode.of", { position: item.position, total: meeting.agenda.length }) : meeting.agenda.length === 0 ? t("mode.emptyAgenda") : t("mode.noCurrent")}</p>
        {canMove ? (
          <div className="mode-nav-buttons">
            <button type="button" className="button button-secondary mode-nav-button" disabled={!previous || setCurrent.isPending} onClick={() => go(previous)} aria-keyshortcuts="ArrowLeft PageUp">
              <span aria-hidden="true">← </span>
              {t("mode.previous")}
            </button>
            <button type="button" className="button button-primary mode-nav-button" disabled={!next || setCurrent.isPending} onClick={() => go(next)} aria-keyshortcuts="ArrowRight PageDown">
              {item ? t("mode.next") : t("mode.chooseFirst")}
              <span aria-hidden="true"> →</span>
            </button>
            <StartButton meeting={meeting} short />
            <CloseButton meeting={meeting} />
          </div>
        ) : (
          <p className="muted">{t("mode.follow")}</p>
        )}
        {canMove ? <p className="muted small mode-keys">{t("mode.keys")}</p> : null}
        {setCurrent.isError ? <ErrorAlert error={setCurrent.error} title={t("mode.moveError")} /> : null}
        <ol className="mode-agenda">
          {meeting.agenda.map((entry) => (
            <li key={entry.id} aria-current={entry.id === item?.id ? "step" : undefined} className={entry.id === item?.id ? "mode-agenda-current" : undefined}>
              <span className="mode-agenda-number">{entry.position}</span> {itemTitle(t, entry)}
            </li>
          ))}
        </ol>
      </nav>

      {item ? (
        <section className="mode-item" aria-labelledby="mode-item-title" key={item.id}>
          <p className="mode-kicker">
            {t("agenda.item", { position: item.position })} · {item.review ? `${t("agenda.review")} · ${item.review.project.clave} · ${item.review.project.name}` : t("agenda.topic")}
          </p>
          <h2 id="mode-item-title" ref={itemHeading} className="mode-item-title" tabIndex={-1}>
            {itemTitle(t, item)}
          </h2>
          {item.notes ? <p className="mode-notes">{item.notes}</p> : null}
          {item.review ? <ReviewItem meeting={meeting} item={item} review={item.review} /> : null}
          <div className="mode-columns">
            <AgreementsCard meeting={meeting} itemId={item.id} headingLevel={3} />
            <Attendance meeting={meeting} />
          </div>
        </section>
      ) : (
        <div className="mode-item">
          <Attendance meeting={meeting} />
        </div>
      )}
    </div>
  );
}

function ReviewItem({ meeting, item, review }: { meeting: Meeting; item: AgendaItem; review: AgendaReview }) {
  const { t } = useTranslation("meetings");
  if (!review.canRead) return <p className="mode-notes">{t("mode.noAccess")}</p>;
  return <ReadableReviewItem meeting={meeting} item={item} review={review} />;
}

function ReadableReviewItem({ meeting, item, review }: { meeting: Meeting; item: AgendaItem; review: AgendaReview }) {
  const { t } = useTranslation("meetings");
  // The project's stream too: a decision taken outside the meeting (from the round's page) or a
  // new thread on the document shows here at once, not only what the meeting's stream names.
  useProjectEvents(review.project.id);
  return (
    <div className="mode-review">
      <div className="mode-review-content">
        <section className="card mode-section" aria-labelledby={`diff-${item.id}`}>
          <h3 id={`diff-${item.id}`} className="card-title">
            {t("mode.diff")}
          </h3>
          {review.lastApprovedVersionId ? (
            <Suspense fallback={<LoadingState label={t("page.loading")} />}>
              <VersionDiff versionId={review.version.id} against={review.lastApprovedVersionId} />
            </Suspense>
          ) : (
            <p>{t("mode.noApproved")}</p>
          )}
        </section>
        <VersionContent review={review} />
      </div>
      <div className="mode-review-side">
        <RoundPanel meeting={meeting} review={review} />
        <OpenThreads documentId={review.document.id} />
      </div>
    </div>
  );
}

function VersionContent({ review }: { review: AgendaReview }) {
  const { t } = useTranslation("meetings");
  const version = useVersion(review.version.id);
  const label = t("agenda.versionOf", { number: review.version.number, name: review.version.name, document: review.document.title });
  return (
    <section className="card mode-section" aria-labelledby={`version-${review.version.id}`}>
      <h3 id={`version-${review.version.id}`} className="card-title">
        {t("mode.version")} · v{review.version.number}
      </h3>
      <p className="muted small mode-sha">
        SHA-256 <code>{review.version.sha256}</code>
      </p>
      {version.isError ? (
        <ErrorAlert error={version.error} onRetry={() => void version.refetch()} />
      ) : !version.data ? (
        <LoadingState label={t("page.loading")} />
      ) : (
        <Suspense fallback={<LoadingState label={t("page.loading")} />}>
          {version.data.kind === "text" ? (
            <ReadOnlyStudy content={version.data.content} documentId={review.document.id} label={label} />
          ) : (
            <div className="mode-canvas">
              <ReadOnlyCanvas records={version.data.content} documentId={review.document.id} label={label} />
            </div>
          )}
        </Suspense>
      )}
    </section>
  );
}

type DecisionWithMeeting = Review["decisions"][number] & { meeting?: { id: string; title: string } | null };

/** The round: its status, each participant's standing decision (marked when taken in this meeting), and the form. */
function RoundPanel({ meeting, review: item }: { meeting: Meeting; review: AgendaReview }) {
  const { t } = useTranslation("meetings");
  const { t: tr } = useTranslation("reviews");
  const round = useReview(item.id);
  if (round.isError && !round.data) return <ErrorAlert error={round.error} onRetry={() => void round.refetch()} />;
  if (!round.data) return <LoadingState label={t("page.loading")} />;
  const review = round.data;
  const answerable = review.status === "open" && review.mine.answerable.length > 0;
  return (
    <>
      <section className="card mode-section" aria-labelledby={`round-${review.id}`}>
        <h3 id={`round-${review.id}`} className="card-title">
          {t("mode.participants")}
        </h3>
        <p>
          <span className="visually-hidden">{t("mode.roundStatus")}: </span>
          <span className={`badge review-status review-status-${statusTone(review)}`} data-testid={`round-status-${review.id}`}>
            {statusText(tr, review)}
          </span>
        </p>
        <ul className="mode-participants">
          {review.participants.map((participant) => (
            <Participant key={participant.key} participant={participant} review={review} meetingId={meeting.id} />
          ))}
        </ul>
      </section>
      {answerable ? (
        meeting.status === "in_progress" ? (
          <DecisionForm review={review} meetingId={meeting.id} title={t("mode.decisionForm")} />
        ) : (
          <p className="muted">{t("mode.notInProgress")}</p>
        )
      ) : null}
    </>
  );
}

function Participant({ participant, review, meetingId }: { participant: ReviewParticipantRecord; review: Review; meetingId: string }) {
  const { t } = useTranslation("meetings");
  const { t: tr } = useTranslation("reviews");
  const format = useFormat();
  const decision = participant.decision as (ReviewParticipantRecord["decision"] & { id?: string; meeting?: { id: string } | null }) | null;
  const record = decision ? (review.decisions.find((d) => d.id === decision.id) as DecisionWithMeeting | undefined) : undefined;
  const inThisMeeting = (decision?.meeting ?? record?.meeting)?.id === meetingId;
  return (
    <li className="mode-participant">
      <p className="mode-participant-name">{participantName(tr, participant)}</p>
      {decision ? (
        <p>
          <span className={`badge review-decision review-decision-${decision.decision}`}>{tr(`decision.${decision.decision}`)}</span>
          {inThisMeeting ? <span className="badge mode-in-meeting">{t("mode.inThisMeeting")}</span> : null}
          <span className="muted small">
            {" "}
            {decision.by.name} · <time dateTime={decision.at}>{format.dateTime(decision.at)}</time>
          </span>
        </p>
      ) : (
        <p className="muted">{tr("participants.pending")}</p>
      )}
      {decision?.reason ? <p className="small">{decision.reason}</p> : null}
    </li>
  );
}

function OpenThreads({ documentId }: { documentId: string }) {
  const { t } = useTranslation("meetings");
  const threads = useThreads(documentId);
  const open = threads.data?.threads.filter((thread) => thread.status === "open");
  return (
    <section className="card mode-section" aria-labelledby={`threads-${documentId}`}>
      <h3 id={`threads-${documentId}`} className="card-title">
        {t("mode.threads")}
        {open ? <span className="card-title-note"> · {open.length}</span> : null}
      </h3>
      {threads.isError && !threads.data ? (
        <ErrorAlert error={threads.error} onRetry={() => void threads.refetch()} />
      ) : !open ? (
        <LoadingState label={t("page.loading")} />
      ) : (
        <ul className="mode-threads">
          {open.map((thread) => {
            const first = thread.comments[0];
            const text = first && !first.deleted ? bodyAsPlainText(first.body) : "";
            return (
              <li key={thread.id}>
                <p className="small muted">
                  {thread.openedBy.name} ({thread.openedBy.org.shortName})
                </p>
                <p>{text.length > 200 ? `${text.slice(0, 199)}…` : text}</p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function Attendance({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation("meetings");
  const present = meeting.attendees.filter((a) => a.attendance === "present" || a.attendance === "represented").length;
  return (
    <section className="card mode-section mode-attendance" aria-labelledby="mode-attendance-title">
      <h3 id="mode-attendance-title" className="card-title">
        {t("mode.attendance")}
        <span className="card-title-note"> · {t("mode.present", { present, total: meeting.attendees.length })}</span>
      </h3>
      <ul className="mode-attendees">
        {meeting.attendees.map((attendee) => (
          <li key={attendee.id} className={`attendance-${attendee.attendance}`}>
            <span className="mode-attendee-name">{attendee.name}</span> <span className="muted">({attendeeOrg(attendee)})</span>
            {" — "}
            {attendee.attendance === "represented" && attendee.representedBy ? t("attendance.representedBy", { name: attendee.representedBy }) : t(`attendance.${attendee.attendance}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}
