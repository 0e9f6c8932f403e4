import "../reviews/strings";
import { useQuery } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { queries } from "../../api";
import { useMeetingMutation, type AgendaItem, type Meeting } from "../../api/meetings";
import { reviewQueries } from "../../api/reviews";
import { Alert, ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { useCurrentUser } from "../auth/authContext";
import { statusText, statusTone } from "../reviews/labels";
import { reviewPath } from "../reviews/paths";
import { isOpen, itemTitle } from "./labels";

/**
 * «Orden del día»: the items in order, each a review round (its version, project, status and
 * decisions taken in this meeting) or a free topic. Managers reorder with «Subir»/«Bajar» buttons
 * (the keyboard way, announced in a live region; focus stays on the moved item's button), remove
 * items, and add an open round of a project they own or a free topic.
 */
export function AgendaCard({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation("meetings");
  const canChange = meeting.abilities.manage && isOpen(meeting);
  const order = useMeetingMutation("orderAgenda", meeting.id);
  const remove = useMeetingMutation("removeAgendaItem", meeting.id);
  const [announcement, setAnnouncement] = useState("");
  const listRef = useRef<HTMLOListElement>(null);

  function move(item: AgendaItem, delta: -1 | 1) {
    const ids = meeting.agenda.map((i) => i.id);
    const from = ids.indexOf(item.id);
    const to = from + delta;
    if (to < 0 || to >= ids.length) return;
    ids.splice(from, 1);
    ids.splice(to, 0, item.id);
    order.mutate(ids, {
      onSuccess: () => {
        setAnnouncement(t("agenda.moved", { title: itemTitle(t, item), position: to + 1 }));
        // The button pressed may now be at the list's end (disabled): keep focus on the moved item.
        requestAnimationFrame(() => {
          const row = listRef.current?.querySelector<HTMLElement>(`[data-item-id="${item.id}"]`);
          const same = row?.querySelector<HTMLButtonElement>(`button[data-move="${delta}"]:not(:disabled)`);
          (same ?? row?.querySelector<HTMLButtonElement>("button[data-move]:not(:disabled)"))?.focus();
        });
      },
    });
  }

  return (
    <section className="card meeting-agenda" aria-labelledby="meeting-agenda-title">
      <h2 id="meeting-agenda-title" className="card-title">
        {t("agenda.title")}
        <span className="card-title-note"> · {meeting.agenda.length}</span>
      </h2>
      {meeting.agenda.length === 0 ? (
        <div>
          <p>{t("agenda.empty")}</p>
          {canChange ? <p className="muted">{t("agenda.emptyHint")}</p> : null}
        </div>
      ) : (
        <ol className="agenda-list" ref={listRef}>
          {meeting.agenda.map((item, index) => (
            <AgendaRow
              key={item.id}
              item={item}
              current={meeting.currentItemId === item.id}
              first={index === 0}
              last={index === meeting.agenda.length - 1}
              canChange={canChange}
              busy={order.isPending || remove.isPending}
              onMove={(delta) => move(item, delta)}
              onRemove={() =>
                remove.mutate(item.id, {
                  onSuccess: () => {
                    setAnnouncement(t("agenda.removed", { title: itemTitle(t, item) }));
                    document.getElementById("meeting-agenda-title")?.focus();
                  },
                })
              }
            />
          ))}
        </ol>
      )}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {order.isError ? <ErrorAlert error={order.error} title={t("agenda.error")} /> : null}
      {remove.isError ? <ErrorAlert error={remove.error} title={t("agenda.error")} /> : null}
      {canChange ? (
        <div className="agenda-add">
          <AddReviewForm meeting={meeting} />
          <AddTopicForm meeting={meeting} />
        </div>
      ) : null}
    </section>
  );
}

function AgendaRow({
  item,
  current,
  first,
  last,
  canChange,
  busy,
  onMove,
  onRemove,
}: {
  item: AgendaItem;
  current: boolean;
  first: boolean;
  last: boolean;
  canChange: boolean;
  busy: boolean;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation("meetings");
  const { t: tr } = useTranslation("reviews");
  const title = itemTitle(t, item);
  const review = item.review;
  return (
    <li className={`agenda-item${current ? " agenda-item-current" : ""}`} data-item-id={item.id} aria-current={current ? "step" : undefined}>
      <div className="agenda-item-main">
        <p className="agenda-item-kind">
          {t("agenda.item", { position: item.position })} · {review ? t("agenda.review") : t("agenda.topic")}
          {review ? <span> · {review.project.clave}</span> : null}
        </p>
        <p className="agenda-item-title">{title}</p>
        {item.notes ? <p className="agenda-item-notes">{item.notes}</p> : null}
        {review ? (
          <p className="agenda-item-facts">
            <span className={`badge review-status review-status-${statusTone(review)}`}>{statusText(tr, { ...review, closeReason: null })}</span>
            {review.decisionsInMeeting > 0 ? <span className="muted"> {t("agenda.decisions", { count: review.decisionsInMeeting })}</span> : null}
            {review.canRead ? (
              <>
                {" · "}
                <Link
                  to={reviewPath(review.project.id, review.id)}
                  aria-label={t("agenda.openReviewLabel", { number: review.version.number, name: review.version.name, document: review.document.title })}
                >
                  {t("agenda.openReview")}
                </Link>
              </>
            ) : (
              <span className="muted"> · {t("agenda.noAccess")}</span>
            )}
          </p>
        ) : null}
      </div>
      {canChange ? (
        <div className="agenda-item-actions">
          <button type="button" className="button button-secondary button-small" data-move="-1" disabled={first || busy} onClick={() => onMove(-1)} aria-label={t("agenda.moveUpLabel", { position: item.position, title })}>
            <span aria-hidden="true">↑ </span>
            {t("agenda.moveUp")}
          </button>
          <button type="button" className="button button-secondary button-small" data-move="1" disabled={last || busy} onClick={() => onMove(1)} aria-label={t("agenda.moveDownLabel", { position: item.position, title })}>
            <span aria-hidden="true">↓ </span>
            {t("agenda.moveDown")}
          </button>
          <button type="button" className="button button-ghost button-small" disabled={busy} onClick={onRemove} aria-label={t("agenda.removeLabel", { position: item.position, title })}>
            {t("agenda.remove")}
          </button>
        </div>
      ) : null}
    </li>
  );
}

/** Pick a project the person owns (admins: any they see), then one of its open rounds not on the agenda yet. */
function AddReviewForm({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation("meetings");
  const { t: tr } = useTranslation("reviews");
  const user = useCurrentUser();
  const formId = useId();
  const projects = useQuery(queries.projects({}));
  const owned = projects.data?.projects.filter((p) => p.myRole === "owner" || user.isAdmin) ?? [];
  const [projectId, setProjectId] = useState("");
  const [reviewId, setReviewId] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState("");
  const rounds = useQuery({ ...reviewQueries.list(projectId), enabled: projectId !== "" });
  const onAgenda = new Set(meeting.agenda.map((item) => item.review?.id).filter(Boolean));
  const open = rounds.data?.reviews.filter((r) => r.status === "open" && !onAgenda.has(r.id)) ?? [];
  const add = useMeetingMutation("addAgendaItem", meeting.id);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone("");
    const round = open.find((r) => r.id === reviewId);
    if (!round) {
      setError(t("agenda.roundMissing"));
      return;
    }
    setError(undefined);
    add.mutate(
      { reviewId: round.id },
      {
        onSuccess: () => {
          setDone(t("agenda.added", { title: tr("versionOf", { number: round.version.number, name: round.version.name, document: round.version.documentTitle }) }));
          setReviewId("");
        },
      },
    );
  }

  return (
    <form className="form agenda-add-form" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h3 id={`${formId}-title`} className="subheading">
        {t("agenda.addReview")}
      </h3>
      {projects.data && owned.length === 0 ? (
        <p className="muted">{t("agenda.noProjects")}</p>
      ) : (
        <>
          <Field label={t("agenda.project")} hint={t("agenda.projectHint")}>
            {(control) => (
              <select
                {...control}
                value={projectId}
                onChange={(event) => {
                  setProjectId(event.target.value);
                  setReviewId("");
                }}
              >
                <option value="">{t("agenda.projectPick")}</option>
                {owned.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.clave} · {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {projectId ? (
            rounds.isError ? (
              <ErrorAlert error={rounds.error} />
            ) : !rounds.data ? (
              <p className="muted">{t("agenda.roundsLoading")}</p>
            ) : open.length === 0 ? (
              <p className="muted">{t("agenda.noRounds")}</p>
            ) : (
              <Field label={t("agenda.round")} error={error}>
                {(control) => (
                  <select
                    {...control}
                    value={reviewId}
                    onChange={(event) => {
                      setReviewId(event.target.value);
                      setError(undefined);
                    }}
                  >
                    <option value="">{t("agenda.roundPick")}</option>
                    {open.map((r) => (
                      <option key={r.id} value={r.id}>
                        {tr("versionOf", { number: r.version.number, name: r.version.name, document: r.version.documentTitle })}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )
          ) : null}
          {add.isError ? <ErrorAlert error={add.error} title={t("agenda.error")} /> : null}
          {done && !add.isPending ? <Alert tone="success">{done}</Alert> : null}
          <div>
            <button type="submit" className="button button-secondary" disabled={add.isPending || open.length === 0}>
              {add.isPending ? t("agenda.adding") : t("agenda.add")}
            </button>
          </div>
        </>
      )}
    </form>
  );
}

function AddTopicForm({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation("meetings");
  const formId = useId();
  const [topic, setTopic] = useState("");
  const [notes, setNotes] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState("");
  const add = useMeetingMutation("addAgendaItem", meeting.id);
  const topicRef = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone("");
    const text = topic.trim();
    if (!text) {
      setError(t("agenda.topicMissing"));
      topicRef.current?.focus();
      return;
    }
    setError(undefined);
    add.mutate(notes.trim() ? { topic: text, notes: notes.trim() } : { topic: text }, {
      onSuccess: () => {
        setDone(t("agenda.added", { title: text }));
        setTopic("");
        setNotes("");
      },
    });
  }

  return (
    <form className="form agenda-add-form" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h3 id={`${formId}-title`} className="subheading">
        {t("agenda.addTopic")}
      </h3>
      <Field label={t("agenda.topicField")} required error={error}>
        {(control) => <input {...control} ref={topicRef} type="text" maxLength={300} value={topic} onChange={(event) => {
              setTopic(event.target.value);
              setError(undefined);
            }} />}
      </Field>
      <Field label={t("agenda.notes")} optional>
        {(control) => <textarea {...control} rows={2} maxLength={2000} value={notes} onChange={(event) => setNotes(event.target.value)} />}
      </Field>
      {add.isError ? <ErrorAlert error={add.error} title={t("agenda.error")} /> : null}
      {done && !add.isPending ? <Alert tone="success">{done}</Alert> : null}
      <div>
        <button type="submit" className="button button-secondary" disabled={add.isPending}>
          {add.isPending ? t("agenda.adding") : t("agenda.add")}
        </button>
      </div>
    </form>
  );
}
