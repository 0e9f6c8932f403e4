import "./editor.css";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { EditorContent, type Editor } from "@tiptap/react";
import { Collaboration } from "@tiptap/extension-collaboration";
import { CollaborationCaret } from "@tiptap/extension-collaboration-caret";
import { Placeholder } from "@tiptap/extensions";
import { STUDY_FIELD, studyExtensions } from "@taller/editor-schema";
import type { OpenedDocument } from "../../api";
import { LoadingState } from "../../components/States";
import { colorFor, type DocumentSession } from "../../collab/document-session";
import { useAccessLost, useDocumentAccess, useDocumentSession, useParticipants, useSessionEnd } from "../../collab/useDocumentSession";
import LostAccess from "../../components/LostAccess";
import { UnsavedChangesList } from "../../components/UnsavedChanges";
import { addFeatureStrings } from "../../i18n";
import { useCurrentUser } from "../auth/authContext";
import { EditorToolbar } from "./EditorToolbar";
import { ImageDialog } from "./ImageDialog";
import { LinkDialog } from "./LinkDialog";
import { renderCaret } from "./renderCaret";
import { StudySide, StudySideDrawer, useNarrowEditor, useStickyBarHeight } from "./StudySide";
import { SaveStatusIndicator } from "./SaveStatusIndicator";
import { SectionHints } from "./sectionHints";
import { useDocumentReady } from "./useDocumentReady";
import { useStudyTextEditor } from "./useStudyTextEditor";
import { CommentHighlights } from "./commentHighlights";
import { CommentBubble, HIGHLIGHT_ACTIVATED, useStudyComments } from "./StudyComments";
import { LazyVersionsPanel } from "../versions/LazyVersionsPanel";
import { useVersionsPanel } from "../versions/useVersionsPanel";
import { VersionsToggle } from "../versions/VersionsToggle";
import { useRestoreOnArrival } from "../versions/restore";
import { withVersionControlView } from "../versions/VersionControlView";
import { StudyExportMenu } from "../exports/ServerExportMenus";
import esMX from "./i18n/es-MX.json";
import en from "./i18n/en.json";

addFeatureStrings("editor", { "es-MX": esMX, en });

type Props = {
  document: OpenedDocument;
  /** Called when the server tells a different access than the role the page was opened with (refreshes the role shown). */
  onAccessChange?: () => void;
  /** Called once the server removed this person's access (the page stops showing their old role). */
  onAccessLost?: () => void;
};
type CaretUser = { name: string; org: string; color: string };

/**
 * The study-proposal editor: TipTap on the document's Y.Doc (shared schema from
 * @taller/editor-schema), with collaboration carets, presence, outline and save status. Content
 * always comes from the server (which seeds the template); this component never sets content.
 * The page shell around it owns the page's <h1> and the document title.
 */
export default function StudyEditor({ document, onAccessChange, onAccessLost }: Props) {
  const { t } = useTranslation("editor");
  const user = useCurrentUser();
  const session = useDocumentSession(document.collabName, user, document.title);
  const ended = useSessionEnd(session);
  useAccessLost(ended, onAccessLost);
  if (!session) return <LoadingState label={t("loading")} />;
  // Access revoked while open: the copy is cleared after offering what it holds unsaved.
  if (ended === "access_revoked") return <LostAccess collabNames={[document.collabName]} />;
  return (
    <StudyEditorSession
      key={document.collabName}
      session={session}
      document={document}
      user={{ name: user.name, org: user.org.shortName, color: colorFor(user.id) }}
      onAccessChange={onAccessChange}
    />
  );
}

function StudyEditorSession({
  session,
  document,
  user,
  onAccessChange,
}: {
  session: DocumentSession;
  document: OpenedDocument;
  user: CaretUser;
  onAccessChange: (() => void) | undefined;
}) {
  const { t, i18n } = useTranslation("editor");
  const { t: tApp } = useTranslation();
  const ready = useDocumentReady(session);
  const { saveStatus, canEdit, roleCanEdit, downgraded, notStoredReason, unsaved } = useDocumentAccess(session, document.abilities.editDocument, onAccessChange);
  const participants = useParticipants(session);
  const editable = canEdit && ready;
  const [dialog, setDialog] = useState<{ kind: "link" | "image"; opener: Element | null } | null>(null);
  const pageColumn = useRef<HTMLDivElement>(null);
  // Narrow screens: text first; who is here and the outline open from the bar as a drawer.
  const narrow = useNarrowEditor();
  const barRef = useStickyBarHeight<HTMLDivElement>();
  // Clicks on comment highlights travel through this (the extensions are built once per session).
  const highlightEvents = useMemo(() => new EventTarget(), []);

  const extensions = useMemo(
    () => [
      // The «control de versiones» block is drawn as the live table of the document's versions.
      ...withVersionControlView(studyExtensions(), document.id),
      Collaboration.configure({ document: session.doc, field: STUDY_FIELD }),
      CollaborationCaret.configure({ provider: session.provider, user, render: renderCaret }),
      Placeholder.configure({ placeholder: () => i18n.t("placeholder", { ns: "editor" }) }),
      SectionHints,
      CommentHighlights.configure({ onActivate: (threadId) => highlightEvents.dispatchEvent(new CustomEvent(HIGHLIGHT_ACTIVATED, { detail: threadId })) }),
    ],
    // The editor is built once per session; user and language changes reach it through awareness
    // and the placeholder callback.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [session],
  );

  const { editor, editorId, toolbarId, bannerId } = useStudyTextEditor({
    extensions,
    session,
    label: t("contentLabel", { title: document.title }),
    editable,
    canEdit,
    className: "study-prose",
  });

  const comments = useStudyComments({ editor, document, events: highlightEvents });

  // The versions panel and the comments panel share one place: one at a time.
  const versions = useVersionsPanel(comments);

  // «Restaurar» on a version page lands here: the version becomes the text as this person's own
  // edit (y-tiptap writes only what differs, and Ctrl+Z undoes it), then the server is told.
  const restore = useRestoreOnArrival({
    ready: ready && !editor.isDestroyed,
    canEdit,
    save: session.save,
    apply: (content) => {
      if (!editor.commands.setContent(content as Parameters<Editor["commands"]["setContent"]>[0], { emitUpdate: true, errorOnInvalidContent: true })) {
        throw new Error("setContent refused the version's content");
      }
    },
  });

  function openDialog(kind: "link" | "image") {
    setDialog({ kind, opener: window.document.activeElement });
  }

  function closeDialog(current: Editor) {
    const opener = dialog?.opener;
    setDialog(null);
    // Back where the person was: the toolbar button they pressed, or the text.
    if (opener instanceof HTMLElement && opener.isConnected && !current.view.dom.contains(opener)) opener.focus();
    else if (!current.isDestroyed) current.commands.focus();
  }

  return (
    <section className="study-editor" aria-label={t("region", { title: document.title })} onKeyDown={comments.onKeyDown}>
      {!canEdit ? (
        <div id={bannerId} className={`study-readonly${downgraded ? " study-readonly-changed" : ""}`} role={downgraded ? "alert" : "note"}>
          <svg className="study-readonly-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M4 9h12v8H4z M7 9V6a3 3 0 0 1 6 0v3" fill="none" stroke="currentColor" strokeWidth="1.7" />
          </svg>
          <p>
            {downgraded ? (
              <>
                <strong>
                  {document.myRole && !roleCanEdit ? t("accessChanged.titleRole", { role: tApp(`roles.${document.myRole}`) }) : t("accessChanged.title")}
                </strong>{" "}
                {t("accessChanged.body")}
              </>
            ) : (
              <>
                <strong>
                  {document.archivedAt
                    ? t("readOnly.archived")
                    : document.myRole
                      ? t("readOnly.title", { role: tApp(`roles.${document.myRole}`) })
                      : t("readOnly.noRole")}
                </strong>{" "}
                {t("readOnly.body")}
              </>
            )}
          </p>
        </div>
      ) : null}
      {unsaved && notStoredReason ? (
        <section className="not-stored study-not-stored" aria-labelledby={`${bannerId}-unsaved`}>
          <p id={`${bannerId}-unsaved`} className="not-stored-intro">
            {t(`notStored.${notStoredReason}`)}
          </p>
          <UnsavedChangesList summaries={[unsaved]} headingLevel={3} />
        </section>
      ) : null}
      <div className="study-bar" ref={barRef}>
        {canEdit ? (
          <EditorToolbar
            editor={editor}
            id={toolbarId}
            editorId={editorId}
            disabled={!editable}
            onOpenLink={() => openDialog("link")}
            onOpenImage={() => openDialog("image")}
          />
        ) : null}
        <div className="study-bar-end">
          {narrow ? <StudySideDrawer participants={participants} editor={editor} /> : null}
          {comments.commentButton}
          {comments.panelToggle}
          <VersionsToggle documentId={document.id} open={versions.open} controls={versions.panelId} onToggle={versions.toggle} />
          <StudyExportMenu documentId={document.id} />
          <SaveStatusIndicator status={saveStatus} readOnly={!canEdit} />
        </div>
      </div>
      {comments.noticeRegion}
      {restore.notice}
      <div className={`study-layout${comments.panelOpen || versions.open ? " with-comments" : ""}`}>
        <div className="study-page-column" ref={pageColumn}>
          {!ready ? <LoadingState label={t("connecting")} /> : null}
          <article className="study-page" aria-busy={!ready || undefined}>
            <EditorContent editor={editor} />
          </article>
          {comments.canComment ? <CommentBubble editor={editor} frame={pageColumn} hidden={comments.pending} onComment={comments.startComment} /> : null}
        </div>
        {narrow ? null : <StudySide participants={participants} editor={editor} />}
        {versions.open ? (
          <div
            className="study-comments study-versions"
            onKeyDown={(event) => {
              if (event.key === "Escape" && !event.defaultPrevented && !window.matchMedia("(min-width: 80rem)").matches) {
                event.preventDefault();
                versions.setOpen(false);
              }
            }}
          >
            <LazyVersionsPanel id={versions.panelId} documentId={document.id} canFreeze={document.abilities.createVersion} onClose={() => versions.setOpen(false)} />
          </div>
        ) : (
          comments.panel
        )}
      </div>
      {dialog?.kind === "link" ? <LinkDialog editor={editor} onClose={() => closeDialog(editor)} /> : null}
      {dialog?.kind === "image" ? <ImageDialog editor={editor} documentId={document.id} onClose={() => closeDialog(editor)} /> : null}
    </section>
  );
}
