import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { COMMENT_BODY_MAX_LENGTH } from "@taller/domain/comment-text";
import type { ProjectMember } from "../../api";
import { useFormat } from "../../i18n/format";
import { CommentError } from "./CommentError";
import { MentionTextarea } from "./MentionTextarea";

type Props = {
  label: string;
  /** Shown only to screen readers when the form has a visible context (a reply under its thread). */
  hideLabel?: boolean;
  initial?: string;
  submitLabel: string;
  placeholder?: string;
  hint?: string;
  people: readonly ProjectMember[];
  me: string;
  busy: boolean;
  error: unknown;
  /** Resolves once the server accepted it (the form then empties); rejects to keep the text. */
  onSubmit: (body: string) => Promise<unknown>;
  onCancel?: () => void;
  autoFocus?: boolean;
  rows?: number;
  className?: string;
};

/**
 * A comment's text (new thread, reply or edit): the domain's limits (not blank, at most
 * COMMENT_BODY_MAX_LENGTH characters, as `commentBody` validates on the server), `@` mentions,
 * Ctrl+Enter sends, Escape cancels. The text stays until the server accepted it.
 */
export function CommentForm({ label, hideLabel, initial = "", submitLabel, placeholder, hint, people, me, busy, error, onSubmit, onCancel, autoFocus, rows, className }: Props) {
  const { t } = useTranslation("comments");
  const format = useFormat();
  const id = useId();
  const [body, setBody] = useState(initial);
  const [problem, setProblem] = useState<"empty" | "tooLong" | null>(null);
  const length = body.trim().length;
  const over = length > COMMENT_BODY_MAX_LENGTH;
  const hintId = hint ? `${id}-hint` : undefined;
  const problemId = problem || over ? `${id}-problem` : undefined;
  const countId = `${id}-count`;

  function submit() {
    if (busy) return;
    if (length === 0) return setProblem("empty");
    if (over) return setProblem("tooLong");
    setProblem(null);
    onSubmit(body.trim()).then(
      () => setBody(""),
      () => undefined,
    );
  }

  return (
    <form
      className={`comment-form ${className ?? ""}`.trim()}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={id} className={hideLabel ? "visually-hidden" : "field-label"}>
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <MentionTextarea
        id={id}
        value={body}
        onChange={(value) => {
          setBody(value);
          if (problem) setProblem(null);
        }}
        people={people}
        me={me}
        rows={rows}
        placeholder={placeholder}
        describedBy={[problemId, hintId, over || length > COMMENT_BODY_MAX_LENGTH * 0.9 ? countId : undefined].filter(Boolean).join(" ") || undefined}
        invalid={Boolean(problem) || over}
        onSubmit={submit}
        onEscape={onCancel}
        autoFocus={autoFocus}
      />
      {problem || over ? (
        <p id={problemId} className="field-error">
          <span aria-hidden="true" className="field-error-icon">
            !
          </span>
          {problem === "empty" ? t("composer.empty") : t("composer.tooLong", { max: format.number(COMMENT_BODY_MAX_LENGTH) })}
        </p>
      ) : null}
      {length > COMMENT_BODY_MAX_LENGTH * 0.9 ? (
        <p id={countId} className={`comment-count${over ? " is-over" : ""}`}>
          {t("composer.length", { count: length, max: format.number(COMMENT_BODY_MAX_LENGTH) })}
        </p>
      ) : null}
      {error ? <CommentError error={error} /> : null}
      <div className="comment-form-actions">
        {onCancel ? (
          <button type="button" className="button button-secondary button-small" onClick={onCancel}>
            {t("composer.cancel")}
          </button>
        ) : null}
        <button type="submit" className="button button-primary button-small" aria-disabled={busy || undefined}>
          {busy ? t("composer.sending") : submitLabel}
        </button>
      </div>
    </form>
  );
}
