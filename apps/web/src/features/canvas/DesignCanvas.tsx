// The conceptual-design canvas (/documents/:documentId for canvas documents). This module and
// everything it imports (tldraw, its CSS) load only on canvas routes: the workspace shell
// lazy-loads it. Nothing else in the app may import tldraw.
import "tldraw/tldraw.css";
import "./canvas.css";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { EmbedShapeUtil, Tldraw, useTldrawCurrentUser } from "tldraw";
import type { Editor, TLUserPreferences } from "tldraw";
import { getAssetUrlsByImport } from "@tldraw/assets/imports.vite";
import { useQuery } from "@tanstack/react-query";
import { queries, type OpenedDocument } from "../../api";
import { Alert } from "../../components/Alert";
import { LoadingState } from "../../components/States";
import { colorFor } from "../../collab/document-session";
import { useAccessLost, useDocumentAccess, useDocumentSession, useParticipants, useSessionEnd } from "../../collab/useDocumentSession";
import LostAccess from "../../components/LostAccess";
import { UnsavedChangesList } from "../../components/UnsavedChanges";
import type { Participant } from "../../collab/useDocumentSession";
import { isRefusal, toneOf, type SaveStatus } from "../../collab/save-status";
import { useCurrentUser } from "../auth/authContext";
import { addFeatureStrings } from "../../i18n";
import { ACCEPTED_IMAGE_TYPES, MAX_ASSET_BYTES, NO_VIDEO_TYPES, registerOfflineBookmarks } from "./assets";
import { useCanvasStore } from "./useCanvasStore";
import {
  CanvasCommentsProvider,
  CommentToolHint,
  commentComponents,
  commentTools,
  useCanvasComments,
  useCommentOverrides,
} from "./comments/CanvasComments";
import { CanvasCommentsPanel, CanvasCommentsToggle, DraftComposer } from "./comments/CanvasCommentsPanel";
import { LazyVersionsPanel } from "../versions/LazyVersionsPanel";
import { useVersionsPanel } from "../versions/useVersionsPanel";
import { VersionsToggle } from "../versions/VersionsToggle";
import { useRestoreOnArrival } from "../versions/restore";
import { applyCanvasVersion } from "./restoreVersion";
import { CanvasExportMenu } from "../exports/CanvasExportMenu";
import esMX from "./i18n/es-MX.json";
import en from "./i18n/en.json";

addFeatureStrings("canvas", { "es-MX": esMX, en });

// Fonts, icons and tldraw's translations are bundled by Vite and served by our server: with the
// default (CDN) URLs the toolbar has no icons on a closed network.
const assetUrls = getAssetUrlsByImport();
// Embeds (YouTube, Maps…) would load third-party frames: none are offered.
const shapeUtils = [EmbedShapeUtil.configure({ embedDefinitions: [] })];

export default function DesignCanvas({
  document,
  onAccessChange,
  onAccessLost,
}: {
  document: OpenedDocument;
  onAccessChange?: () => void;
  onAccessLost?: () => void;
}) {
  const { t, i18n } = useTranslation("canvas");
  const { t: tApp } = useTranslation();
  const user = useCurrentUser();
  const session = useDocumentSession(document.collabName, user, document.title);
  const ended = useSessionEnd(session);
  useAccessLost(ended, onAccessLost);
  const { saveStatus, canEdit, roleCanEdit, downgraded, notStoredReason, unsaved } = useDocumentAccess(session, document.abilities.editDocument, onAccessChange);
  const participants = useParticipants(session);
  const config = useQuery(queries.clientConfig());
  const color = colorFor(user.id);
  const { state, incompatible } = useCanvasStore(session, {
    documentId: document.id,
    user: { id: user.id, name: user.name, color },
    canEdit,
    defaultPageName: t("defaultPageName"),
  });

  // tldraw's UI in the app's language: it ships Spanish ("es"); anything else falls back to English.
  // (i18n.language, not resolvedLanguage: the latter can stay "es-MX" after a reload in English,
  // because the English bundle is added after init.)
  const locale = i18n.language.startsWith("en") ? "en" : "es";

  // tldraw's per-user preferences (snap mode, dark mode…) live for this page only; identity,
  // name, color and language always come from the Taller session.
  const [preferences, setPreferences] = useState<TLUserPreferences>({ id: user.id });
  const userPreferences = useMemo<TLUserPreferences>(
    () => ({ ...preferences, id: user.id, name: user.name, color, locale }),
    [preferences, user.id, user.name, color, locale],
  );
  const tldrawUser = useTldrawCurrentUser({ userPreferences, setUserPreferences: setPreferences });

  // Read-only comes from the store's collaboration mode (useCanvasStore), which follows the
  // connection's access live; the server refuses a read-only connection's updates regardless.
  // The editor, once mounted, for what lives outside tldraw's tree (the composer, the panel's jumps).
  const [editor, setEditor] = useState<Editor | null>(null);
  const onMount = useCallback((editor: Editor) => {
    registerOfflineBookmarks(editor);
    setEditor(editor);
    const unfollow = followDomFocus(editor);
    const unmeasure = measureOnPointerDown(editor);
    return () => {
      unfollow();
      unmeasure();
      setEditor(null);
    };
  }, []);
  const comments = useCanvasComments(document.id, editor);
  const overrides = useCommentOverrides(locale, document.abilities.comment);

  // The versions panel and the comments panel share one place: one at a time.
  const versions = useVersionsPanel(comments);

  // «Restaurar» on a version page lands here: the version's records go into tldraw's store as this
  // person's edit (in its history, so Ctrl+Z undoes it; the binding writes it to Yjs), then the server is told.
  const restore = useRestoreOnArrival({
    ready: state.status === "ready" && editor !== null,
    canEdit,
    save: session?.save ?? null,
    apply: (content) => {
      if (!editor || !session) throw new Error("canvas not ready");
      applyCanvasVersion(editor, session.doc, content);
    },
  });

  const licenseKey = config.status === "success" ? (config.data.tldrawLicenseKey ?? undefined) : undefined;
  const configSettled = config.status !== "pending";

  if (ended === "access_revoked") return <LostAccess collabNames={[document.collabName]} />;

  return (
    <section className="canvas-frame" aria-label={t("region", { title: document.title })}>
      <div className="canvas-bar">
        {canEdit || isRefusal(saveStatus) ? <SaveStatusLine status={saveStatus} /> : <ConnectionLine online={saveStatus !== "offline"} />}
        <ParticipantsList participants={participants} />
        <span className="canvas-bar-end">
          <VersionsToggle documentId={document.id} open={versions.open} controls={versions.panelId} onToggle={versions.toggle} />
          <CanvasCommentsToggle comments={comments} />
          <CanvasExportMenu editor={editor} title={document.title} />
        </span>
      </div>
      {restore.notice}
      {!canEdit && downgraded ? (
        <Alert tone="info" role="alert" className="canvas-readonly canvas-readonly-changed">
          <p>
            <strong>
              {document.myRole && !roleCanEdit ? t("accessChanged.titleRole", { role: tApp(`roles.${document.myRole}`) }) : t("accessChanged.title")}
            </strong>{" "}
            {t("accessChanged.body")}
          </p>
        </Alert>
      ) : !canEdit ? (
        <Alert tone="info" className="canvas-readonly">
          <p>
            <strong>{t("readOnly.title")}</strong>{" "}
            {document.archivedAt
              ? t("readOnly.archived")
              : t("readOnly.body", { role: document.myRole ? tApp(`roles.${document.myRole}`) : t("readOnly.noRole") })}
          </p>
        </Alert>
      ) : null}
      {unsaved && notStoredReason ? (
        <section className="not-stored canvas-not-stored" aria-label={t("save.label")}>
          <p className="not-stored-intro">{t(`notStored.${notStoredReason}`)}</p>
          <UnsavedChangesList summaries={[unsaved]} />
        </section>
      ) : null}
      {incompatible ? (
        <Alert tone="error" className="canvas-alert">
          <p>{t("incompatible")}</p>
          <ReloadButton />
        </Alert>
      ) : null}
      <CanvasCommentsProvider value={comments}>
        <div className={`canvas-workarea${comments.panelOpen || versions.open ? " is-panel-open" : ""}`}>
          <div className="canvas-surface">
            {state.status === "error" ? (
              <Alert tone="error" className="canvas-alert">
                <p>{t(`error.${state.reason}`)}</p>
                {state.reason === "newer_schema" ? <ReloadButton /> : null}
              </Alert>
            ) : state.status === "loading" || !configSettled ? (
              <LoadingState label={configSettled ? t("loading") : t("loadingConfig")} />
            ) : (
              <Tldraw
                store={state.store}
                user={tldrawUser}
                licenseKey={licenseKey}
                assetUrls={assetUrls}
                locale={locale}
                shapeUtils={shapeUtils}
                acceptedImageMimeTypes={ACCEPTED_IMAGE_TYPES}
                acceptedVideoMimeTypes={NO_VIDEO_TYPES}
                maxAssetSize={MAX_ASSET_BYTES}
                // The page heading takes focus after navigation (accessibility); the canvas takes it on click.
                autoFocus={false}
                onMount={onMount}
                tools={commentTools}
                overrides={overrides}
                components={commentComponents}
              />
            )}
            {state.status === "ready" ? (
              <>
                <CommentToolHint editor={editor} />
                <DraftComposer editor={editor} comments={comments} />
              </>
            ) : null}
          </div>
          {versions.open ? (
            <div
              className="canvas-comments-panel canvas-versions-panel"
              onKeyDown={(event) => {
                if (event.key === "Escape" && !event.defaultPrevented) {
                  event.preventDefault();
                  versions.setOpen(false);
                }
              }}
            >
              <LazyVersionsPanel id={versions.panelId} documentId={document.id} canFreeze={document.abilities.createVersion} onClose={() => versions.setOpen(false)} />
            </div>
          ) : (
            <CanvasCommentsPanel editor={editor} comments={comments} canComment={document.abilities.comment} />
          )}
        </div>
      </CanvasCommentsProvider>
    </section>
  );
}

/**
 * With autoFocus off, tldraw only takes keyboard shortcuts once told it has focus. Focus follows
 * the DOM: a click or Tab into the canvas focuses the editor, leaving it blurs it, so shortcuts
 * never fire while the person types elsewhere on the page.
 */
function followDomFocus(editor: Editor): () => void {
  const container = editor.getContainer();
  const onPointerDown = () => editor.focus();
  const onFocusIn = () => editor.focus({ focusContainer: false });
  const onFocusOut = (event: FocusEvent) => {
    if (!(event.relatedTarget instanceof Node) || !container.contains(event.relatedTarget)) {
      editor.blur({ blurContainer: false });
    }
  };
  container.addEventListener("pointerdown", onPointerDown);
  container.addEventListener("focusin", onFocusIn);
  container.addEventListener("focusout", onFocusOut);
  return () => {
    container.removeEventListener("pointerdown", onPointerDown);
    container.removeEventListener("focusin", onFocusIn);
    container.removeEventListener("focusout", onFocusOut);
  };
}

/**
 * tldraw measures where the canvas is on screen when it resizes, on scroll and once a second, so
 * for up to a second after something above it changes height (a banner, the people list
 * wrapping) a click lands off by that much: a pin or a shape a few pixels from where the person
 * clicked. Measuring again as each press starts (before tldraw reads it) keeps them in step.
 */
function measureOnPointerDown(editor: Editor): () => void {
  const container = editor.getContainer();
  const onPointerDown = () => {
    const canvas = container.querySelector<HTMLElement>(".tl-canvas");
    if (canvas) editor.updateViewportScreenBounds(canvas);
  };
  container.addEventListener("pointerdown", onPointerDown, { capture: true });
  return () => container.removeEventListener("pointerdown", onPointerDown, { capture: true });
}

function ReloadButton() {
  const { t } = useTranslation("canvas");
  return (
    <button type="button" className="button button-secondary button-small" onClick={() => window.location.reload()}>
      {t("reload")}
    </button>
  );
}

/**
 * Viewers never write, so the server never acknowledges anything of theirs: instead of a save
 * status they see whether the canvas is live.
 */
function ConnectionLine({ online }: { online: boolean }) {
  const { t } = useTranslation("canvas");
  return (
    <p className={`canvas-save ${online ? "canvas-save-saved" : "canvas-save-offline"}`} role="status">
      <span className="canvas-save-dot" aria-hidden="true" />
      {t(online ? "connection.online" : "connection.offline")}
    </p>
  );
}

function SaveStatusLine({ status }: { status: SaveStatus }) {
  const { t } = useTranslation("canvas");
  const tone = toneOf(status);
  return (
    <p className={`canvas-save canvas-save-${tone}`} role="status" data-save-status={status}>
      <span className="canvas-save-dot" aria-hidden="true" />
      <span className="visually-hidden">{t("save.label")}: </span>
      {t(`save.${status}`)}
    </p>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [parts[0]?.[0]];
  return letters.filter(Boolean).join("").toUpperCase() || "?";
}

function ParticipantsList({ participants }: { participants: Participant[] }) {
  const { t } = useTranslation("canvas");
  // Local first, then by name; the same person in two tabs is listed once.
  const people = useMemo(() => {
    const byKey = new Map<string, Participant>();
    for (const p of participants) {
      const key = p.isLocal ? "local" : `${p.name}\u0000${p.org}`;
      if (!byKey.has(key)) byKey.set(key, p);
    }
    return [...byKey.values()].sort((a, b) => Number(b.isLocal) - Number(a.isLocal) || a.name.localeCompare(b.name));
  }, [participants]);
  return (
    <section className="canvas-people" aria-label={t("participants.label")}>
      <p className="visually-hidden">{t("participants.count", { count: people.length })}</p>
      <ul>
        {people.map((p) => (
          // Long names end in «…» on a narrow bar; the title shows the whole name (the text stays whole for screen readers).
          <li key={p.clientId} className="canvas-person" title={p.org ? `${p.name} · ${p.org}` : p.name}>
            <span className="canvas-avatar" style={{ backgroundColor: p.color }} aria-hidden="true">
              {initials(p.name)}
            </span>
            <span className="canvas-person-text">
              <span className="canvas-person-name">{p.isLocal ? t("participants.you", { name: p.name }) : p.name}</span>
              {p.org ? <span className="canvas-person-org">{p.org}</span> : null}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
