import "./strings";
import { useQuery } from "@tanstack/react-query";
import { Component, Suspense, useCallback, useState, type ErrorInfo, type ReactNode } from "react";
import { lazy } from "../../components/retryable-lazy";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { queries, type OpenedDocument } from "../../api";
import { useProjectEvents } from "../../api/events";
import { collabNamesFor } from "../../collab/local-copies";
import { isNoAccess } from "../../components/errors";
import { PageHeading } from "../../components/PageHeading";
import { LoadingState } from "../../components/States";
import { PageLoadFailure, PageLoading } from "./PageLoadStates";
import { RoleBadge } from "../projects/ProjectLabels";
import { Breadcrumbs } from "./Breadcrumbs";
import { DocumentIcon } from "./DocumentsPanel";
import { ArchivedDocumentBanner } from "../order/ArchiveBanners";
import "./workspace.css";

// The editor and the canvas are large: each loads only when a document of its kind is opened.
const StudyEditor = lazy(() => import("../editor/StudyEditor"));
const DesignCanvas = lazy(() => import("../canvas/DesignCanvas"));
// Only after a 403/404, and shared with the editors: its own small chunk.
const LostAccess = lazy(() => import("../../components/LostAccess"));

/**
 * /documents/:documentId: a deep link that works on reload. Loads the document (and its project,
 * for the breadcrumbs), then hands the full remaining viewport to the study editor or the canvas.
 */
export default function DocumentPage() {
  const { documentId = "" } = useParams();
  const { t } = useTranslation("workspace");
  const document = useQuery(queries.document(documentId));
  const { refetch } = document;
  // Stable, because the editors call it from an effect when the connection's access disagrees.
  const reload = useCallback(() => void refetch(), [refetch]);

  if (document.isError && !document.data) {
    const noAccess = isNoAccess(document.error);
    return (
      <>
        <PageLoadFailure
          error={document.error}
          onRetry={reload}
          text={{ notFound: t("document.notFound"), notFoundHint: t("document.notFoundHint"), loadError: t("document.loadError") }}
        />
        {/* No access (or no document): a copy this browser still keeps goes, after offering what it holds unsaved. */}
        {noAccess ? (
          <Suspense fallback={null}>
            <LostAccess quiet collabNames={collabNamesFor(documentId)} />
          </Suspense>
        ) : null}
      </>
    );
  }
  if (!document.data) return <PageLoading label={t("document.loading")} />;
  // Keyed by id: moving from one document to another mounts a fresh editor session.
  return <OpenDocument key={document.data.id} document={document.data} onAccessChange={reload} />;
}

function OpenDocument({ document, onAccessChange }: { document: OpenedDocument; onAccessChange: () => void }) {
  const { t } = useTranslation("workspace");
  const project = useQuery(queries.project(document.projectId));
  // Live: the document's threads and its project's data refresh as others change them.
  useProjectEvents(document.projectId);
  const projectPath = `/projects/${encodeURIComponent(document.projectId)}`;
  const projectLabel = project.data ? project.data.clave : t("document.project");
  const kindLabel = document.kind === "text" ? t("documents.kindText") : t("documents.kindCanvas");
  const readOnly = !document.abilities.editDocument;
  // Access removed while the document is open (its socket closed with 4403): the page's data
  // still holds the old role, which the person no longer has; the header must not claim it.
  const [accessLost, setAccessLost] = useState(false);
  const markAccessLost = useCallback(() => setAccessLost(true), []);

  return (
    <div className="document-layout">
      <div className="document-bar">
        {/* The same frame as every other page: the container's width and side margins. */}
        <div className="container document-bar-inner">
          <Breadcrumbs
            items={[
              { label: projectLabel, to: projectPath },
              { label: t("document.documents"), to: `${projectPath}?tab=documents` },
              { label: document.title },
            ]}
          />
          <div className="document-heading">
            <span className={`doc-kind doc-kind-${document.kind}`}>
              <DocumentIcon kind={document.kind} />
            </span>
            <PageHeading title={`${document.title} · ${project.data?.clave ?? kindLabel}`}>
              <span className="visually-hidden">{kindLabel}: </span>
              {document.title}
            </PageHeading>
            <span className="document-badges">
              {project.data ? <span className="document-project">{project.data.name}</span> : null}
              {document.myRole && !accessLost ? <RoleBadge role={document.myRole} /> : null}
              {readOnly && !accessLost ? <span className="badge readonly-badge">{t("document.readOnly")}</span> : null}
            </span>
          </div>
        </div>
      </div>
      <ArchivedDocumentBanner document={document} />
      <div className="container document-surface">
        <EditorBoundary fallbackTitle={t("document.editorError")} retryLabel={t("document.reload")}>
          <Suspense fallback={<LoadingState label={document.kind === "text" ? t("document.loadingEditor") : t("document.loadingCanvas")} />}>
            {document.kind === "text" ? (
              <StudyEditor document={document} onAccessChange={onAccessChange} onAccessLost={markAccessLost} />
            ) : (
              <DesignCanvas document={document} onAccessChange={onAccessChange} onAccessLost={markAccessLost} />
            )}
          </Suspense>
        </EditorBoundary>
      </div>
    </div>
  );
}

/** Catches a failed chunk load or an editor crash so the page keeps its frame and offers a reload. */
class EditorBoundary extends Component<{ children: ReactNode; fallbackTitle: string; retryLabel: string }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="container page-narrow document-error">
          <div role="alert" className="alert alert-error">
            <p className="alert-title">{this.props.fallbackTitle}</p>
            <button type="button" className="button button-secondary button-small" onClick={() => window.location.reload()}>
              {this.props.retryLabel}
            </button>
          </div>
        </div>
      );
    }
    return this.props.children;
  }
}
