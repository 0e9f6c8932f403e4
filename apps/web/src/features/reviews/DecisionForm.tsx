import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { REVIEW_DECISIONS, REVIEW_TEXT_MAX_LENGTH, type ReviewDecision } from "@taller/domain/reviews";
import { useDecide, type NewDecision, type Review } from "../../api/reviews";
import { Alert, ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";

/**
 * The decision of the signed-in person on an open round (shown when `mine.answerable` is not
 * empty): a radio group of the four decisions, each explained; the reason, required unless the
 * decision is favourable (said beside the field before sending); optional conditions; and, when
 * the person answers both for themselves and for their agency, which of the two this decision is.
 * The server decides again (403, 409 review_closed); its answer replaces the round on the page.
 */
export function DecisionForm({ review, meetingId, title }: { review: Review; meetingId?: string; title?: string }) {
  const { t } = useTranslation("reviews");
  const decide = useDecide(review.id);
  const formId = useId();
  const answerable = review.participants.filter((p) => review.mine.answerable.includes(p.key));
  const firstPending = answerable.find((p) => review.mine.pending.includes(p.key)) ?? answerable[0];
  const [asKey, setAsKey] = useState(firstPending?.key ?? "");
  const target = answerable.find((p) => p.key === asKey) ?? firstPending;
  const [decision, setDecision] = useState<ReviewDecision | "">("");
  const [reason, setReason] = useState("");
  const [conditions, setConditions] = useState("");
  const [errors, setErrors] = useState<{ decision?: string; reason?: string; conditions?: string }>({});
  const [sent, setSent] = useState<string | null>(null);
  const decisionGroup = useRef<HTMLFieldSetElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  if (!target) return null;
  const reasonRequired = decision !== "favorable";
  const standing = target.decision;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(null);
    const next: typeof errors = {};
    if (!decision) next.decision = t("form.decisionMissing");
    if (decision && decision !== "favorable" && reason.trim().length === 0) next.reason = t("form.reasonMissing");
    if (reason.trim().length > REVIEW_TEXT_MAX_LENGTH) next.reason = t("form.tooLong", { max: REVIEW_TEXT_MAX_LENGTH });
    if (conditions.trim().length > REVIEW_TEXT_MAX_LENGTH) next.conditions = t("form.tooLong", { max: REVIEW_TEXT_MAX_LENGTH });
    setErrors(next);
    if (next.decision) {
      decisionGroup.current?.querySelector<HTMLInputElement>("input")?.focus();
      return;
    }
    if (next.reason) {
      reasonRef.current?.focus();
      return;
    }
    if (next.conditions || !decision) return;
    const input: NewDecision = { decision };
    if (reason.trim()) input.reason = reason.trim();
    if (conditions.trim()) input.conditions = conditions.trim();
    if (target && "orgId" in target) input.forOrgId = target.orgId;
    // Taken in a meeting (meeting mode): the server checks the meeting is in progress and the round on its agenda.
    if (meetingId) input.meetingId = meetingId;
    decide.mutate(input, {
      onSuccess: () => {
        setSent(t("form.sent", { decision: t(`decision.${decision}`) }));
        setReason("");
        setConditions("");
      },
    });
  }

  return (
    <section className="card review-form" aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`} className="card-title">
        {title ?? (standing ? t("form.changeTitle") : t("form.title"))}
      </h2>
      <p className="muted small">{t("form.intro")}</p>
      {standing ? <p>{t("form.already", { decision: t(`decision.${standing.decision}`) })}</p> : null}
      <form className="form" onSubmit={submit} noValidate>
        {answerable.length > 1 ? (
          <fieldset className="review-choice">
            <legend className="field-label">{t("form.as")}</legend>
            {answerable.map((participant) => (
              <label key={participant.key} className="review-radio">
                <input type="radio" name={`${formId}-as`} value={participant.key} checked={asKey === participant.key} onChange={() => setAsKey(participant.key)} />
                <span>{"org" in participant ? t("form.asAgency", { org: participant.org.shortName }) : t("form.asPersonal")}</span>
              </label>
            ))}
          </fieldset>
        ) : null}

        <fieldset
          ref={decisionGroup}
          className={`review-choice${errors.decision ? " field-invalid" : ""}`}
          aria-describedby={errors.decision ? `${formId}-decision-error` : undefined}
        >
          <legend className="field-label">
            {t("form.decision")}
            <span className="field-required">
              <span aria-hidden="true"> *</span>
            </span>
          </legend>
          {REVIEW_DECISIONS.map((value) => (
            <label key={value} className="review-radio">
              <input
                type="radio"
                name={`${formId}-decision`}
                value={value}
                checked={decision === value}
                aria-describedby={`${formId}-hint-${value}`}
                onChange={() => {
                  setDecision(value);
                  setErrors((current) => ({ ...current, decision: undefined }));
                }}
              />
              <span>
                <span className="review-radio-label">{t(`decision.${value}`)}</span>
                <span className="review-radio-hint" id={`${formId}-hint-${value}`}>
                  {t(`form.decisionHints.${value}`)}
                </span>
              </span>
            </label>
          ))}
          {errors.decision ? (
            <p className="field-error" id={`${formId}-decision-error`}>
              <span aria-hidden="true" className="field-error-icon">
                !
              </span>
              {errors.decision}
            </p>
          ) : null}
        </fieldset>

        <Field label={t("form.reason")} required={reasonRequired} optional={!reasonRequired} hint={reasonRequired ? t("form.reasonRequired") : t("form.reasonOptional")} error={errors.reason}>
          {(control) => (
            <textarea
              {...control}
              ref={reasonRef}
              rows={4}
              maxLength={REVIEW_TEXT_MAX_LENGTH + 200}
              value={reason}
              onChange={(event) => {
                setReason(event.target.value);
                if (errors.reason && event.target.value.trim()) setErrors((current) => ({ ...current, reason: undefined }));
              }}
            />
          )}
        </Field>
        <Field label={t("form.conditions")} optional hint={t("form.conditionsHint")} error={errors.conditions}>
          {(control) => <textarea {...control} rows={3} value={conditions} onChange={(event) => setConditions(event.target.value)} />}
        </Field>

        {decide.isError ? <ErrorAlert error={decide.error} title={t("form.error")} /> : null}
        {sent && !decide.isPending ? <Alert tone="success">{sent}</Alert> : null}
        <div>
          <button type="submit" className="button button-primary" disabled={decide.isPending}>
            {decide.isPending ? t("form.submitting") : t("form.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
