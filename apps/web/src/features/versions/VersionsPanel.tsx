import "./strings";
import "./versions.css";
import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { VERSION_NAME_MAX_LENGTH, VERSION_NOTE_MAX_LENGTH } from "@taller/domain/versions";
import { useFreezeVersion, useVersions, type Version } from "../../api/versions";
import { ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { LoadingState } from "../../components/States";
import { useFormat } from "../../i18n/format";
import { reviewStatusText, reviewTone, shortHash, versionPath } from "./labels";

export type VersionsPanelProps = {
  documentId: string;
  /** The document's `abilities.createVersion` (the server decides; the panel only follows). */
  canFreeze: boolean;
  /** The panel element's id (for the toggle's aria-controls). */
  id?: string;
  onClose?: (() => void) | undefined;
};

/**
 * A document's versions (a complementary landmark beside the study or the canvas, placed by them
 * like the threads panel): «Congelar versión» for those who may (name and optional note, with what
 * freezing means), then every version newest first — number and name (a link to its page),
 * author with agency, date, note and the review status the server reports.
 */
export function VersionsPanel({ documentId, canFreeze, id, onClose }: VersionsPanelProps) {
  const { t } = useTranslation("versions");
  const titleId = useId();
  const versions = useVersions(documentId);
  const [freezing, setFreezing] = useState(false);
  const [done, setDone] = useState("");
  const freezeButton = useRef<HTMLButtonElement>(null);
  const list = versions.data?.versions ?? [];

  return (
    <aside id={id} className="versions-panel" aria-labelledby={titleId}>
      <div className="versions-panel-head">
        <h2 id={titleId} className="versions-panel-title">
          {t("panel.title")} {versions.data ? <span className="versions-panel-count">({list.length})</span> : null}
        </h2>
        {onClose ? (
          <button type="button" className="button button-ghost button-small versions-panel-close" onClick={onClose} aria-label={t("panel.close")}>
            <span aria-hidden="true">×</span>
          </button>
        ) : null}
      </div>
      <p className="versions-done" role="status">
        {done}
      </p>
      {canFreeze ? (
        freezing ? (
          <FreezeForm
            documentId={documentId}
            onDone={(version) => {
              setFreezing(false);
              setDone(t("freeze.done", { number: version.number, hash: shortHash(version.sha256) }));
              freezeButton.current?.focus();
            }}
            onCancel={() => {
              setFreezing(false);
              // The button is back after this render.
              requestAnimationFrame(() => freezeButton.current?.focus());
            }}
          />
        ) : (
          <button
            ref={freezeButton}
            type="button"
            className="button button-primary button-small versions-freeze-button"
            onClick={() => {
              setDone("");
              setFreezing(true);
            }}
          >
            {t("freeze.button")}
          </button>
        )
      ) : null}
      {versions.isPending ? (
        <LoadingState label={t("panel.loading")} />
      ) : versions.isError ? (
        <ErrorAlert error={versions.error} title={t("panel.loadError")} onRetry={() => void versions.refetch()} />
      ) : list.length === 0 ? (
        <div className="versions-empty">
          <p className="versions-empty-title">{t("panel.empty")}</p>
          <p className="muted small">{t("panel.emptyHint")}</p>
        </div>
      ) : (
        <ol className="versions-list" aria-label={t("panel.listLabel")}>
          {list.map((version) => (
            <VersionItem key={version.id} version={version} />
          ))}
        </ol>
      )}
    </aside>
  );
}

function VersionItem({ version }: { version: Version }) {
  const { t } = useTranslation("versions");
  const format = useFormat();
  return (
    <li className="versions-item" data-version-number={version.number}>
      <p className="versions-item-title">
        <Link to={versionPath(version.documentId, version.id)} aria-label={t("panel.openLabel", { number: version.number, name: version.name })}>
          <span className="versions-number">v{version.number}</span> {version.name}
        </Link>
      </p>
      <p className="versions-item-meta">
        <span>{t("panel.by", { name: version.createdBy.name, org: version.createdBy.org.shortName })}</span>
        <span aria-hidden="true"> · </span>
        <time dateTime={version.createdAt}>{format.dateTime(version.createdAt)}</time>
      </p>
      {version.note ? <p className="versions-item-note">{version.note}</p> : null}
      <p className="versions-item-review">
        <ReviewBadge review={version.latestReview} />
      </p>
    </li>
  );
}

/** The review status as a badge: words first, colour only repeats them. */
export function ReviewBadge({ review }: { review: Version["latestReview"] }) {
  const { t } = useTranslation("versions");
  return <span className={`versions-review versions-review-${reviewTone(review)}`}>{reviewStatusText(t, review)}</span>;
}

function FreezeForm({ documentId, onDone, onCancel }: { documentId: string; onDone: (version: { number: number; sha256: string }) => void; onCancel: () => void }) {
  const { t } = useTranslation("versions");
  const freeze = useFreezeVersion(documentId);
  const [name, setName] = useState("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<{ name?: string; note?: string }>({});
  const explainId = useId();
  const nameRef = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: { name?: string; note?: string } = {};
    if (name.trim() === "") next.name = t("freeze.nameRequired");
    else if (name.trim().length > VERSION_NAME_MAX_LENGTH) next.name = t("freeze.nameTooLong");
    if (note.trim().length > VERSION_NOTE_MAX_LENGTH) next.note = t("freeze.noteTooLong");
    setErrors(next);
    if (next.name || next.note) {
      if (next.name) nameRef.current?.focus();
      return;
    }
    freeze.mutate({ name: name.trim(), note: note.trim() || undefined }, { onSuccess: (version) => onDone(version) });
  }

  return (
    <form className="versions-freeze" onSubmit={submit} noValidate aria-describedby={explainId}>
      <p className="versions-freeze-title">{t("freeze.title")}</p>
      <p id={explainId} className="versions-freeze-explain">
        {t("freeze.explain")}
      </p>
      <Field label={t("freeze.name")} hint={t("freeze.nameHint")} error={errors.name} required>
        {(control) => (
          // The form opens on request: its first field takes the focus.
          <input {...control} ref={nameRef} type="text" autoFocus value={name} onChange={(e) => setName(e.target.value)} maxLength={VERSION_NAME_MAX_LENGTH + 20} />
        )}
      </Field>
      <Field label={t("freeze.note")} hint={t("freeze.noteHint")} error={errors.note} optional>
        {(control) => <textarea {...control} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      {freeze.isError ? <ErrorAlert error={freeze.error} /> : null}
      <div className="versions-freeze-actions">
        <button type="button" className="button button-secondary button-small" onClick={onCancel}>
          {t("freeze.cancel")}
        </button>
        <button type="submit" className="button button-primary button-small" disabled={freeze.isPending}>
          {freeze.isPending ? t("freeze.busy") : t("freeze.submit")}
        </button>
      </div>
    </form>
  );
}
