import "./strings";
import "../workspace/strings";
import "../workspace/workspace.css";
import "./versions.css";
import { useQuery } from "@tanstack/react-query";
import { Suspense, useId, useState } from "react";
import { lazy } from "../../components/retryable-lazy";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { queries } from "../../api";
import { useProjectEvents } from "../../api/events";
import { useVersion, useVersions, type VersionWithContent } from "../../api/versions";
import { Alert } from "../../components/Alert";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { PageHeading } from "../../components/PageHeading";
import { LoadingState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { Breadcrumbs } from "../workspace/Breadcrumbs";
import { PageLoadFailure, PageLoading } from "../workspace/PageLoadStates";
import { ReviewBadge } from "./VersionsPanel";
import { restoreState } from "./restore";
import { StudyExportMenu } from "../exports/ServerExportMenus";
import { CanvasExportMenu } from "../exports/CanvasExportMenu";
import type { Editor } from "tldraw";

// The content viewers and the diff are large (TipTap, tldraw): each loads when shown.
const ReadOnlyStudy = lazy(() => import("./ReadOnlyStudy"));
const ReadOnlyCanvas = lazy(() => import("./ReadOnlyCanvas"));
const VersionDiff = lazy(() => import("../diff/VersionDiff"));
const SubmitReviewDialog = lazy(() => import("../reviews/SubmitReviewDialog").then((m) => ({ default: m.SubmitReviewDialog })));

/**
 * /documents/:documentId/versions/:versionId — one frozen version: who froze it, when and why,
 * its SHA-256 (with how to recompute it), its content read-only (the study with the editor's own
 * extensions, the canvas in tldraw), «Comparar con» (the previous version, the live document or
 * any other) and «Restaurar» for those who may.
 */
export default function VersionPage() {
  const { documentId = "", versionId = "" } = useParams();
  const { t } = useTranslation("versions");
  const version = useVersion(versionId);
  if (version.isError && !version.data) {
    return (
      <PageLoadFailure
        error={version.error}
        onRetry={() => void version.refetch()}
        text={{ notFound: t("page.notFound"), notFoundHint: t("page.notFoundHint"), loadError: t("page.loadError") }}
      />
    );
  }
  if (!version.data) return <PageLoading label={t("page.loading")} />;
  // A version of another document under this address: the version's own document wins.
  return <OpenVersion key={version.data.id} version={version.data} documentId={version.data.documentId || documentId} />;
}

function OpenVersion({ version, documentId }: { version: VersionWithContent; documentId: string }) {
  const { t } = useTranslation("versions");
  const format = useFormat();
  const navigate = useNavigate();
  const document = useQuery(queries.document(documentId));
  const project = useQuery(queries.project(version.projectId));
  const versions = useVersions(documentId);
  useProjectEvents(version.projectId);
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  // The read-only canvas's editor, once drawn: a canvas version is exported from it.
  const [canvasEditor, setCanvasEditor] = useState<Editor | null>(null);
  const all = versions.data?.versions ?? [];
  const listed = all.find((v) => v.id === version.id);
  const projectPath = `/projects/${encodeURIComponent(version.projectId)}`;
  const documentPath = `/documents/${encodeURIComponent(documentId)}`;
  const heading = t("page.heading", { number: version.number, name: version.name });
  const canRestore = document.data?.abilities.restoreVersion === true;
  const canSubmitReview = document.data?.abilities.submitReview === true;

  function restore() {
    setConfirming(false);
    void navigate(documentPath, { state: restoreState({ versionId: version.id, number: version.number }) });
  }

  return (
    <div className="container version-page">
      <Breadcrumbs
        items={[
          { label: project.data?.clave ?? t("page.project"), to: projectPath },
          { label: t("page.documents"), to: `${projectPath}?tab=documents` },
          { label: document.data?.title ?? t("page.document"), to: documentPath },
          { label: heading },
        ]}
      />
      <PageHeading title={`${heading} · ${document.data?.title ?? ""}`}>{heading}</PageHeading>
      <Alert tone="info" className="version-immutable">
        <p>{t("page.immutable")}</p>
      </Alert>
      <div className="version-layout">
        <div className="version-content">
          <h2 className="visually-hidden">{t("page.contentTitle")}</h2>
          <Suspense fallback={<LoadingState label={t("page.loading")} />}>
            {version.kind === "text" ? (
              <ReadOnlyStudy content={version.content} documentId={documentId} label={t("page.contentLabel", { number: version.number })} />
            ) : (
              <ReadOnlyCanvas records={version.content} documentId={documentId} label={t("page.canvasLabel", { number: version.number })} onEditor={setCanvasEditor} />
            )}
          </Suspense>
        </div>
        <div className="version-side">
          <section className="version-section" aria-labelledby="version-facts-title">
            <h2 id="version-facts-title" className="visually-hidden">
              {heading}
            </h2>
            <dl className="version-facts">
              <dt>{t("page.frozenBy")}</dt>
              <dd>{t("panel.by", { name: version.createdBy.name, org: version.createdBy.org.shortName })}</dd>
              <dt>{t("page.frozenAt")}</dt>
              <dd>
                <time dateTime={version.createdAt}>{format.dateTime(version.createdAt)}</time>
              </dd>
              <dt>{t("page.note")}</dt>
              <dd className="versions-item-note">{version.note ?? t("page.noNote")}</dd>
              <dt>{t("page.reviewStatus")}</dt>
              <dd>
                <ReviewBadge review={listed?.latestReview ?? version.latestReview} />
              </dd>
            </dl>
            <div className="version-actions">
              <Link className="button button-secondary button-small" to={documentPath}>
                {t("page.backToDocument")}
              </Link>
              {canSubmitReview ? (
                <button type="button" className="button button-primary button-small" onClick={() => setSubmitting(true)}>
                  {t("page.submitReview")}
                </button>
              ) : null}
              {version.kind === "text" ? (
                <StudyExportMenu documentId={documentId} versionId={version.id} align="start" />
              ) : (
                <CanvasExportMenu editor={canvasEditor} title={document.data?.title ?? ""} version={{ number: version.number, name: version.name }} align="start" />
              )}
            </div>
          </section>
          <HashSection sha256={version.sha256} versionId={version.id} />
          {canRestore ? (
            <section className="version-section" aria-labelledby="version-restore-title">
              <h2 id="version-restore-title">{t("page.restoreTitle")}</h2>
              <p>{t("page.restoreExplain")}</p>
              <button type="button" className="button button-primary" onClick={() => setConfirming(true)}>
                {t("page.restore", { number: version.number })}
              </button>
            </section>
          ) : null}
        </div>
      </div>
      <CompareSection version={version} others={all.filter((v) => v.id !== version.id)} />
      {submitting ? (
        <Suspense fallback={null}>
          <SubmitReviewDialog
            version={{ id: version.id, number: version.number, name: version.name, documentId }}
            projectId={version.projectId}
            open={submitting}
            onClose={() => setSubmitting(false)}
          />
        </Suspense>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={t("page.restoreConfirmTitle", { number: version.number, name: version.name })}
        body={t("page.restoreConfirmBody")}
        confirmLabel={t("page.restoreConfirm")}
        onConfirm={restore}
        onCancel={() => setConfirming(false)}
      />
    </div>
  );
}

function HashSection({ sha256, versionId }: { sha256: string; versionId: string }) {
  const { t } = useTranslation("versions");
  const [copied, setCopied] = useState("");
  const explainId = useId();
  async function copy() {
    try {
      await navigator.clipboard.writeText(sha256);
      setCopied(t("page.copied"));
    } catch {
      setCopied(t("page.copyFailed"));
    }
  }
  return (
    <section className="version-section" aria-labelledby="version-hash-title">
      <h2 id="version-hash-title">{t("page.hashTitle")}</h2>
      <code className="version-hash" aria-describedby={explainId} data-testid="version-sha256">
        {sha256}
      </code>
      <p id={explainId} className="small muted">
        {t("page.hashExplain", { id: versionId })}
      </p>
      <p className="version-actions">
        <button type="button" className="button button-secondary button-small" onClick={() => void copy()}>
          {t("page.copy")}
        </button>
        <span role="status" className="small">
          {copied}
        </span>
      </p>
    </section>
  );
}

function CompareSection({ version, others }: { version: VersionWithContent; others: { id: string; number: number; name: string }[] }) {
  const { t } = useTranslation("versions");
  const selectId = useId();
  const previous = others.filter((v) => v.number < version.number).sort((a, b) => b.number - a.number)[0];
  const [against, setAgainst] = useState<string>("");
  return (
    <section className="version-section" aria-labelledby="version-compare-title">
      <h2 id="version-compare-title">{t("page.compareTitle")}</h2>
      <div className="field">
        <label className="field-label" htmlFor={selectId}>
          {t("page.compareWith")}
        </label>
        <select id={selectId} value={against} onChange={(event) => setAgainst(event.target.value)}>
          <option value="">{t("page.compareNone")}</option>
          {previous ? <option value={previous.id}>{t("page.comparePrevious", { number: previous.number })}</option> : null}
          <option value="live">{t("page.compareLive")}</option>
          {others
            .filter((v) => v.id !== previous?.id)
            .map((v) => (
              <option key={v.id} value={v.id}>
                {t("page.compareVersion", { number: v.number, name: v.name })}
              </option>
            ))}
        </select>
      </div>
      {against ? (
        <div className="version-compare-diff">
          <Suspense fallback={<LoadingState label={t("page.loading")} />}>
            <VersionDiff versionId={version.id} against={against} />
          </Suspense>
        </div>
      ) : null}
    </section>
  );
}
