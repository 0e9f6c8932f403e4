import "./strings";
import "./reviews.css";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useProjectReviews, type Review } from "../../api/reviews";
import { ErrorAlert } from "../../components/Alert";
import { CardTitle } from "../../components/Lists";
import { EmptyState, LoadingState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { reviewPath } from "./paths";
import { closeReasonText, decidedCount, dueText, statusText, statusTone } from "./labels";

/**
 * The project's «Revisiones» tab: every round in the server's order (pending for me first, then
 * the other open ones by due date, then the closed ones), each with its document, version, rule,
 * due date, status or result and how many participants decided. Live through the workspace's
 * project event stream (review.* events invalidate ["reviews", projectId]).
 */
export function ReviewsPanel({ projectId, canSubmit }: { projectId: string; canSubmit: boolean }) {
  const { t } = useTranslation("reviews");
  const reviews = useProjectReviews(projectId);
  const list = reviews.data?.reviews;
  const pending = list?.filter((review) => review.mine.pending.length > 0 && review.status === "open").length ?? 0;

  return (
    <section className="card reviews-panel" aria-labelledby="reviews-title">
      <div className="card-heading">
        <CardTitle
          id="reviews-title"
          note={list ? [t("tab.count", { count: list.length }), pending > 0 ? t("tab.pendingCount", { count: pending }) : null].filter(Boolean).join(" · ") : null}
        >
          {t("tab.title")}
        </CardTitle>
      </div>
      <p className="muted">{t("tab.intro")}</p>
      {reviews.isError && !list ? (
        <ErrorAlert error={reviews.error} title={t("tab.loadError")} onRetry={() => void reviews.refetch()} />
      ) : !list ? (
        <LoadingState label={t("tab.loading")} />
      ) : list.length === 0 ? (
        <EmptyState title={t("tab.empty")}>
          <p>{canSubmit ? t("tab.emptyHint") : t("tab.emptyHintReader")}</p>
        </EmptyState>
      ) : (
        <ul className="review-list" aria-label={t("tab.listLabel")}>
          {list.map((review) => (
            <ReviewRow key={review.id} review={review} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ReviewRow({ review }: { review: Review }) {
  const { t } = useTranslation("reviews");
  const format = useFormat();
  const mineOpen = review.status === "open" && review.mine.pending.length > 0;
  const { decided, total } = decidedCount(review);
  const version = t("version", { number: review.version.number, name: review.version.name });
  const reason = closeReasonText(t, review);
  return (
    <li className={`review-row${mineOpen ? " review-row-mine" : ""}`}>
      <div className="review-row-main">
        <p className="review-row-document">
          <span className="visually-hidden">{t("document")}: </span>
          {review.version.documentTitle}
          <span className="review-kind"> · {t(`kinds.${review.version.documentKind}`)}</span>
        </p>
        <h3 className="review-row-title">
          <Link
            to={reviewPath(review.projectId, review.id)}
            aria-label={t("tab.openLabel", { number: review.version.number, name: review.version.name, document: review.version.documentTitle })}
          >
            {version}
          </Link>
        </h3>
        <ul className="review-tags">
          {mineOpen ? (
            <li>
              <span className="badge review-mine-badge">
                <span aria-hidden="true">● </span>
                {t("pendingForMe")}
              </span>
            </li>
          ) : null}
          <li>
            <span className="visually-hidden">{t("status.label")}: </span>
            <span className={`badge review-status review-status-${statusTone(review)}`}>{statusText(t, review)}</span>
          </li>
          {review.status === "open" && review.overdue ? (
            <li>
              <span className="badge review-overdue-badge">{t("due.overdueShort")}</span>
            </li>
          ) : null}
        </ul>
      </div>
      <dl className="review-facts">
        <div>
          <dt>{t("rule.label")}</dt>
          <dd>{t(`rule.${review.rule}`)}</dd>
        </div>
        <div>
          <dt>{t("due.label")}</dt>
          <dd>{dueText(t, format, review)}</dd>
        </div>
        <div>
          <dt>{t("participants.label")}</dt>
          <dd>{t("decided", { decided, total })}</dd>
        </div>
        {reason ? (
          <div>
            <dt className="visually-hidden">{t("status.label")}</dt>
            <dd className="muted">{reason}</dd>
          </div>
        ) : null}
      </dl>
    </li>
  );
}
