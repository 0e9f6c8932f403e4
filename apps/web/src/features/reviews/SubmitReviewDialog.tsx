import "./strings";
import "./reviews.css";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { REVIEW_RULES, type ReviewRule } from "@taller/domain/reviews";
import { ApiError, queries } from "../../api";
import { reviewQueries, useSubmitReview, type NewReview } from "../../api/reviews";
import { Alert, ErrorAlert } from "../../components/Alert";
import { DialogHeader } from "../../components/Dialog";
import { LoadingState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { candidates } from "./participants";
import { reviewPath } from "./paths";

export type SubmitReviewDialogProps = {
  version: { id: string; number: number; name: string; documentId: string };
  projectId: string;
  open: boolean;
  onClose: () => void;
};

/**
 * «Enviar a revisión»: a native modal dialog with the participants (the project's reviewers, and
 * the agencies with members in the project), the rule (each explained in one line) and an optional
 * due date (date and time, in the future). An open round of an earlier version of the document is
 * replaced only after the person says so (409 review_open → «¿Continuar?» → resent with
 * supersede:true). On success the new round's page opens.
 */
export function SubmitReviewDialog({ version, projectId, open, onClose }: SubmitReviewDialogProps) {
  const { t } = useTranslation("reviews");
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const introId = useId();
  // Each opening starts a fresh form.
  const [opening, setOpening] = useState(0);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setOpening((count) => count + 1);
      dialog.showModal();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog review-submit-dialog"
      aria-labelledby={titleId}
      aria-describedby={introId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <DialogHeader titleId={titleId} title={t("submit.title", { number: version.number, name: version.name })} onClose={onClose} />
      {open ? <SubmitForm key={opening} version={version} projectId={projectId} introId={introId} onClose={onClose} /> : null}
    </dialog>
  );
}

type Errors = { participants?: string; due?: string };

function SubmitForm({ version, projectId, introId, onClose }: Omit<SubmitReviewDialogProps, "open"> & { introId: string }) {
  const { t } = useTranslation("reviews");
  const format = useFormat();
  const navigate = useNavigate();
  const client = useQueryClient();
  const formId = useId();
  const members = useQuery(queries.members(projectId));
  const submit = useSubmitReview(version.id);
  const [people, setPeople] = useState<ReadonlySet<string>>(new Set());
  const [agencies, setAgencies] = useState<ReadonlySet<string>>(new Set());
  const [rule, setRule] = useState<ReviewRule>("all");
  const [dueDate, setDueDate] = useState("");
  const [dueTime, setDueTime] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  // A 409 review_open on an earlier version: the question, with that round's version number.
  const [replace, setReplace] = useState<{ number: number | null } | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const firstControl = useRef<HTMLInputElement>(null);

  const { reviewers, orgs } = useMemo(() => candidates(members.data?.members ?? []), [members.data]);
  const dueAt = dueDate && dueTime ? new Date(`${dueDate}T${dueTime}`) : null;

  function toggle(set: ReadonlySet<string>, id: string, on: boolean): Set<string> {
    const next = new Set(set);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  }

  function validate(): NewReview | null {
    const next: Errors = {};
    if (people.size + agencies.size === 0) next.participants = t("submit.participantsMissing");
    if (Boolean(dueDate) !== Boolean(dueTime)) next.due = t("submit.dueIncomplete");
    else if (dueAt && !isFuture(dueAt)) next.due = t("submit.duePast");
    setErrors(next);
    if (next.participants) {
      document.getElementById(`${formId}-participants`)?.querySelector<HTMLInputElement>("input")?.focus();
      return null;
    }
    if (next.due) {
      document.getElementById(`${formId}-date`)?.focus();
      return null;
    }
    return {
      participants: [...[...people].map((userId) => ({ userId })), ...[...agencies].map((orgId) => ({ orgId }))],
      rule,
      ...(dueAt ? { dueAt: dueAt.toISOString() } : {}),
    };
  }

  function send(input: NewReview) {
    setRefusal(null);
    submit.mutate(input, {
      onSuccess: (review) => {
        onClose();
        void navigate(reviewPath(review.projectId, review.id));
      },
      onError: (error) => {
        if (!(error instanceof ApiError)) return;
        if (error.code === "review_open") void explainOpen(error);
        else if (error.code === "version_outdated") setRefusal(t("submit.outdated"));
        else if (error.code === "invalid_participant") {
          setRefusal(t("submit.invalidParticipant"));
          void members.refetch();
        }
      },
    });
  }

  /** The open round is on this very version (nothing to replace) or on an earlier one (ask). */
  async function explainOpen(error: ApiError) {
    const openId = (error.details as { reviewId?: unknown } | undefined)?.reviewId;
    if (typeof openId !== "string") {
      setReplace({ number: null });
      return;
    }
    try {
      const open = await client.fetchQuery(reviewQueries.one(openId));
      if (open.versionId === version.id) setRefusal(t("submit.sameVersionOpen"));
      else setReplace({ number: open.version.number });
    } catch {
      setReplace({ number: null });
    }
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setReplace(null);
    const input = validate();
    if (input) send(input);
  }

  const knownError = submit.error instanceof ApiError && ["review_open", "version_outdated", "invalid_participant"].includes(submit.error.code);

  return (
    <form className="form" onSubmit={handleSubmit} noValidate>
      <div className="dialog-body">
        <p id={introId} className="muted">
          {t("submit.intro")}
        </p>
        {members.isError ? (
          <ErrorAlert error={members.error} onRetry={() => void members.refetch()} />
        ) : !members.data ? (
          <LoadingState label={t("page.loading")} />
        ) : (
          <fieldset id={`${formId}-participants`} className={`review-choice${errors.participants ? " field-invalid" : ""}`} aria-describedby={`${formId}-participants-hint`}>
            <legend className="field-label">
              {t("submit.participants")}
              <span className="field-required">
                <span aria-hidden="true"> *</span>
              </span>
            </legend>
            <p className="field-hint" id={`${formId}-participants-hint`}>
              {t("submit.participantsHint")}
            </p>
            <div className="review-picker">
              <div>
                <p className="review-picker-title" id={`${formId}-people`}>
                  {t("submit.people")}
                </p>
                {reviewers.length === 0 ? (
                  <p className="muted small">{t("submit.noPeople")}</p>
                ) : (
                  <ul className="review-picker-list" aria-labelledby={`${formId}-people`}>
                    {reviewers.map((member, index) => (
                      <li key={member.userId}>
                        <label className="review-radio">
                          <input
                            ref={index === 0 ? firstControl : undefined}
                            type="checkbox"
                            checked={people.has(member.userId)}
                            onChange={(event) => {
                              setPeople((current) => toggle(current, member.userId, event.target.checked));
                              setErrors((current) => ({ ...current, participants: undefined }));
                            }}
                          />
                          <span>
                            <span className="review-radio-label">{member.name}</span>
                            <span className="review-radio-hint">{member.org.shortName === member.org.name ? member.org.name : `${member.org.shortName} — ${member.org.name}`}</span>
                          </span>
                        </label>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              <div>
                <p className="review-picker-title" id={`${formId}-agencies`}>
                  {t("submit.agencies")}
                </p>
                {orgs.length === 0 ? (
                  <p className="muted small">{t("submit.noAgencies")}</p>
                ) : (
                  <ul className="review-picker-list" aria-labelledby={`${formId}-agencies`}>
                    {orgs.map(({ org, count }) => (
                      <li key={org.id}>
                        <label className="review-radio">
                          <input type="checkbox" checked={agencies.has(org.id)} onChange={(event) => {
                            setAgencies((current) => toggle(current, org.id, event.target.checked));
                            setErrors((current) => ({ ...current, participants: undefined }));
                          }} />
                          <span>
                            <span className="review-radio-label">{org.shortName === org.name ? org.name : `${org.shortName} — ${org.name}`}</span>
                            <span className="review-radio-hint">{t("submit.agencyMembers", { count })}</span>
                          </span>
                        </label>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
            {errors.participants ? (
              <p className="field-error">
                <span aria-hidden="true" className="field-error-icon">
                  !
                </span>
                {errors.participants}
              </p>
            ) : null}
          </fieldset>
        )}

        <fieldset className="review-choice">
          <legend className="field-label">{t("submit.rule")}</legend>
          {REVIEW_RULES.map((value) => (
            <label key={value} className="review-radio">
              <input type="radio" name={`${formId}-rule`} value={value} checked={rule === value} onChange={() => setRule(value)} aria-describedby={`${formId}-rule-${value}`} />
              <span>
                <span className="review-radio-label">{t(`rule.${value}`)}</span>
                <span className="review-radio-hint" id={`${formId}-rule-${value}`}>
                  {t(`rule.${value}Hint`)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>

        <fieldset className={`review-choice${errors.due ? " field-invalid" : ""}`} aria-describedby={`${formId}-due-hint${errors.due ? ` ${formId}-due-error` : ""}`}>
          <legend className="field-label">
            {t("submit.due")} <span className="field-optional">({t("submit.dueOptional")})</span>
          </legend>
          <p className="field-hint" id={`${formId}-due-hint`}>
            {t("submit.dueHint")}
          </p>
          <div className="review-due">
            <label className="field">
              <span className="field-label">{t("submit.dueDate")}</span>
              <input id={`${formId}-date`} type="date" value={dueDate} aria-invalid={errors.due ? true : undefined} onChange={(event) => {
                  setDueDate(event.target.value);
                  setErrors((current) => ({ ...current, due: undefined }));
                }} />
            </label>
            <label className="field">
              <span className="field-label">{t("submit.dueTime")}</span>
              <input type="time" value={dueTime} aria-invalid={errors.due ? true : undefined} onChange={(event) => {
                  setDueTime(event.target.value);
                  setErrors((current) => ({ ...current, due: undefined }));
                }} />
            </label>
          </div>
          {dueAt && !Number.isNaN(dueAt.getTime()) ? <p className="review-due-summary">{t("submit.dueSummary", { date: format.dateTime(dueAt.toISOString()) })}</p> : null}
          {errors.due ? (
            <p className="field-error" id={`${formId}-due-error`}>
              <span aria-hidden="true" className="field-error-icon">
                !
              </span>
              {errors.due}
            </p>
          ) : null}
        </fieldset>

        {refusal ? <Alert tone="error" title={t("submit.error")}>{refusal}</Alert> : null}
        {submit.isError && !knownError ? <ErrorAlert error={submit.error} title={t("submit.error")} /> : null}
        {replace ? (
          <Alert tone="info" role="alert" title={t("submit.replaceTitle")}>
            <p>{replace.number === null ? t("submit.replaceBodyUnknown") : t("submit.replaceBody", { number: replace.number })}</p>
            <p className="small">{t("submit.replaceHint")}</p>
            <div className="review-replace-actions">
              <button type="button" className="button button-secondary button-small" onClick={() => setReplace(null)}>
                {t("submit.replaceCancel")}
              </button>
              <button
                type="button"
                className="button button-primary button-small"
                disabled={submit.isPending}
                onClick={() => {
                  const input = validate();
                  setReplace(null);
                  if (input) send({ ...input, supersede: true });
                }}
              >
                {t("submit.replaceConfirm")}
              </button>
            </div>
          </Alert>
        ) : null}
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button button-secondary" onClick={onClose}>
          {t("submit.cancel")}
        </button>
        <button type="submit" className="button button-primary" disabled={submit.isPending || !members.data}>
          {submit.isPending ? t("submit.sending") : t("submit.send")}
        </button>
      </footer>
    </form>
  );
}

/** Whether a due date lies ahead (read at submit time; the server checks again with its clock). */
const isFuture = (date: Date) => !Number.isNaN(date.getTime()) && date.getTime() > Date.now();
