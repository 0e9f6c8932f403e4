import "./strings";
import "../reviews/strings";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { notificationMutations, notificationQueries, type InboxItem } from "../../api/notifications";
import { ErrorAlert } from "../../components/Alert";
import { PageHeading } from "../../components/PageHeading";
import { EmptyState, LoadingState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { reviewItemLinkLabel, reviewItemText } from "../reviews/inboxText";
import "./inbox.css";

/**
 * The signed-in person's notifications, newest first: who did what in which document, unread
 * ones marked (a dot, bold and the word «Sin leer», never colour alone), each linking to its
 * thread; mark one or all read; the email preference. The header's count and this list refresh
 * live through the person's own event stream (AppShell's useUserEvents).
 */
export default function InboxPage() {
  const { t } = useTranslation("inbox");
  const client = useQueryClient();
  const inbox = useQuery(notificationQueries.inbox());
  const markRead = useMutation(notificationMutations.markRead(client));
  const unread = inbox.data?.unread ?? 0;
  // Marking all read removes the button: focus goes to the list's heading, not to the page's start.
  const listTitle = useRef<HTMLHeadingElement>(null);

  return (
    <div className="container page inbox-page">
      <div className="page-header">
        <div>
          <PageHeading title={t("title")}>{t("title")}</PageHeading>
          <p className="page-intro">{t("intro")}</p>
        </div>
      </div>

      <div className="inbox-grid">
        <section className="card inbox-list-card" aria-labelledby="inbox-list-title">
          <div className="inbox-toolbar">
            <h2 id="inbox-list-title" className="card-title" ref={listTitle} tabIndex={-1}>
              {inbox.data ? (unread > 0 ? t("unreadCount", { count: unread }) : t("allRead")) : t("title")}
            </h2>
            {unread > 0 ? (
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={markRead.isPending}
                onClick={() => markRead.mutate({ all: true }, { onSuccess: () => listTitle.current?.focus() })}
              >
                {markRead.isPending && markRead.variables && "all" in markRead.variables ? t("markingAllRead") : t("markAllRead")}
              </button>
            ) : null}
          </div>
          {markRead.isError ? <ErrorAlert error={markRead.error} title={t("markError")} /> : null}
          {inbox.isError ? (
            <ErrorAlert error={inbox.error} title={t("loadError")} onRetry={() => void inbox.refetch()} />
          ) : !inbox.data ? (
            <LoadingState label={t("loading")} />
          ) : inbox.data.items.length === 0 ? (
            <EmptyState title={t("empty")}>
              <p>{t("emptyHint")}</p>
            </EmptyState>
          ) : (
            <ul className="inbox-list" aria-label={t("listLabel")}>
              {inbox.data.items.map((item) => (
                <InboxEntry
                  key={item.id}
                  item={item}
                  busy={markRead.isPending}
                  onMarkRead={(focusAfter) => markRead.mutate({ ids: [item.id] }, { onSuccess: focusAfter })}
                />
              ))}
            </ul>
          )}
        </section>
        <EmailPreference />
      </div>
    </div>
  );
}

function InboxEntry({ item, busy, onMarkRead }: { item: InboxItem; busy: boolean; onMarkRead: (focusAfter: () => void) => void }) {
  const { t } = useTranslation("inbox");
  const { t: tReviews } = useTranslation("reviews");
  const format = useFormat();
  const isUnread = item.readAt === null;
  const who = item.actor ? `${item.actor.name} (${item.actor.org.shortName})` : t("someone");
  // About a review round (request, decision, close, due date) or about a thread (mention, reply, resolution).
  const review = item.review ? { ...item, review: item.review } : null;
  // A meeting notification (invitation, sealed acta) has no project nor document.
  const meeting = item.meeting;
  const summary = meeting
    ? t(`kind.${item.kind as "meeting_invited" | "meeting_sealed"}`, { who, title: meeting.title })
    : review
      ? reviewItemText(tReviews, format, review, who)
      : t(`kind.${item.kind as "mention" | "reply" | "resolved"}`, { who, document: item.document?.title ?? "" });
  const titleId = useId();
  // The button goes once the item is read: focus stays in the item, on its link.
  const link = useRef<HTMLAnchorElement>(null);

  return (
    <li className={`inbox-item${isUnread ? " inbox-item-unread" : ""}`} aria-labelledby={titleId}>
      <span className="inbox-dot" aria-hidden="true" />
      <div className="inbox-item-main">
        <p className="inbox-item-title" id={titleId}>
          {isUnread ? <span className="badge inbox-unread-badge">{t("unread")}</span> : <span className="visually-hidden">{t("read")}: </span>}
          <span>{summary}</span>
        </p>
        <p className="inbox-item-meta">
          {item.project ? (
            <>
              <span>{t("project", { name: item.project.name })}</span>
              <span aria-hidden="true"> · </span>
            </>
          ) : null}
          <time dateTime={String(item.createdAt)}>{format.dateTime(String(item.createdAt))}</time>
        </p>
        {item.thread?.quote ? <p className="inbox-item-quote">{t("quote", { quote: item.thread.quote })}</p> : null}
        <div className="inbox-item-actions">
          <Link
            ref={link}
            to={item.link}
            className="button button-primary button-small"
            aria-label={
              meeting ? t("openMeetingLabel", { title: meeting.title }) : review ? reviewItemLinkLabel(tReviews, review) : t("openLabel", { document: item.document?.title ?? "" })
            }
          >
            {meeting ? t("openMeeting") : review ? tReviews("inbox.open") : t("open")}
          </Link>
          {isUnread ? (
            <button type="button" className="button button-ghost button-small" disabled={busy} onClick={() => onMarkRead(() => link.current?.focus())} aria-label={t("markReadLabel", { summary })}>
              {t("markRead")}
            </button>
          ) : null}
        </div>
      </div>
    </li>
  );
}

/** Email on or off, as the server has it; the checkbox shows the server's answer, not a guess. */
function EmailPreference() {
  const { t } = useTranslation("inbox");
  const client = useQueryClient();
  const preferences = useQuery(notificationQueries.preferences());
  const save = useMutation(notificationMutations.setPreferences(client));
  const hintId = useId();
  const checked = preferences.data?.emailNotifications ?? false;

  return (
    <section className="card inbox-preferences" aria-labelledby="inbox-preferences-title">
      <h2 id="inbox-preferences-title" className="card-title">
        {t("preferences")}
      </h2>
      {preferences.isError ? (
        <ErrorAlert error={preferences.error} onRetry={() => void preferences.refetch()} />
      ) : !preferences.data ? (
        <LoadingState label={t("loading")} />
      ) : (
        <>
          <label className="checkbox inbox-email-toggle">
            <input
              type="checkbox"
              checked={checked}
              disabled={save.isPending}
              aria-describedby={hintId}
              onChange={(event) => save.mutate({ emailNotifications: event.target.checked })}
            />
            <span>{t("emailToggle")}</span>
          </label>
          <p className="field-hint" id={hintId}>
            {t("emailHint")}
          </p>
          <p className="inbox-email-state" role="status">
            {save.isPending ? t("emailSaving") : checked ? t("emailOn") : t("emailOff")}
          </p>
          {save.isError ? <ErrorAlert error={save.error} title={t("emailError")} /> : null}
        </>
      )}
    </section>
  );
}
