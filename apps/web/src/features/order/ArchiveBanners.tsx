import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { OpenedDocument, Project } from "../../api";
import { useArchiveDocument, useArchiveProject } from "../../api/order";
import { ErrorAlert } from "../../components/Alert";
import { useFormat } from "../../i18n/format";
import "./order.css";

/**
 * Under the workspace's header: for an archived project, the banner «Proyecto archivado» (with
 * «Restaurar» for owners); for an active one, owners get «Archivar proyecto». Archiving is
 * reversible and changes nothing in the workspace, so it asks nothing first; the banner that
 * replaces the button takes the focus and says what happened.
 */
export function ProjectArchiveBar({ project }: { project: Project }) {
  const { t } = useTranslation();
  const format = useFormat();
  const archive = useArchiveProject(project.id);
  const bannerRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const moved = useRef(false);
  const canArchive = project.abilities.archiveProject;
  const archived = project.archivedAt !== null;

  // After a change made here, focus follows the control that replaced the pressed one.
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    (archived ? bannerRef.current : buttonRef.current)?.focus();
  }, [archived]);

  function change(next: boolean) {
    archive.mutate(next, { onSuccess: () => (moved.current = true) });
  }

  if (!archived && !canArchive) return null;
  return (
    <div className="archive-bar">
      {archive.isError ? <ErrorAlert error={archive.error} title={t("order.project.failed")} /> : null}
      {archived ? (
        <div ref={bannerRef} tabIndex={-1} role="status" className="alert alert-info archive-banner">
          <p className="alert-title">{t("order.project.banner")}</p>
          <div className="alert-body">
            <p>
              {t("order.project.bannerText", { date: format.date(project.archivedAt!) })}
            </p>
            {canArchive ? (
              <button type="button" className="button button-secondary button-small" onClick={() => change(false)} disabled={archive.isPending}>
                {archive.isPending ? t("order.restoring") : t("order.restore")}
              </button>
            ) : null}
          </div>
        </div>
      ) : (
        <div className="archive-actions">
          <button ref={buttonRef} type="button" className="button button-ghost button-small" onClick={() => change(true)} disabled={archive.isPending}>
            {archive.isPending ? t("order.archiving") : t("order.project.archive")}
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * Above an archived document: «Documento archivado», read-only for everyone (the server makes its
 * room read-only), with «Restaurar» for owners and editors.
 */
export function ArchivedDocumentBanner({ document }: { document: OpenedDocument }) {
  const { t } = useTranslation();
  const format = useFormat();
  const archive = useArchiveDocument();
  if (!document.archivedAt) return null;
  return (
    <div className="container archive-bar document-archive-bar">
      {archive.isError ? <ErrorAlert error={archive.error} title={t("order.document.failed")} /> : null}
      <div role="status" className="alert alert-info archive-banner">
        <p className="alert-title">{t("order.document.banner")}</p>
        <div className="alert-body">
          <p>{t("order.document.bannerText", { date: format.date(document.archivedAt) })}</p>
          {document.abilities.archiveDocument ? (
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={archive.isPending}
              onClick={() => archive.mutate({ documentId: document.id, archive: false })}
            >
              {archive.isPending ? t("order.restoring") : t("order.restore")}
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
