// The acta of a meeting: the study editor's machinery (one DocumentSession on the room
// `acta.<meetingId>`, TipTap with the study schema, carets, presence, outline, save status) without
// what belongs to documents (comments, versions, images). The server seeds the room from the acta
// template and decides who writes: its access frame wins over the page's `editActa`, and once the
// meeting is sealed the room is read-only for every socket. Its own chunk (TipTap is large).
import "../editor/editor.css";
import "./strings";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { EditorContent, type Editor } from "@tiptap/react";
import { Collaboration } from "@tiptap/extension-collaboration";
import { CollaborationCaret } from "@tiptap/extension-collaboration-caret";
import { STUDY_FIELD, studyExtensions } from "@taller/editor-schema";
import { meetingsApi, type Meeting } from "../../api/meetings";
import { LoadingState } from "../../components/States";
import { colorFor, type DocumentSession } from "../../collab/document-session";
import { useDocumentAccess, useDocumentSession, useParticipants, useSessionEnd } from "../../collab/useDocumentSession";
import { UnsavedChangesList } from "../../components/UnsavedChanges";
import { addFeatureStrings } from "../../i18n";
import { useCurrentUser } from "../auth/authContext";
import { EditorToolbar } from "../editor/EditorToolbar";
import { LinkDialog } from "../editor/LinkDialog";
import { renderCaret } from "../editor/renderCaret";
import { StudySide, StudySideDrawer, useNarrowEditor, useStickyBarHeight } from "../editor/StudySide";
import { SaveStatusIndicator } from "../editor/SaveStatusIndicator";
import { useDocumentReady } from "../editor/useDocumentReady";
import { useStudyTextEditor } from "../editor/useStudyTextEditor";
import editorEs from "../editor/i18n/es-MX.json";
import editorEn from "../editor/i18n/en.json";

addFeatureStrings("editor", { "es-MX": editorEs, en: editorEn });

export default function ActaEditor({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation("meetings");
  const user = useCurrentUser();
  const probe = useMemo(() => () => meetingsApi.get(meeting.id), [meeting.id]);
  const session = useDocumentSession(meeting.actaCollabName, user, meeting.title, probe);
  const ended = useSessionEnd(session);
  if (!session) return <LoadingState label={t("acta.loading")} />;
  if (ended === "access_revoked") return <p className="muted">{t("page.notFoundHint")}</p>;
  const roleAllows = meeting.abilities.editActa && (meeting.status === "scheduled" || meeting.status === "in_progress");
  return (
    <ActaSession
      key={meeting.actaCollabName}
      session={session}
      meeting={meeting}
      roleAllows={roleAllows}
      user={{ name: user.name, org: user.org.shortName, color: colorFor(user.id) }}
    />
  );
}

function ActaSession({ session, meeting, roleAllows, user }: { session: DocumentSession; meeting: Meeting; roleAllows: boolean; user: { name: string; org: string; color: string } }) {
  const { t } = useTranslation("meetings");
  const ready = useDocumentReady(session);
  const { saveStatus, canEdit: connectionAllows, notStoredReason, unsaved } = useDocumentAccess(session, roleAllows);
  // The page's word (sealed, cancelled, not an author) is final even before the server's frame arrives.
  const canEdit = connectionAllows && roleAllows;
  const participants = useParticipants(session);
  const editable = canEdit && ready;
  const [linkOpener, setLinkOpener] = useState<Element | null | undefined>(undefined);
  const pageColumn = useRef<HTMLDivElement>(null);
  // Narrow screens: text first; who is here and the outline open from the bar as a drawer.
  const narrow = useNarrowEditor();
  const barRef = useStickyBarHeight<HTMLDivElement>();

  const extensions = useMemo(
    () => [...studyExtensions(), Collaboration.configure({ document: session.doc, field: STUDY_FIELD }), CollaborationCaret.configure({ provider: session.provider, user, render: renderCaret })],
    // Built once per session; the user's name reaches others through awareness.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [session],
  );

  const { editor, editorId, toolbarId, bannerId } = useStudyTextEditor({
    extensions,
    session,
    label: t("acta.label", { title: meeting.title }),
    editable,
    canEdit,
    className: "study-prose acta-prose",
  });

  function closeLink(current: Editor) {
    const opener = linkOpener;
    setLinkOpener(undefined);
    if (opener instanceof HTMLElement && opener.isConnected && !current.view.dom.contains(opener)) opener.focus();
    else if (!current.isDestroyed) current.commands.focus();
  }

  const readOnlyText = meeting.status === "sealed" ? t("acta.sealed") : meeting.status === "cancelled" ? t("acta.cancelled") : t("acta.readOnly");

  return (
    <section className="study-editor acta-editor" aria-label={t("acta.region", { title: meeting.title })} data-acta-editable={editable ? "true" : "false"}>
      {!canEdit ? (
        <div id={bannerId} className="study-readonly" role="note">
          <svg className="study-readonly-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M4 9h12v8H4z M7 9V6a3 3 0 0 1 6 0v3" fill="none" stroke="currentColor" strokeWidth="1.7" />
          </svg>
          <p>
            <strong>{readOnlyText}</strong>
          </p>
        </div>
      ) : null}
      {unsaved && notStoredReason ? (
        <section className="not-stored study-not-stored" aria-labelledby={`${bannerId}-unsaved`}>
          <p id={`${bannerId}-unsaved`} className="not-stored-intro">
            {t("acta.readOnly")}
          </p>
          <UnsavedChangesList summaries={[unsaved]} headingLevel={3} />
        </section>
      ) : null}
      <div className="study-bar" ref={barRef}>
        {canEdit ? (
          <EditorToolbar editor={editor} id={toolbarId} editorId={editorId} disabled={!editable} onOpenLink={() => setLinkOpener(window.document.activeElement)} versionControl={false} />
        ) : null}
        <div className="study-bar-end">
          {narrow ? <StudySideDrawer participants={participants} editor={editor} /> : null}
          <SaveStatusIndicator status={saveStatus} readOnly={!canEdit} />
        </div>
      </div>
      <div className="study-layout">
        <div className="study-page-column" ref={pageColumn}>
          {!ready ? <LoadingState label={t("acta.connecting")} /> : null}
          <article className="study-page" aria-busy={!ready || undefined}>
            <EditorContent editor={editor} />
          </article>
        </div>
        {narrow ? null : <StudySide participants={participants} editor={editor} />}
      </div>
      {linkOpener !== undefined ? <LinkDialog editor={editor} onClose={() => closeLink(editor)} /> : null}
    </section>
  );
}
