import "./strings";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { AnchorInput } from "@taller/domain/comments";
import { useCreateThread, type CommentThread } from "../../api/comments";
import { useCurrentUser } from "../auth/authContext";
import { CommentForm } from "./CommentForm";
import { useDocumentProjectId, useProjectPeople } from "./people";

type Props = {
  documentId: string;
  anchor: AnchorInput;
  /** What the anchor is, as the person sees it (the selected text, «Rectángulo»…). */
  quote?: string | undefined;
  onCreated: (thread: CommentThread) => void;
  onCancel: () => void;
};

/**
 * A new thread on an anchor: its first comment, with mentions. Focuses its text on mount; the
 * thread exists only once the server answered 201 (`onCreated` gets the server's thread).
 */
export function NewThreadComposer({ documentId, anchor, quote, onCreated, onCancel }: Props) {
  const { t } = useTranslation("comments");
  const me = useCurrentUser();
  const titleId = useId();
  const people = useProjectPeople(useDocumentProjectId(documentId));
  const create = useCreateThread(documentId);

  return (
    <section className="comment-composer" aria-labelledby={titleId}>
      <h3 id={titleId} className="comment-composer-title">
        {t("composer.title")}
      </h3>
      {quote ? (
        <figure className="comment-composer-quote">
          <figcaption className="visually-hidden">{t("composer.about")}</figcaption>
          <blockquote className="thread-quote">{quote}</blockquote>
        </figure>
      ) : null}
      <CommentForm
        label={t("composer.label")}
        submitLabel={t("composer.submit")}
        placeholder={t("composer.placeholder")}
        hint={t("composer.hint")}
        people={people.members}
        me={me.id}
        busy={create.isPending}
        error={create.error}
        autoFocus
        rows={4}
        onSubmit={(body) => create.mutateAsync({ anchor, body }).then(onCreated)}
        onCancel={onCancel}
      />
    </section>
  );
}
