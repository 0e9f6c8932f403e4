import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ProjectDocument } from "../../api";
import { recordsOf, useArchiveDocument, useDeleteDocument } from "../../api/order";
import { Alert, ErrorAlert } from "../../components/Alert";
import { DialogHeader } from "../../components/Dialog";
import { useFormat } from "../../i18n/format";
import "./order.css";

const documentPath = (id: string) => `/documents/${encodeURIComponent(id)}`;

/** «Archivar» on an active document's row (owners and editors). */
export function ArchiveDocumentButton({ document, onArchived }: { document: ProjectDocument; onArchived: (message: string) => void }) {
  const { t } = useTranslation();
  const archive = useArchiveDocument();
  return (
    <>
      <button
        type="button"
        className="button button-ghost button-small"
        disabled={archive.isPending}
        aria-label={t("order.document.archiveLabel", { title: document.title })}
        onClick={() => archive.mutate({ documentId: document.id, archive: true }, { onSuccess: () => onArchived(t("order.document.archived", { title: document.title })) })}
      >
        {archive.isPending ? t("order.archiving") : t("order.archive")}
      </button>
      {archive.isError ? <ErrorAlert error={archive.error} title={t("order.document.failed")} /> : null}
    </>
  );
}

/**
 * «Archivados (n)» below the project's documents: a disclosure that shows the archived ones, each
 * with «Restaurar» (owners, editors) and «Eliminar» (owners; the server refuses documents with
 * versions or comment threads and the dialog says why). Nothing shows while none is archived.
 */
export function ArchivedDocuments({
  documents,
  projectId,
  canArchive,
  canDelete,
  onMessage,
}: {
  documents: ProjectDocument[];
  projectId: string;
  canArchive: boolean;
  canDelete: boolean;
  onMessage: (message: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [deleting, setDeleting] = useState<ProjectDocument | null>(null);
  const restore = useArchiveDocument();
  if (documents.length === 0) return null;
  return (
    <div className="archived-documents">
      <button type="button" className="button button-link archived-toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
        <span aria-hidden="true" className="archived-caret">
          {open ? "▾" : "▸"}
        </span>
        {t("order.document.archivedList", { count: documents.length })}
      </button>
      {restore.isError ? <ErrorAlert error={restore.error} title={t("order.document.failed")} /> : null}
      <ul id={listId} className="doc-list doc-list-archived" hidden={!open}>
        {documents.map((document) => (
          <li key={document.id} className="doc-row">
            <span className="doc-main">
              <Link to={documentPath(document.id)} className="doc-title">
                {document.title}
              </Link>
              <span className="doc-meta">
                {document.kind === "text" ? t("order.document.kindText") : t("order.document.kindCanvas")} · {t("order.document.archivedOn")}{" "}
                <time dateTime={document.archivedAt ?? undefined}>{format.date(document.archivedAt!)}</time>
              </span>
            </span>
            <span className="doc-actions">
              {canArchive ? (
                <button
                  type="button"
                  className="button button-secondary button-small"
                  disabled={restore.isPending}
                  aria-label={t("order.document.restoreLabel", { title: document.title })}
                  onClick={() =>
                    restore.mutate({ documentId: document.id, archive: false }, { onSuccess: () => onMessage(t("order.document.restored", { title: document.title })) })
                  }
                >
                  {t("order.restore")}
                </button>
              ) : null}
              {canDelete ? (
                <button
                  type="button"
                  className="button button-ghost button-small button-danger-text"
                  aria-haspopup="dialog"
                  aria-label={t("order.document.deleteLabel", { title: document.title })}
                  onClick={() => setDeleting(document)}
                >
                  {t("order.delete")}
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      {deleting ? (
        <DeleteDocumentDialog
          document={deleting}
          projectId={projectId}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            onMessage(t("order.document.deleted", { title: deleting.title }));
            setDeleting(null);
          }}
        />
      ) : null}
    </div>
  );
}

/** «¿Eliminar …?»: says that only documents without versions or comments can go, and for good. */
function DeleteDocumentDialog({
  document,
  projectId,
  onClose,
  onDeleted,
}: {
  document: ProjectDocument;
  projectId: string;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const textId = useId();
  const remove = useDeleteDocument(projectId);
  const records = recordsOf(remove.error);
  const opened = useRef(false);

  return (
    <dialog
      ref={(dialog) => {
        if (dialog && !opened.current) {
          opened.current = true;
          dialog.showModal();
        }
      }}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <DialogHeader titleId={titleId} title={t("order.document.deleteTitle", { title: document.title })} onClose={onClose} />
      <div className="dialog-body">
        <p id={textId}>{t("order.document.deleteText")}</p>
        {records ? (
          <Alert tone="error" title={t("order.document.hasRecords", { title: document.title })}>
            <p>
              {[
                records.versions > 0 ? t("order.document.versions", { count: records.versions }) : null,
                records.threads > 0 ? t("order.document.threads", { count: records.threads }) : null,
              ]
                .filter(Boolean)
                .join(" · ")}
            </p>
            <p>{t("order.document.keepArchived")}</p>
          </Alert>
        ) : remove.isError ? (
          <ErrorAlert error={remove.error} />
        ) : null}
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button button-secondary" onClick={onClose}>
          {records ? t("order.close") : t("order.cancel")}
        </button>
        {records ? null : (
          <button type="button" className="button button-danger" disabled={remove.isPending} onClick={() => remove.mutate(document.id, { onSuccess: onDeleted })}>
            {remove.isPending ? t("order.deleting") : t("order.deleteForGood")}
          </button>
        )}
      </footer>
    </dialog>
  );
}
