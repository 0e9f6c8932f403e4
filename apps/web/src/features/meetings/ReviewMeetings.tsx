import "./strings";
import "./meetings.css";
import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { meetingQueries, meetingsApi, useMeetings, useProjectMeetings, type Meeting } from "../../api/meetings";
import { queryKeys } from "../../api/keys";
import { Alert, ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { useFormat } from "../../i18n/format";
import { useCurrentUser } from "../auth/authContext";
import { meetingPath } from "./paths";

/**
 * The «Sesiones» box of a review round's page: the meetings whose agenda holds this round («En la
 * orden del día de: …»), and for the project's owners (and admins) «Agregar a una sesión»: a
 * scheduled or in-progress meeting they convene. The server checks again (owner of the round's
 * project, round open, not twice).
 */
export function ReviewMeetings({ reviewId, projectId, isOwner, open }: { reviewId: string; projectId: string; isOwner: boolean; open: boolean }) {
  const { t } = useTranslation("meetings");
  const format = useFormat();
  const user = useCurrentUser();
  const canAdd = open && (isOwner || user.isAdmin);
  const ofProject = useProjectMeetings(projectId);
  const details = useQueries({ queries: (ofProject.data?.meetings ?? []).map((m) => meetingQueries.one(m.id)) });
  const holding = details.map((d) => d.data).filter((m): m is Meeting => !!m && m.agenda.some((item) => item.review?.id === reviewId));
  const titleId = useId();
  if (!canAdd && holding.length === 0) return null;
  return (
    <section className="card review-meetings" aria-labelledby={titleId}>
      <h2 id={titleId} className="card-title">
        {t("nav")}
      </h2>
      {holding.length > 0 ? (
        <>
          <p className="muted small">{t("review.onAgenda")}</p>
          <ul className="meeting-list">
            {holding.map((meeting) => (
              <li key={meeting.id}>
                <Link to={meetingPath(meeting.id)}>{t("review.onAgendaItem", { title: meeting.title, date: format.dateTime(meeting.startsAt) })}</Link>{" "}
                <span className={`badge meeting-status meeting-status-${meeting.status}`}>{t(`status.${meeting.status}`)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {canAdd ? <AddToMeeting reviewId={reviewId} projectId={projectId} exclude={new Set(holding.map((m) => m.id))} /> : null}
    </section>
  );
}

/** « · Decisión tomada en la sesión «…»» after a decision of the round's history, linking to the meeting. */
export function DecidedInMeeting({ meeting }: { meeting: { id: string; title: string } }) {
  const { t } = useTranslation("meetings");
  return (
    <>
      {" · "}
      <Link to={meetingPath(meeting.id)}>{t("review.meetingDecision", { title: meeting.title })}</Link>
    </>
  );
}

function AddToMeeting({ reviewId, projectId, exclude }: { reviewId: string; projectId: string; exclude: Set<string> }) {
  const { t } = useTranslation("meetings");
  const format = useFormat();
  const user = useCurrentUser();
  const client = useQueryClient();
  const formId = useId();
  const upcoming = useMeetings("upcoming");
  const mine = (upcoming.data?.meetings ?? []).filter(
    (m) => (m.convener.id === user.id || user.isAdmin) && (m.status === "scheduled" || m.status === "in_progress") && !exclude.has(m.id),
  );
  const [meetingId, setMeetingId] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState("");
  const add = useMutation({
    mutationFn: (id: string) => meetingsApi.addAgendaItem(id, { reviewId }),
    onSuccess: (_item, id) => {
      void client.invalidateQueries({ queryKey: queryKeys.meeting(id) });
      void client.invalidateQueries({ queryKey: queryKeys.projectMeetings(projectId) });
      void client.invalidateQueries({ queryKey: ["meetings"] });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone("");
    const meeting = mine.find((m) => m.id === meetingId);
    if (!meeting) {
      setError(t("review.pickBlank"));
      return;
    }
    setError(undefined);
    add.mutate(meeting.id, {
      onSuccess: () => {
        setDone(t("review.added", { title: meeting.title }));
        setMeetingId("");
      },
    });
  }

  if (upcoming.data && mine.length === 0) {
    return done ? <Alert tone="success">{done}</Alert> : <p className="muted small">{t("review.noneToAdd")}</p>;
  }
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h3 id={`${formId}-title`} className="subheading">
        {t("review.addTo")}
      </h3>
      <Field label={t("review.pick")} hint={t("review.addToHint")} error={error}>
        {(control) => (
          <select {...control} value={meetingId} onChange={(event) => setMeetingId(event.target.value)}>
            <option value="">{t("review.pickBlank")}</option>
            {mine.map((m) => (
              <option key={m.id} value={m.id}>
                {m.title} · {format.dateTime(m.startsAt)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {add.isError ? <ErrorAlert error={add.error} title={t("review.error")} /> : null}
      {done && !add.isPending ? <Alert tone="success">{done}</Alert> : null}
      <div>
        <button type="submit" className="button button-secondary" disabled={add.isPending}>
          {t("review.add")}
        </button>
      </div>
    </form>
  );
}
