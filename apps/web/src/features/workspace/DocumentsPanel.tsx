import { useQuery } from "@tanstack/react-query";
import { Suspense, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { lazy } from "../../components/retryable-lazy";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { queries, type DocumentKind, type Project, type ProjectDocument } from "../../api";
import { CardTitle, ListStates } from "../../components/Lists";
import { Alert } from "../../components/Alert";
import { DialogHeader } from "../../components/Dialog";
import { LoadingState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { WorkspaceErrorAlert } from "./WorkspaceAlerts";
import { ArchiveDocumentButton, ArchivedDocuments } from "../order/DocumentOrder";

// The title forms load on first use (see DocumentTitleForms); managers' lists start it at once.
const loadTitleForms = () => import("./DocumentTitleForms");
const RenameDocumentForm = lazy(() => loadTitleForms().then((module) => ({ default: module.RenameDocumentForm })));
const NewDocumentForm = lazy(() => loadTitleForms().then((module) => ({ default: module.NewDocumentForm })));

export const documentPath = (id: string) => `/documents/${encodeURIComponent(id)}`;

/** The kind icon: lines of text for a study document, shapes for a canvas. Decorative. */
export function DocumentIcon({ kind }: { kind: DocumentKind }) {
  return (
    <svg className={`doc-icon doc-icon-${kind}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {kind === "text" ? (
        <>
          <path d="M6 2.75h8.5L19.25 7.5v13.75H6z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
          <path d="M14.25 3v4.5h4.5M9 11h7M9 14h7M9 17h5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </>
      ) : (
        <>
          <rect x="2.75" y="3.75" width="18.5" height="16.5" rx="2" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <circle cx="9" cy="10" r="2.75" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M12.5 16.5l3-5 3.5 5z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
        </>
      )}
    </svg>
  );
}

/**
 * Study texts and canvases of the project. Owners and editors create them (title required) and
 * rename them in place; everyone who can read the project opens them.
 */
export function DocumentsPanel({ project, canCreate, canRename }: { project: Project; canCreate: boolean; canRename: boolean }) {
  const { t } = useTranslation("workspace");
  const documents = useQuery(queries.documents(project.id));
  const [creating, setCreating] = useState<DocumentKind | null>(null);
  const [created, setCreated] = useState<ProjectDocument | null>(null);
  const [renamed, setRenamed] = useState<string | null>(null);
  // Archived documents leave the list; «Archivados (n)» below shows them (to restore or delete).
  const list = documents.data?.documents.filter((d) => !d.archivedAt);
  const archived = documents.data?.documents.filter((d) => d.archivedAt) ?? [];

  // Whoever may create or rename gets the title forms' chunk now, so they open without a wait.
  useEffect(() => {
    if (canCreate || canRename) void loadTitleForms();
  }, [canCreate, canRename]);

  function handleCreated(document: ProjectDocument) {
    setCreated(document);
    setRenamed(null);
  }

  function handleRenamed(document: ProjectDocument) {
    setRenamed(t("documents.renamed", { title: document.title }));
    setCreated(null);
  }

  function handleOrdered(message: string) {
    setRenamed(message);
    setCreated(null);
  }

  const texts = list?.filter((d) => d.kind === "text").length ?? 0;
  const canvases = list?.filter((d) => d.kind === "canvas").length ?? 0;

  return (
    <section className="card" aria-labelledby="documents-title">
      <div className="card-heading">
        <CardTitle
          id="documents-title"
          note={list ? t("documents.summary", { texts: t("documents.texts", { count: texts }), canvases: t("documents.canvases", { count: canvases }) }) : null}
        >
          {t("documents.title")}
        </CardTitle>
        {canCreate ? (
          <div className="card-actions">
            <button type="button" className="button button-primary button-small" aria-haspopup="dialog" onClick={() => setCreating("text")}>
              <span aria-hidden="true" className="button-icon">
                +
              </span>
              {t("documents.newText")}
            </button>
            <button type="button" className="button button-secondary button-small" aria-haspopup="dialog" onClick={() => setCreating("canvas")}>
              <span aria-hidden="true" className="button-icon">
                +
              </span>
              {t("documents.newCanvas")}
            </button>
          </div>
        ) : null}
      </div>

      {created ? (
        <Alert tone="success" title={t(created.kind === "text" ? "documents.createdText" : "documents.createdCanvas", { title: created.title })}>
          <Link to={documentPath(created.id)}>{t("documents.openCreated")}</Link>
        </Alert>
      ) : null}
      {renamed ? <Alert tone="success" title={renamed} /> : null}

      <ListStates
        items={list}
        failure={documents.isError && !list ? <WorkspaceErrorAlert error={documents.error} title={t("documents.loadError")} onRetry={() => void documents.refetch()} /> : null}
        loadingLabel={t("documents.loading")}
        emptyTitle={t("documents.empty")}
        emptyHint={<p>{canCreate ? t("documents.emptyHintEditor") : t("documents.emptyHint")}</p>}
      >
        {(list) => (
          <ul className="doc-list">
            {list.map((document) => (
              <DocumentRow
                key={document.id}
                document={document}
                canRename={canRename}
                onRenamed={handleRenamed}
                archive={project.abilities.archiveDocument ? <ArchiveDocumentButton document={document} onArchived={handleOrdered} /> : null}
              />
            ))}
          </ul>
        )}
      </ListStates>
      <ArchivedDocuments
        documents={archived}
        projectId={project.id}
        canArchive={project.abilities.archiveDocument}
        canDelete={project.abilities.deleteDocument}
        onMessage={handleOrdered}
      />

      <NewDocumentDialog projectId={project.id} kind={creating} onClose={() => setCreating(null)} onCreated={handleCreated} />
    </section>
  );
}

function DocumentRow({
  document,
  canRename,
  onRenamed,
  archive,
}: {
  document: ProjectDocument;
  canRename: boolean;
  onRenamed: (d: ProjectDocument) => void;
  /** «Archivar», for those who may. */
  archive?: ReactNode;
}) {
  const { t } = useTranslation("workspace");
  const format = useFormat();
  const { t: tApp } = useTranslation();
  const [editing, setEditing] = useState(false);
  const renameRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (!editing && returnFocus.current) {
      returnFocus.current = false;
      renameRef.current?.focus();
    }
  }, [editing]);

  function stop() {
    returnFocus.current = true;
    setEditing(false);
  }

  const kindLabel = document.kind === "text" ? t("documents.kindText") : t("documents.kindCanvas");

  return (
    <li className="doc-row">
      <span className={`doc-kind doc-kind-${document.kind}`}>
        <DocumentIcon kind={document.kind} />
      </span>
      {editing ? (
        <Suspense fallback={<LoadingState label={tApp("common.loading")} />}>
          <RenameDocumentForm document={document} onRenamed={onRenamed} onDone={stop} />
        </Suspense>
      ) : (
        <>
          <span className="doc-main">
            <Link to={documentPath(document.id)} className="doc-title">
              {document.title}
            </Link>
            <span className="doc-meta">
              {kindLabel} · {t("documents.createdOn")} <time dateTime={document.createdAt}>{format.date(document.createdAt)}</time>
              {document.updatedAt !== document.createdAt ? (
                <>
                  {" "}
                  · {t("documents.updatedOn")} <time dateTime={document.updatedAt}>{format.date(document.updatedAt)}</time>
                </>
              ) : null}
            </span>
          </span>
          {canRename ? (
            <button
              ref={renameRef}
              type="button"
              className="button button-ghost button-small"
              onClick={() => setEditing(true)}
              onPointerEnter={() => void loadTitleForms()}
              onFocus={() => void loadTitleForms()}
              aria-label={t("documents.renameLabel", { title: document.title })}
            >
              {t("documents.rename")}
            </button>
          ) : null}
          {archive}
        </>
      )}
    </li>
  );
}

function NewDocumentDialog({
  projectId,
  kind,
  onClose,
  onCreated,
}: {
  projectId: string;
  kind: DocumentKind | null;
  onClose: () => void;
  onCreated: (document: ProjectDocument) => void;
}) {
  const { t } = useTranslation("workspace");
  const { t: tApp } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [opening, setOpening] = useState(0);
  const [lastKind, setLastKind] = useState<DocumentKind>("text");
  const [openedFor, setOpenedFor] = useState<DocumentKind | null>(null);
  const shownKind = kind ?? lastKind;

  // Start empty each time the dialog opens (adjusting state while rendering, not in an effect).
  if (kind !== openedFor) {
    setOpenedFor(kind);
    if (kind) {
      setLastKind(kind);
      setOpening((count) => count + 1);
    }
  }

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (kind && !dialog.open) {
      dialog.showModal();
    } else if (!kind && dialog.open) {
      dialog.close();
    }
  }, [kind]);

  const heading = shownKind === "text" ? t("documents.newText") : t("documents.newCanvas");

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <DialogHeader titleId={titleId} title={heading} onClose={onClose} />
      {kind ? (
        <Suspense fallback={<LoadingState label={tApp("common.loading")} />}>
          <NewDocumentForm key={opening} projectId={projectId} kind={shownKind} onCreated={onCreated} onClose={onClose} />
        </Suspense>
      ) : null}
    </dialog>
  );
}
