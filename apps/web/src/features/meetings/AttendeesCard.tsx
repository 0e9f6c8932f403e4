import { useQueries, useQuery } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useDebounce } from "use-debounce";
import { ATTENDANCE, type Attendance } from "@taller/domain/meetings";
import { queries } from "../../api";
import { useMeetingMutation, type Attendee, type Meeting } from "../../api/meetings";
import { Alert, ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { Options } from "../../components/Options";
import { useCurrentUser } from "../auth/authContext";
import { attendeeOrg, isOpen } from "./labels";

/**
 * «Asistentes»: who was convened (people with an account and external guests by name and
 * agency) and their attendance. Managers record attendance (presente, ausente, representado por
 * …), invite people (members of the agenda's projects first, then anyone by name) and add guests.
 */
export function AttendeesCard({ meeting, headingLevel = 2 }: { meeting: Meeting; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation("meetings");
  const canChange = meeting.abilities.manage && isOpen(meeting);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const present = meeting.attendees.filter((a) => a.attendance === "present" || a.attendance === "represented").length;
  return (
    <section className="card meeting-attendees" aria-labelledby="meeting-attendees-title">
      <Heading id="meeting-attendees-title" className="card-title">
        {t("attendees.title")}
        <span className="card-title-note"> · {t("mode.present", { present, total: meeting.attendees.length })}</span>
      </Heading>
      {meeting.attendees.length === 0 ? (
        <p className="muted">{t("attendees.empty")}</p>
      ) : (
        <ul className="attendee-list">
          {meeting.attendees.map((attendee) => (
            <AttendeeRow key={attendee.id} meeting={meeting} attendee={attendee} canChange={canChange} />
          ))}
        </ul>
      )}
      {canChange ? (
        <>
          <InvitePerson meeting={meeting} />
          <AddGuest meeting={meeting} />
        </>
      ) : null}
    </section>
  );
}

function AttendeeRow({ meeting, attendee, canChange }: { meeting: Meeting; attendee: Attendee; canChange: boolean }) {
  const { t } = useTranslation("meetings");
  const user = useCurrentUser();
  const rowId = useId();
  const [attendance, setAttendance] = useState<Attendance>(attendee.attendance);
  const [representedBy, setRepresentedBy] = useState(attendee.representedBy ?? "");
  const [error, setError] = useState<string | undefined>();
  const [shown, setShown] = useState({ attendance: attendee.attendance, representedBy: attendee.representedBy });
  const save = useMeetingMutation("setAttendance", meeting.id);
  const remove = useMeetingMutation("removeAttendee", meeting.id);
  const [saved, setSaved] = useState("");
  const isConvener = attendee.userId !== null && attendee.userId === meeting.convener.id;

  // Someone else changed it (live): the form follows the server.
  if (shown.attendance !== attendee.attendance || shown.representedBy !== attendee.representedBy) {
    setShown({ attendance: attendee.attendance, representedBy: attendee.representedBy });
    setAttendance(attendee.attendance);
    setRepresentedBy(attendee.representedBy ?? "");
  }

  const attendanceText = attendee.attendance === "represented" && attendee.representedBy ? t("attendance.representedBy", { name: attendee.representedBy }) : t(`attendance.${attendee.attendance}`);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved("");
    if (attendance === "represented" && !representedBy.trim()) {
      setError(t("attendees.representedMissing"));
      return;
    }
    setError(undefined);
    const input = attendance === "represented" ? { attendance, representedBy: representedBy.trim() } : { attendance };
    save.mutate(
      { attendeeId: attendee.id, input },
      {
        onSuccess: (answer) =>
          setSaved(
            t("attendees.saved", {
              name: attendee.name,
              attendance: answer.attendance === "represented" && answer.representedBy ? t("attendance.representedBy", { name: answer.representedBy }) : t(`attendance.${answer.attendance}`),
            }),
          ),
      },
    );
  }

  return (
    <li className="attendee" data-attendee={attendee.name}>
      <div className="attendee-who">
        <p className="attendee-name">
          {attendee.name}
          {attendee.userId === user.id ? <span className="muted"> ({t("attendees.you")})</span> : null}
          {isConvener ? <span className="badge attendee-badge">{t("attendees.convener")}</span> : null}
          {attendee.userId === null ? <span className="badge attendee-badge">{t("attendees.guest")}</span> : null}
        </p>
        <p className="attendee-org" title={attendee.orgName}>
          {attendeeOrg(attendee)}
        </p>
      </div>
      {canChange ? (
        <form className="attendee-form" onSubmit={submit} noValidate>
          <div className="field">
            <label className="visually-hidden" htmlFor={`${rowId}-a`}>
              {t("attendees.attendanceOf", { name: attendee.name })}
            </label>
            <select id={`${rowId}-a`} value={attendance} onChange={(event) => setAttendance(ATTENDANCE.find((a) => a === event.target.value) ?? attendance)}>
              <Options values={ATTENDANCE} label={(value) => t(`attendance.${value}`)} />
            </select>
          </div>
          {attendance === "represented" ? (
            <Field label={t("attendees.representedBy", { name: attendee.name })} error={error} className="attendee-represented">
              {(control) => <input {...control} type="text" maxLength={200} value={representedBy} onChange={(event) => {
                setRepresentedBy(event.target.value);
                setError(undefined);
              }} />}
            </Field>
          ) : null}
          <div className="attendee-buttons">
            <button type="submit" className="button button-secondary button-small" disabled={save.isPending} aria-label={t("attendees.saveAttendanceLabel", { name: attendee.name })}>
              {t("attendees.saveAttendance")}
            </button>
            {isConvener ? null : (
              <button type="button" className="button button-ghost button-small" disabled={remove.isPending} onClick={() => remove.mutate(attendee.id)} aria-label={t("attendees.removeLabel", { name: attendee.name })}>
                {t("attendees.remove")}
              </button>
            )}
          </div>
          {save.isError ? <ErrorAlert error={save.error} title={t("attendees.error")} /> : null}
          {remove.isError ? <ErrorAlert error={remove.error} title={t("attendees.error")} /> : null}
          {saved && !save.isPending ? (
            <p className="visually-hidden" role="status">
              {saved}
            </p>
          ) : null}
        </form>
      ) : (
        <p className={`attendee-attendance attendance-${attendee.attendance}`}>
          <span className="visually-hidden">{t("attendance.label")}: </span>
          {attendanceText}
        </p>
      )}
    </li>
  );
}

type Candidate = { id: string; name: string; org: string };

/** People to invite: members of the agenda's projects (those the person may read) and the directory's matches. */
function InvitePerson({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation("meetings");
  const formId = useId();
  const [q, setQ] = useState("");
  const [search] = useDebounce(q.trim(), 250);
  const [done, setDone] = useState("");
  const add = useMeetingMutation("addAttendee", meeting.id);
  const projectIds = [...new Set(meeting.agenda.flatMap((item) => (item.review?.canRead ? [item.review.project.id] : [])))];
  const members = useQueries({ queries: projectIds.map((id) => queries.members(id)) });
  const people = useQuery({ ...queries.people(search), enabled: search.length > 0 });
  const attending = new Set(meeting.attendees.map((a) => a.userId).filter(Boolean));
  const needle = q.trim().toLocaleLowerCase("es-MX");
  const byId = new Map<string, Candidate & { member: boolean }>();
  for (const result of members) {
    for (const member of result.data?.members ?? []) {
      if (!byId.has(member.userId)) byId.set(member.userId, { id: member.userId, name: member.name, org: member.org.shortName, member: true });
    }
  }
  const memberList = [...byId.values()].filter((c) => !attending.has(c.id) && (!needle || `${c.name} ${c.org}`.toLocaleLowerCase("es-MX").includes(needle)));
  const others = search ? (people.data?.people ?? []).filter((p) => !attending.has(p.id) && !byId.has(p.id)).map((p) => ({ id: p.id, name: p.name, org: p.org.shortName })) : [];
  const candidates = [...memberList, ...others].slice(0, 12);

  function invite(candidate: Candidate) {
    setDone("");
    add.mutate({ userId: candidate.id }, { onSuccess: () => setDone(t("attendees.invited", { name: candidate.name })) });
  }

  return (
    <div className="attendee-add" role="group" aria-labelledby={`${formId}-title`}>
      <h3 id={`${formId}-title`} className="subheading">
        {t("attendees.addPerson")}
      </h3>
      <Field label={t("attendees.search")} hint={t("attendees.searchHint")}>
        {(control) => <input {...control} type="search" value={q} onChange={(event) => setQ(event.target.value)} autoComplete="off" />}
      </Field>
      {candidates.length === 0 ? (
        needle ? <p className="muted">{t("attendees.noMatches")}</p> : null
      ) : (
        <ul className="candidate-list" aria-label={t("attendees.addPerson")}>
          {candidates.map((candidate) => (
            <li key={candidate.id} className="candidate">
              <span>
                {candidate.name} <span className="muted">({candidate.org})</span>
              </span>
              <button type="button" className="button button-secondary button-small" disabled={add.isPending} onClick={() => invite(candidate)} aria-label={t("attendees.inviteLabel", { name: candidate.name, org: candidate.org })}>
                {t("attendees.invite")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {add.isError ? <ErrorAlert error={add.error} title={t("attendees.addError")} /> : null}
      {done && !add.isPending ? <Alert tone="success">{done}</Alert> : null}
    </div>
  );
}

function AddGuest({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation("meetings");
  const formId = useId();
  const [name, setName] = useState("");
  const [orgName, setOrgName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState("");
  const add = useMeetingMutation("addAttendee", meeting.id);
  const nameRef = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone("");
    if (!name.trim() || !orgName.trim()) {
      setError(t("attendees.guestMissing"));
      nameRef.current?.focus();
      return;
    }
    setError(undefined);
    const guest = { name: name.trim(), orgName: orgName.trim() };
    add.mutate(guest, {
      onSuccess: () => {
        setDone(t("attendees.invited", { name: guest.name }));
        setName("");
        setOrgName("");
      },
    });
  }

  return (
    <form className="form attendee-add" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h3 id={`${formId}-title`} className="subheading">
        {t("attendees.addGuest")}
      </h3>
      <div className="form-row">
        <Field label={t("attendees.guestName")} required error={error}>
          {(control) => <input {...control} ref={nameRef} type="text" maxLength={200} value={name} onChange={(event) => {
            setName(event.target.value);
            setError(undefined);
          }} />}
        </Field>
        <Field label={t("attendees.guestOrg")} required>
          {(control) => <input {...control} type="text" maxLength={200} value={orgName} onChange={(event) => {
            setOrgName(event.target.value);
            setError(undefined);
          }} />}
        </Field>
      </div>
      {add.isError ? <ErrorAlert error={add.error} title={t("attendees.addError")} /> : null}
      {done && !add.isPending ? <Alert tone="success">{done}</Alert> : null}
      <div>
        <button type="submit" className="button button-secondary" disabled={add.isPending}>
          {t("attendees.addGuestButton")}
        </button>
      </div>
    </form>
  );
}
