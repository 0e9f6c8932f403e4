import "./strings";
import { useId, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { RESOLUTION_NOTE_MAX_LENGTH } from "@taller/domain/comment-text";
import type { ProjectMember } from "../../api";
import {
  useCommentRevisions,
  useDeleteComment,
  useEditComment,
  useReopenThread,
  useReply,
  useResolveThread,
  type CommentThread,
  type ThreadComment,
} from "../../api/comments";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useFormat } from "../../i18n/format";
import { useCurrentUser } from "../auth/authContext";
import { CommentBody, PersonName } from "./CommentBody";
import { CommentError } from "./CommentError";
import { CommentForm } from "./CommentForm";

export type ThreadViewProps = {
  thread: CommentThread;
  /** Shows every comment, the reply box and the resolution controls. */
  expanded: boolean;
  /** The thread the document highlights (stronger highlight, marked here too). */
  selected?: boolean;
  onToggle: () => void;
  /** Scrolls the document to the anchor (text range, canvas pin). Absent: no «Ir al texto». */
  onJump?: (() => void) | undefined;
  jumpLabel?: string | undefined;
  /** What the thread is anchored to, as shown at its top (defaults to the quote). */
  anchorLabel?: ReactNode;
  orphaned: boolean;
  /** The orphaned badge's words (default «texto eliminado»; the canvas says «figura eliminada»). */
  orphanedLabel?: string | undefined;
  isNew: boolean;
  members: readonly ProjectMember[];
  people: Map<string, ProjectMember>;
  /** Polite announcements (the panel's live region). */
  onAnnounce?: ((text: string) => void) | undefined;
  headingLevel?: 3 | 4;
};

/**
 * One thread: its anchor (quote), every comment with its author's name and agency, edits and
 * deletions kept visible, the reply box, and «Resolver» / «Reabrir» as the server's abilities allow.
 */
export function ThreadView({ thread, expanded, selected, onToggle, onJump, jumpLabel, anchorLabel, orphaned, orphanedLabel, isNew, members, people, onAnnounce, headingLevel = 3 }: ThreadViewProps) {
  const { t } = useTranslation("comments");
  const format = useFormat();
  const me = useCurrentUser();
  const titleId = useId();
  const bodyId = useId();
  const reply = useReply();
  const resolve = useResolveThread();
  const reopen = useReopenThread();
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState("");
  const Heading = `h${headingLevel}` as const;
  const first = thread.comments[0];
  const rest = thread.comments.slice(1);
  const shown = expanded ? thread.comments : first ? [first] : [];
  const quote = thread.anchor.type === "text" ? thread.anchor.quote : "";
  const label = quote ? t("thread.label", { quote: truncate(quote, 80) }) : t("thread.labelPlain", { name: thread.openedBy.name });

  return (
    <article
      className={`thread-card${selected ? " is-selected" : ""}${thread.status === "resolved" ? " is-resolved" : ""}${orphaned ? " is-orphaned" : ""}`}
      aria-labelledby={titleId}
      data-thread-id={thread.id}
    >
      <header className="thread-head">
        <Heading id={titleId} className="visually-hidden">
          {label}
        </Heading>
        <div className="thread-badges">
          {isNew ? (
            <span className="thread-badge thread-badge-new">
              <span aria-hidden="true">● </span>
              {t("thread.new")}
            </span>
          ) : null}
          <span className={`thread-badge thread-badge-${thread.status}`}>{thread.status === "open" ? t("thread.open") : t("thread.resolved")}</span>
          {orphaned ? <span className="thread-badge thread-badge-orphaned">{orphanedLabel ?? t("thread.orphaned")}</span> : null}
        </div>
        {anchorLabel ?? (quote ? <blockquote className={`thread-quote${orphaned ? " is-orphaned" : ""}`}>{quote}</blockquote> : null)}
      </header>

      <ol className="thread-comments" id={bodyId}>
        {shown.map((comment) => (
          <li key={comment.id}>
            <CommentItem comment={comment} documentId={thread.documentId} members={members} people={people} onAnnounce={onAnnounce} />
          </li>
        ))}
      </ol>

      {thread.status === "resolved" && thread.resolvedBy ? (
        <div className="thread-resolution">
          <p>
            <span aria-hidden="true">✓ </span>
            {t("thread.resolvedBy", { name: thread.resolvedBy.name, org: thread.resolvedBy.org.shortName, date: format.dateTime(thread.resolvedAt ?? "") })}
          </p>
          {thread.resolutionNote ? (
            <p className="thread-resolution-note">
              <strong>{t("thread.resolutionNote")}</strong> <span className="comment-body-inline">{thread.resolutionNote}</span>
            </p>
          ) : null}
        </div>
      ) : null}

      <div className="thread-actions">
        <button type="button" className="button button-link button-small" aria-expanded={expanded} aria-controls={bodyId} onClick={onToggle}>
          {expanded ? t("thread.collapse") : rest.length > 0 ? t("thread.showAll", { count: thread.comments.length }) : thread.abilities.reply ? t("thread.reply") : t("thread.view")}
        </button>
        {onJump ? (
          <button type="button" className="button button-secondary button-small" onClick={onJump} aria-describedby={titleId}>
            {jumpLabel ?? t("thread.jump")}
          </button>
        ) : null}
        {thread.abilities.resolve && !resolving ? (
          <button type="button" className="button button-secondary button-small" onClick={() => setResolving(true)} aria-describedby={titleId}>
            {t("thread.resolve")}
          </button>
        ) : null}
        {thread.abilities.reopen ? (
          <button
            type="button"
            className="button button-secondary button-small"
            aria-describedby={titleId}
            aria-disabled={reopen.isPending || undefined}
            onClick={() => {
              if (reopen.isPending) return;
              reopen.mutate(thread.id, { onSuccess: () => onAnnounce?.(t("live.reopened")) });
            }}
          >
            {t("thread.reopen")}
          </button>
        ) : null}
      </div>
      {reopen.error ? <CommentError error={reopen.error} /> : null}

      {resolving ? (
        <form
          className="thread-resolve"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (resolve.isPending) return;
            resolve.mutate(
              { threadId: thread.id, note: note.trim() || undefined },
              {
                onSuccess: () => {
                  setResolving(false);
                  setNote("");
                  onAnnounce?.(t("live.resolved"));
                },
              },
            );
          }}
        >
          <label htmlFor={`${titleId}-note`} className="field-label">
            {t("thread.resolveNote")}
          </label>
          <p id={`${titleId}-note-hint`} className="field-hint">
            {t("thread.resolveNoteHint")}
          </p>
          <textarea
            id={`${titleId}-note`}
            className="input comment-textarea"
            rows={2}
            maxLength={RESOLUTION_NOTE_MAX_LENGTH}
            value={note}
            aria-describedby={`${titleId}-note-hint`}
            onChange={(event) => setNote(event.target.value)}
            autoFocus
          />
          {resolve.error ? <CommentError error={resolve.error} /> : null}
          <div className="comment-form-actions">
            <button type="button" className="button button-secondary button-small" onClick={() => setResolving(false)}>
              {t("comment.cancel")}
            </button>
            <button type="submit" className="button button-primary button-small" aria-disabled={resolve.isPending || undefined}>
              {t("thread.resolveConfirm")}
            </button>
          </div>
        </form>
      ) : null}

      {expanded && thread.abilities.reply ? (
        <CommentForm
          className="thread-reply"
          label={t("thread.replyLabel")}
          hideLabel
          submitLabel={t("thread.send")}
          placeholder={t("thread.replyPlaceholder")}
          people={members}
          me={me.id}
          busy={reply.isPending}
          error={reply.error}
          rows={2}
          onSubmit={(body) => reply.mutateAsync({ threadId: thread.id, body }).then(() => onAnnounce?.(t("live.replied")))}
        />
      ) : null}
    </article>
  );
}

function CommentItem({
  comment,
  documentId,
  members,
  people,
  onAnnounce,
}: {
  comment: ThreadComment;
  documentId: string;
  members: readonly ProjectMember[];
  people: Map<string, ProjectMember>;
  onAnnounce: ((text: string) => void) | undefined;
}) {
  const { t } = useTranslation("comments");
  const format = useFormat();
  const me = useCurrentUser();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [showRevisions, setShowRevisions] = useState(false);
  const revisionsId = useId();
  const edit = useEditComment();
  const remove = useDeleteComment();
  const revisions = useCommentRevisions(documentId, comment.id, showRevisions);

  return (
    <div className={`comment${comment.deleted ? " is-deleted" : ""}`} data-comment-id={comment.id}>
      <p className="comment-meta">
        <PersonName person={comment.author} />
        <span className="comment-time">
          <time dateTime={comment.createdAt}>{format.dateTime(comment.createdAt)}</time>
        </span>
        {comment.editedAt && !comment.deleted ? (
          <span className="comment-edited">
            <span aria-hidden="true">· </span>
            <span title={t("comment.editedAt", { date: format.dateTime(comment.editedAt) })}>{t("comment.edited")}</span>{" "}
            <button
              type="button"
              className="button-link comment-changes"
              aria-expanded={showRevisions}
              aria-controls={revisionsId}
              onClick={() => setShowRevisions((open) => !open)}
            >
              {showRevisions ? t("comment.hideChanges") : t("comment.showChanges")}
            </button>
          </span>
        ) : null}
      </p>
      {comment.deleted ? (
        <p className="comment-body comment-deleted">{t("comment.deleted")}</p>
      ) : editing ? (
        <CommentForm
          label={t("comment.editLabel")}
          hideLabel
          initial={comment.body}
          submitLabel={t("comment.save")}
          people={members}
          me={me.id}
          busy={edit.isPending}
          error={edit.error}
          rows={3}
          onCancel={() => setEditing(false)}
          onSubmit={(body) =>
            edit.mutateAsync({ commentId: comment.id, body }).then(() => {
              setEditing(false);
              onAnnounce?.(t("live.edited"));
            })
          }
        />
      ) : (
        <CommentBody body={comment.body} people={people} />
      )}
      {showRevisions && !comment.deleted ? (
        <section id={revisionsId} className="comment-revisions" aria-label={t("comment.revisionsTitle")}>
          {revisions.isPending ? (
            <p className="muted small" role="status">
              {t("comment.revisionsLoading")}
            </p>
          ) : revisions.isError ? (
            <CommentError error={revisions.error} />
          ) : revisions.data.revisions.length === 0 ? (
            <p className="muted small">{t("comment.revisionsEmpty")}</p>
          ) : (
            <ol>
              {[...revisions.data.revisions].reverse().map((revision) => (
                <li key={revision.replacedAt}>
                  <p className="comment-revision-when">{t("comment.revisionReplaced", { date: format.dateTime(revision.replacedAt) })}</p>
                  <CommentBody body={revision.body} people={people} />
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}
      {!editing && (comment.abilities.edit || comment.abilities.delete) ? (
        <div className="comment-own-actions" role="group" aria-label={t("comment.actionsFor", { name: comment.author.name })}>
          {comment.abilities.edit ? (
            <button type="button" className="button-link" onClick={() => setEditing(true)}>
              {t("comment.edit")}
            </button>
          ) : null}
          {comment.abilities.delete ? (
            <button type="button" className="button-link button-link-danger" onClick={() => setConfirming(true)}>
              {t("comment.delete")}
            </button>
          ) : null}
        </div>
      ) : null}
      {remove.error ? <CommentError error={remove.error} /> : null}
      <ConfirmDialog
        open={confirming}
        title={t("comment.deleteTitle")}
        body={t("comment.deleteBody")}
        confirmLabel={t("comment.deleteConfirm")}
        busy={remove.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          remove.mutate(comment.id, {
            onSuccess: () => onAnnounce?.(t("live.deleted")),
            onSettled: () => setConfirming(false),
          })
        }
      />
    </div>
  );
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
