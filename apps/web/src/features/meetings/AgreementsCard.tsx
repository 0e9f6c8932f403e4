import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMeetingMutation, type Agreement, type Meeting, type NewAgreement } from "../../api/meetings";
import { Alert, ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { useFormat } from "../../i18n/format";
import { dayText, isOpen, itemTitle } from "./labels";

const OTHER = "__other__";

/**
 * «Acuerdos»: what was agreed, who answers for it and by when. On the meeting's page all of
 * them (each with its agenda item); in meeting mode those of the item shown (`itemId`), where a
 * new one belongs to that item. Managers add and remove them while the meeting is open.
 */
export function AgreementsCard({ meeting, itemId, headingLevel = 2 }: { meeting: Meeting; itemId?: string; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation("meetings");
  const format = useFormat();
  const titleId = useId();
  const canChange = meeting.abilities.manage && isOpen(meeting);
  const list = itemId ? meeting.agreements.filter((a) => a.agendaItemId === itemId) : meeting.agreements;
  const remove = useMeetingMutation("removeAgreement", meeting.id);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const position = (agreement: Agreement) => meeting.agenda.find((item) => item.id === agreement.agendaItemId)?.position ?? null;
  return (
    <section className="card meeting-agreements" aria-labelledby={titleId}>
      <Heading id={titleId} className="card-title">
        {itemId ? t("mode.agreementsFor") : t("agreements.title")}
        <span className="card-title-note"> · {list.length}</span>
      </Heading>
      {list.length === 0 ? (
        <p className="muted">{t("agreements.empty")}</p>
      ) : (
        <ol className="agreement-list">
          {list.map((agreement) => {
            const at = position(agreement);
            return (
              <li key={agreement.id} className="agreement">
                <p className="agreement-text">{agreement.text}</p>
                <p className="agreement-meta">
                  <span>
                    <span className="visually-hidden">{t("agreements.responsible")}: </span>
                    {agreement.responsible.name}
                  </span>
                  {" · "}
                  <span>{t("agreements.dueOn", { date: dayText(format, agreement.dueOn) })}</span>
                  {itemId ? null : (
                    <>
                      {" · "}
                      <span className="muted">{at === null ? t("agreements.general") : t("agreements.item", { position: at })}</span>
                    </>
                  )}
                </p>
                {canChange ? (
                  <button type="button" className="button button-ghost button-small" disabled={remove.isPending} onClick={() => remove.mutate(agreement.id)} aria-label={t("agreements.removeLabel", { text: agreement.text })}>
                    {t("agreements.remove")}
                  </button>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
      {remove.isError ? <ErrorAlert error={remove.error} title={t("agreements.error")} /> : null}
      {canChange ? <AgreementForm meeting={meeting} itemId={itemId} /> : null}
    </section>
  );
}

function AgreementForm({ meeting, itemId }: { meeting: Meeting; itemId: string | undefined }) {
  const { t } = useTranslation("meetings");
  const formId = useId();
  const add = useMeetingMutation("addAgreement", meeting.id);
  const people = meeting.attendees.filter((a) => a.userId !== null);
  const [text, setText] = useState("");
  const [responsible, setResponsible] = useState("");
  const [otherName, setOtherName] = useState("");
  const [dueOn, setDueOn] = useState("");
  const [agendaItemId, setAgendaItemId] = useState(itemId ?? "");
  const [errors, setErrors] = useState<{ text?: string; responsible?: string; dueOn?: string }>({});
  const [done, setDone] = useState("");
  const formRef = useRef<HTMLFormElement>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone("");
    const next: typeof errors = {};
    if (!text.trim()) next.text = t("agreements.textMissing");
    if (!responsible || (responsible === OTHER && !otherName.trim())) next.responsible = t("agreements.responsibleMissing");
    if (!dueOn) next.dueOn = t("agreements.dueMissing");
    setErrors(next);
    if (Object.keys(next).length > 0) {
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
      return;
    }
    const input: NewAgreement = { text: text.trim(), dueOn };
    if (responsible === OTHER) input.responsibleName = otherName.trim();
    else input.responsibleUserId = people.find((p) => p.id === responsible)?.userId ?? undefined;
    const item = itemId ?? agendaItemId;
    if (item) input.agendaItemId = item;
    add.mutate(input, {
      onSuccess: () => {
        setDone(t("agreements.added"));
        setText("");
        setOtherName("");
      },
    });
  }

  return (
    <form ref={formRef} className="form agreement-form" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h3 id={`${formId}-title`} className="subheading">
        {t("agreements.add")}
      </h3>
      <Field label={t("agreements.text")} required error={errors.text}>
        {(control) => <textarea {...control} rows={2} maxLength={2000} value={text} onChange={(event) => {
              setText(event.target.value);
              setErrors((e) => ({ ...e, text: undefined }));
            }} />}
      </Field>
      <div className="form-row">
        <Field label={t("agreements.responsiblePick")} required error={errors.responsible}>
          {(control) => (
            <select {...control} value={responsible} onChange={(event) => {
                setResponsible(event.target.value);
                setErrors((e) => ({ ...e, responsible: undefined }));
              }}>
              <option value="">—</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.orgShortName ?? p.orgName})
                </option>
              ))}
              <option value={OTHER}>{t("agreements.responsibleOther")}</option>
            </select>
          )}
        </Field>
        <Field label={t("agreements.due")} required error={errors.dueOn}>
          {(control) => <input {...control} type="date" value={dueOn} onChange={(event) => {
                setDueOn(event.target.value);
                setErrors((e) => ({ ...e, dueOn: undefined }));
              }} />}
        </Field>
      </div>
      {responsible === OTHER ? (
        <Field label={t("agreements.responsibleName")} required>
          {(control) => <input {...control} type="text" maxLength={200} value={otherName} onChange={(event) => {
                setOtherName(event.target.value);
                setErrors((e) => ({ ...e, responsible: undefined }));
              }} />}
        </Field>
      ) : null}
      {itemId ? null : (
        <Field label={t("agreements.agendaItem")} optional>
          {(control) => (
            <select {...control} value={agendaItemId} onChange={(event) => setAgendaItemId(event.target.value)}>
              <option value="">{t("agreements.general")}</option>
              {meeting.agenda.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.position}. {itemTitle(t, item)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {add.isError ? <ErrorAlert error={add.error} title={t("agreements.error")} /> : null}
      {done && !add.isPending ? <Alert tone="success">{done}</Alert> : null}
      <div>
        <button type="submit" className="button button-secondary" disabled={add.isPending}>
          {add.isPending ? t("agreements.adding") : t("agreements.add")}
        </button>
      </div>
    </form>
  );
}
