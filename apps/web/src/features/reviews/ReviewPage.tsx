import "./strings";
import "../workspace/strings";
import "../workspace/workspace.css";
import "./reviews.css";
import { useQuery } from "@tanstack/react-query";
import { Suspense, useId, useState } from "react";
import { lazy } from "../../components/retryable-lazy";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { bodyAsPlainText } from "@taller/domain/comment-text";
import { queries } from "../../api";
import { useThreads, type CommentThread } from "../../api/comments";
import { useVersions } from "../../api/versions";
import { useProjectEvents } from "../../api/events";
import { useCloseReview, useReview, type Review, type ReviewDecisionRecord, type ReviewParticipantRecord } from "../../api/reviews";
import { Alert, ErrorAlert } from "../../components/Alert";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { PageHeading } from "../../components/PageHeading";
import { LoadingState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { Breadcrumbs } from "../workspace/Breadcrumbs";
import { PageLoadFailure, PageLoading } from "../workspace/PageLoadStates";
import { DecisionForm } from "./DecisionForm";
import { closeReasonText, decidedCount, dueText, participantName, personName, statusText, statusTone } from "./labels";
import { versionPath } from "./paths";
import { ReviewExportMenu } from "../exports/ServerExportMenus";
import { DecidedInMeeting, ReviewMeetings } from "../meetings/ReviewMeetings";

// The diff (features/diff) brings its views and, for canvases, tldraw: its own chunks.
const VersionDiff = lazy(() => import("../diff/VersionDiff"));

/**
 * One review round (/projects/:projectId/reviews/:reviewId): the version under review (with a
 * link to its page), its diff against the last approved version, the participants and their
 * standing decisions, the history, the open threads on the document, the decision form for those
 * who may answer and «Cerrar revisión» for those who may close it. Live: the project's event
 * stream refreshes the round for everyone on the page.
 */
export default function ReviewPage() {
  const { projectId = "", reviewId = "" } = useParams();
  const { t } = useTranslation("reviews");
  const review = useReview(reviewId);
  useProjectEvents(projectId || undefined);

  if (review.isError && !review.data) {
    return (
      <PageLoadFailure
        error={review.error}
        onRetry={() => void review.refetch()}
        text={{ notFound: t("page.notFound"), notFoundHint: t("page.notFoundHint"), loadError: t("page.loadError") }}
      />
    );
  }
  if (!review.data) return <PageLoading label={t("page.loading")} />;
  return <ReviewView review={review.data} />;
}

function ReviewView({ review }: { review: Review }) {
  const { t } = useTranslation("reviews");
  const format = useFormat();
  const project = useQuery(queries.project(review.projectId));
  const projectPath = `/projects/${encodeURIComponent(review.projectId)}`;
  const title = t("page.title", { number: review.version.number, name: review.version.name });
  const status = statusText(t, review);
  const reason = closeReasonText(t, review);
  const { decided, total } = decidedCount(review);
  const mineOpen = review.status === "open" && review.mine.pending.length > 0;
  const announcement = useStatusAnnouncement(review, status);

  return (
    <div className="container page review-page">
      <Breadcrumbs
        items={[
          { label: project.data?.clave ?? t("page.reviews"), to: projectPath },
          { label: t("page.reviews"), to: `${projectPath}?tab=reviews` },
          { label: t("version", { number: review.version.number, name: review.version.name }) },
        ]}
      />
      <header className="review-header">
        <p className="review-row-document">
          {review.version.documentTitle}
          <span className="review-kind"> · {t(`kinds.${review.version.documentKind}`)}</span>
        </p>
        <PageHeading title={title}>{title}</PageHeading>
        <div className="export-row">
          <ul className="review-tags" aria-label={t("page.summary")}>
            <li>
              <span className="visually-hidden">{t("status.label")}: </span>
              <span className={`badge review-status review-status-${statusTone(review)}`} data-testid="review-status">
                {status}
              </span>
            </li>
            {mineOpen ? (
              <li>
                <span className="badge review-mine-badge">
                  <span aria-hidden="true">● </span>
                  {t("pendingForMe")}
                </span>
              </li>
            ) : null}
          </ul>
          <ReviewExportMenu reviewId={review.id} />
        </div>
        <p className="visually-hidden" role="status">
          {announcement}
        </p>
      </header>

      <div className="review-grid">
        <div className="review-main">
          <section className="card" aria-labelledby="review-facts-title">
            <h2 id="review-facts-title" className="card-title">
              {t("page.summary")}
            </h2>
            <dl className="review-details">
              <div>
                <dt>{t("status.label")}</dt>
                <dd>
                  {status}
                  {reason ? <span className="muted"> · {reason}</span> : null}
                  {review.status === "closed" && review.closedAt ? <span className="muted"> · {t("page.closedAt", { date: format.dateTime(review.closedAt) })}</span> : null}
                  {review.supersededBy ? (
                    <>
                      {" "}
                      <Link to={`${projectPath}/reviews/${encodeURIComponent(review.supersededBy)}`}>{t("page.supersededBy")}</Link>
                    </>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt>{t("rule.label")}</dt>
                <dd>
                  {t(`rule.${review.rule}`)}
                  <span className="review-detail-hint">{t(`rule.${review.rule}Hint`)}</span>
                </dd>
              </div>
              <div>
                <dt>{t("due.label")}</dt>
                <dd>{dueText(t, format, review)}</dd>
              </div>
              <div>
                <dt>{t("participants.label")}</dt>
                <dd>{t("decided", { decided, total })}</dd>
              </div>
              <div>
                <dt>{t("document")}</dt>
                <dd>
                  <Link
                    to={versionPath(review.version.documentId, review.version.id)}
                    aria-label={t("page.openVersionLabel", { number: review.version.number, name: review.version.name })}
                  >
                    {t("page.openVersion")}
                  </Link>
                  <span className="review-detail-hint">
                    {t("page.submittedBy", { name: review.createdBy.name, org: review.createdBy.org.shortName, date: format.dateTime(review.createdAt) })}
                  </span>
                  <span className="review-detail-hint review-sha">
                    {t("page.sha")}: <code>{review.version.sha256}</code>
                  </span>
                </dd>
              </div>
            </dl>
          </section>

          <DiffSection review={review} />
          <OpenThreads documentId={review.version.documentId} documentTitle={review.version.documentTitle} />
        </div>

        <aside className="review-side" aria-label={t("participants.title")}>
          {review.status === "open" && review.mine.answerable.length > 0 ? <DecisionForm review={review} /> : null}
          <Participants review={review} />
          <History review={review} />
          {review.status === "open" && review.mine.canClose ? <CloseReview review={review} /> : null}
          <ReviewMeetings reviewId={review.id} projectId={review.projectId} isOwner={project.data?.myRole === "owner"} open={review.status === "open"} />
        </aside>
      </div>
    </div>
  );
}

/** A status change that arrives while the page is open (others' decisions, a close) is announced politely. */
function useStatusAnnouncement(review: Review, status: string): string {
  const { t } = useTranslation("reviews");
  const [shown, setShown] = useState({ id: review.id, status });
  const [announcement, setAnnouncement] = useState("");
  if (shown.id !== review.id || shown.status !== status) {
    setShown({ id: review.id, status });
    setAnnouncement(shown.id === review.id ? t("page.live", { status }) : "");
  }
  return announcement;
}

/** The version's changes against the last approved one; without one, offers the previous version. */
function DiffSection({ review }: { review: Review }) {
  const { t } = useTranslation("reviews");
  const versions = useVersions(review.version.documentId);
  const [withPrevious, setWithPrevious] = useState(false);
  const previous = versions.data?.versions.filter((v) => v.number < review.version.number).sort((a, b) => b.number - a.number)[0];
  const against = review.lastApproved ?? (withPrevious ? previous : undefined);

  return (
    <section className="card review-diff" aria-labelledby="review-diff-title">
      <h2 id="review-diff-title" className="card-title">
        {t("page.diffTitle")}
      </h2>
      {review.lastApproved ? (
        <p className="muted">{t("page.diffAgainst", { number: review.lastApproved.number, name: review.lastApproved.name })}</p>
      ) : (
        <>
          <p>{previous || !versions.data ? t("page.noApproved") : t("page.noApprovedNoPrevious")}</p>
          {previous && !withPrevious ? (
            <button type="button" className="button button-secondary" onClick={() => setWithPrevious(true)}>
              {t("page.showPrevious", { number: previous.number })}
            </button>
          ) : null}
          {previous && withPrevious ? <p className="muted">{t("page.diffPrevious", { number: previous.number, name: previous.name })}</p> : null}
        </>
      )}
      {against ? (
        <Suspense fallback={<LoadingState label={t("page.loading")} />}>
          <VersionDiff versionId={review.version.id} against={against.id} />
        </Suspense>
      ) : null}
    </section>
  );
}

/** The participants in the round's order, each with their standing decision (or none yet). */
function Participants({ review }: { review: Review }) {
  const { t } = useTranslation("reviews");
  return (
    <section className="card" aria-labelledby="review-participants-title">
      <h2 id="review-participants-title" className="card-title">
        {t("participants.title")}
      </h2>
      <ul className="review-participants">
        {review.participants.map((participant) => (
          <ParticipantItem key={participant.key} participant={participant} mine={review.mine.answerable.includes(participant.key)} />
        ))}
      </ul>
    </section>
  );
}

function ParticipantItem({ participant, mine }: { participant: ReviewParticipantRecord; mine: boolean }) {
  const { t } = useTranslation("reviews");
  const format = useFormat();
  const decision = participant.decision;
  return (
    <li className="review-participant">
      <p className="review-participant-name">
        {participantName(t, participant)}
        {mine ? <span className="muted"> ({t("participants.you")})</span> : null}
      </p>
      {decision ? (
        <>
          <p>
            <span className={`badge review-decision review-decision-${decision.decision}`}>{t(`decision.${decision.decision}`)}</span>
          </p>
          <p className="review-signed">
            {"org" in participant
              ? t("participants.agencyDecision", { org: participant.org.shortName, name: decision.by.name })
              : t("participants.personDecision", { name: decision.by.name, org: decision.by.org.shortName })}
            {" · "}
            <time dateTime={decision.at}>{format.dateTime(decision.at)}</time>
          </p>
          <DecisionTexts decision={decision} />
        </>
      ) : (
        <p className="muted">{t("participants.pending")}</p>
      )}
    </li>
  );
}

function DecisionTexts({ decision }: { decision: ReviewDecisionRecord }) {
  const { t } = useTranslation("reviews");
  return (
    <>
      {decision.reason ? (
        <div className="review-text">
          <p className="review-text-label">{t("decision.reason")}</p>
          <p className="review-text-body">{decision.reason}</p>
        </div>
      ) : null}
      {decision.conditions ? (
        <div className="review-text">
          <p className="review-text-label">{t("decision.conditions")}</p>
          <p className="review-text-body">{decision.conditions}</p>
        </div>
      ) : null}
    </>
  );
}

/** Every decision, oldest first; the ones a later decision of the same participant replaced are marked. */
function History({ review }: { review: Review }) {
  const { t } = useTranslation("reviews");
  const format = useFormat();
  return (
    <section className="card" aria-labelledby="review-history-title">
      <h2 id="review-history-title" className="card-title">
        {t("history.title")}
      </h2>
      {review.decisions.length === 0 ? (
        <p className="muted">{t("history.empty")}</p>
      ) : (
        <ol className="review-history">
          {review.decisions.map((decision) => (
            <li key={decision.id} className={decision.standing ? undefined : "review-history-replaced"}>
              <p>
                <strong>{personName(decision.by)}</strong>
                <span className="muted"> · {decision.forOrg ? t("history.forOrg", { org: decision.forOrg.shortName }) : t("history.personal")}</span>
              </p>
              <p>
                <span className={`badge review-decision review-decision-${decision.decision}`}>{t(`decision.${decision.decision}`)}</span>
                {decision.standing ? null : (
                  <span className="badge review-replaced-badge" title={t("decision.replacedLabel")}>
                    {t("decision.replaced")}
                  </span>
                )}
              </p>
              <p className="muted small">
                <time dateTime={decision.at}>{format.dateTime(decision.at)}</time>
                {decision.meeting ? <DecidedInMeeting meeting={decision.meeting} /> : null}
              </p>
              <DecisionTexts decision={decision} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The document's open threads (the live document's, not only the version's), each linking to it. */
function OpenThreads({ documentId, documentTitle }: { documentId: string; documentTitle: string }) {
  const { t } = useTranslation("reviews");
  const threads = useThreads(documentId);
  const open = threads.data?.threads.filter((thread) => thread.status === "open");
  return (
    <section className="card" aria-labelledby="review-threads-title">
      <h2 id="review-threads-title" className="card-title">
        {t("page.threadsTitle")}
        {open ? <span className="card-title-note"> · {open.length}</span> : null}
      </h2>
      <p className="muted">{t("page.threadsIntro", { document: documentTitle })}</p>
      {threads.isError && !threads.data ? (
        <ErrorAlert error={threads.error} title={t("page.threadsError")} onRetry={() => void threads.refetch()} />
      ) : !open ? (
        <LoadingState label={t("page.threadsLoading")} />
      ) : open.length === 0 ? (
        <p>{t("page.threadsEmpty")}</p>
      ) : (
        <ul className="review-threads">
          {open.map((thread) => (
            <ThreadItem key={thread.id} thread={thread} documentId={documentId} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ThreadItem({ thread, documentId }: { thread: CommentThread; documentId: string }) {
  const { t } = useTranslation("reviews");
  const first = thread.comments[0];
  const text = first && !first.deleted ? clip(bodyAsPlainText(first.body), 160) : "";
  const quote = thread.anchor.type === "text" ? (thread.anchor as { quote?: string | null }).quote : null;
  const who = t("page.threadBy", { name: thread.openedBy.name, org: thread.openedBy.org.shortName });
  return (
    <li className="review-thread">
      <p className="review-thread-who">{who}</p>
      {quote ? <p className="review-thread-quote">{t("page.threadQuote", { quote: clip(quote, 120) })}</p> : null}
      {thread.anchor.type === "canvas" ? <p className="muted small">{t("page.threadCanvas")}</p> : null}
      {text ? <p className="review-thread-text">{text}</p> : null}
      <p className="review-thread-meta">
        <span className="muted">{t("page.threadComments", { count: thread.comments.length })}</span>
        {" · "}
        <Link to={`/documents/${encodeURIComponent(documentId)}?thread=${encodeURIComponent(thread.id)}`} aria-label={t("page.openThreadLabel", { name: thread.openedBy.name, text: text || quote || "" })}>
          {t("page.openThread")}
        </Link>
      </p>
    </li>
  );
}

/** «Cerrar revisión», after a confirmation that explains what closing early gives. */
function CloseReview({ review }: { review: Review }) {
  const { t } = useTranslation("reviews");
  const close = useCloseReview(review.id);
  const [confirming, setConfirming] = useState(false);
  const hintId = useId();
  return (
    <section className="card review-close" aria-labelledby="review-close-title">
      <h2 id="review-close-title" className="visually-hidden">
        {t("close.button")}
      </h2>
      <p className="muted small" id={hintId}>
        {t("close.hint")}
      </p>
      <button type="button" className="button button-secondary" aria-describedby={hintId} onClick={() => setConfirming(true)} aria-haspopup="dialog">
        {t("close.button")}
      </button>
      {close.isError ? <ErrorAlert error={close.error} title={t("close.error")} /> : null}
      <ConfirmDialog
        open={confirming}
        title={t("close.title")}
        body={t("close.body")}
        confirmLabel={close.isPending ? t("close.closing") : t("close.confirm")}
        busy={close.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => close.mutate(undefined, { onSettled: () => setConfirming(false) })}
      />
      {close.isSuccess ? <Alert tone="success">{t("close.done", { status: statusText(t, close.data) })}</Alert> : null}
    </section>
  );
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
