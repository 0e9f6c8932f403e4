import "./strings";
import "./comments.css";
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { bodyAsPlainText } from "@taller/domain/comment-text";
import { threadsExportUrl, useThreads, type CommentThread } from "../../api/comments";
import { useCurrentUser } from "../auth/authContext";
import { CommentError } from "./CommentError";
import { defaultFilters, filterOptions, groupThreads, hasActiveFilters, matchesFilters, type StatusFilter, type ThreadFilters } from "./filters";
import { useDocumentProjectId, useProjectPeople } from "./people";
import { ThreadView } from "./ThreadView";
import { useUnread } from "./useUnread";

export type ThreadsPanelProps = {
  documentId: string;
  /** The panel element's id (for the toggle's aria-controls). */
  id?: string;
  selectedId: string | null;
  /** A thread chosen in the panel (expanded), or null. */
  onSelect: (threadId: string | null) => void;
  /** Brings the thread's anchor into view in the document (text range, canvas pin). */
  onJump?: ((thread: CommentThread) => void) | undefined;
  jumpLabel?: string | undefined;
  /** Where the thread sits in the document, for document order; null when it has no place (orphaned). */
  position?: ((thread: CommentThread) => number | null) | undefined;
  /** Whether its anchor is gone (default: the server's `anchor.orphaned`). */
  isOrphaned?: ((thread: CommentThread) => boolean) | undefined;
  /** What the thread is anchored to, shown at its top (default: the quoted text). */
  describeAnchor?: ((thread: CommentThread) => ReactNode) | undefined;
  /** Heading and explanation of the orphaned group (default: deleted text). */
  orphanedGroup?: { title: string; hint: string } | undefined;
  /** The orphaned badge on a thread (default: deleted text). */
  orphanedLabel?: string | undefined;
  /** How to open a thread, shown when there is none (default: select text and choose «Comentar»). */
  emptyHint?: string | undefined;
  /** Told when the status filter changes (the canvas shows resolved threads' pins only while the panel lists them). */
  onStatusChange?: ((status: StatusFilter) => void) | undefined;
  /** A new thread's composer, shown at the top while one is being written. */
  composer?: ReactNode;
  onClose?: (() => void) | undefined;
  className?: string;
};

/**
 * The document's threads (a complementary landmark): filters (abiertos/resueltos, dependencia,
 * persona, «me mencionan»), threads in document order then the orphaned ones, «nuevo» markers,
 * exports, and a polite live region announcing comments that arrive from others.
 */
export function ThreadsPanel({
  documentId,
  id,
  selectedId,
  onSelect,
  onJump,
  jumpLabel,
  position,
  isOrphaned,
  describeAnchor,
  orphanedGroup,
  orphanedLabel,
  emptyHint,
  onStatusChange,
  composer,
  onClose,
  className,
}: ThreadsPanelProps) {
  const { t } = useTranslation("comments");
  const me = useCurrentUser();
  const titleId = useId();
  const filterId = useId();
  const threads = useThreads(documentId);
  const people = useProjectPeople(useDocumentProjectId(documentId));
  const unread = useUnread(me.id);
  const [filters, setFilters] = useState<ThreadFilters>(defaultFilters);
  useEffect(() => onStatusChange?.(filters.status), [filters.status, onStatusChange]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(selectedId ? [selectedId] : []));
  const [announcement, setAnnouncement] = useState("");
  const listRef = useRef<HTMLDivElement>(null);

  const all = useMemo(() => threads.data?.threads ?? [], [threads.data]);
  const orphaned = isOrphaned ?? ((thread: CommentThread) => thread.anchor.orphaned);
  // The selected thread stays in view even when a change (resolving it) takes it out of the filter.
  const visible = all.filter((thread) => thread.id === selectedId || matchesFilters(thread, filters, me.id));
  const groups = groupThreads(visible, position ?? (() => 0), orphaned);
  const options = filterOptions(all);
  const openCount = all.filter((thread) => thread.status === "open").length;
  const newCount = all.filter((thread) => unread.isNew(thread)).length;
  const selected = all.find((thread) => thread.id === selectedId);

  // A thread chosen elsewhere (its highlight, a deep link): expanded, shown even if filtered out,
  // scrolled into view and marked read.
  const { markRead } = unread;
  const [shownSelection, setShownSelection] = useState<string | null>(null);
  if (selected && shownSelection !== selected.id) {
    setShownSelection(selected.id);
    setExpanded((current) => (current.has(selected.id) ? current : new Set([...current, selected.id])));
    if (!matchesFilters(selected, filters, me.id)) setFilters({ ...defaultFilters, status: "all" });
  }
  useEffect(() => {
    if (!selected) return;
    markRead(selected);
    const card = listRef.current?.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(selected.id)}"]`);
    card?.scrollIntoView({ block: "nearest" });
  }, [selected, markRead]);

  // New comments by others, announced politely (not the first load, not one's own).
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!threads.data) return;
    const ids = new Set(threads.data.threads.flatMap((thread) => thread.comments.map((comment) => comment.id)));
    const before = known.current;
    known.current = ids;
    if (!before) return;
    const arrived = threads.data.threads.flatMap((thread) => thread.comments.filter((comment) => !before.has(comment.id) && comment.author.id !== me.id));
    if (arrived.length === 1) {
      const [comment] = arrived;
      setAnnouncement(t("live.newComment", { name: comment!.author.name, org: comment!.author.org.shortName, text: clip(bodyAsPlainText(comment!.body), 140) }));
    } else if (arrived.length > 1) {
      setAnnouncement(t("live.newComments", { count: arrived.length }));
    }
  }, [threads.data, me.id, t]);

  function toggle(thread: CommentThread) {
    const open = expanded.has(thread.id);
    setExpanded((current) => {
      const next = new Set(current);
      if (open) next.delete(thread.id);
      else next.add(thread.id);
      return next;
    });
    if (!open) {
      onSelect(thread.id);
      markRead(thread);
    } else if (selectedId === thread.id) onSelect(null);
  }

  function renderThread(thread: CommentThread) {
    const isOrphan = orphaned(thread);
    return (
      <li key={thread.id}>
        <ThreadView
          thread={thread}
          expanded={expanded.has(thread.id)}
          selected={thread.id === selectedId}
          onToggle={() => toggle(thread)}
          onJump={
            onJump && !isOrphan
              ? () => {
                  onSelect(thread.id);
                  markRead(thread);
                  onJump(thread);
                }
              : undefined
          }
          jumpLabel={jumpLabel}
          anchorLabel={describeAnchor?.(thread)}
          orphaned={isOrphan}
          orphanedLabel={orphanedLabel}
          isNew={unread.isNew(thread)}
          members={people.members}
          people={people.byId}
          onAnnounce={setAnnouncement}
        />
      </li>
    );
  }

  const filtered = hasActiveFilters(filters);

  return (
    <aside id={id} className={`comments-panel ${className ?? ""}`.trim()} aria-labelledby={titleId}>
      <header className="comments-panel-head">
        <h2 id={titleId} className="comments-panel-title">
          {t("panel.title")}
          <span className="comments-panel-count">
            {" "}
            {t("panel.openCount", { count: openCount })}
            {newCount > 0 ? (
              <>
                {" · "}
                <span className="comments-panel-new">{t("panel.newCount", { count: newCount })}</span>
              </>
            ) : null}
          </span>
        </h2>
        {onClose ? (
          <button type="button" className="button button-icon-only comments-panel-close" onClick={onClose} aria-label={t("panel.close")}>
            <span aria-hidden="true">×</span>
          </button>
        ) : null}
      </header>

      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>

      {composer}

      <form className="comments-filters" aria-label={t("filters.label")} onSubmit={(event) => event.preventDefault()}>
        <fieldset className="comments-status">
          <legend className="visually-hidden">{t("filters.status")}</legend>
          {(["open", "resolved", "all"] as const satisfies readonly StatusFilter[]).map((status) => (
            <label key={status} className={`comments-status-option${filters.status === status ? " is-checked" : ""}`}>
              <input type="radio" name={`${filterId}-status`} value={status} checked={filters.status === status} onChange={() => setFilters({ ...filters, status })} />
              <span>{t(`filters.${status}`)}</span>
            </label>
          ))}
        </fieldset>
        <div className="comments-filter-row">
          <label className="comments-filter">
            <span className="comments-filter-label">{t("filters.org")}</span>
            <select className="input input-small" value={filters.orgId} onChange={(event) => setFilters({ ...filters, orgId: event.target.value })}>
              <option value="">{t("filters.anyOrg")}</option>
              {options.orgs.map((org) => (
                <option key={org.id} value={org.id}>
                  {org.shortName} — {org.name}
                </option>
              ))}
            </select>
          </label>
          <label className="comments-filter">
            <span className="comments-filter-label">{t("filters.author")}</span>
            <select className="input input-small" value={filters.authorId} onChange={(event) => setFilters({ ...filters, authorId: event.target.value })}>
              <option value="">{t("filters.anyAuthor")}</option>
              {options.authors.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name} ({person.org.shortName})
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="comments-filter-row">
          <label className="comments-check">
            <input type="checkbox" checked={filters.mentionsMe} onChange={(event) => setFilters({ ...filters, mentionsMe: event.target.checked })} />
            <span>{t("filters.mentionsMe")}</span>
          </label>
          {filtered ? (
            <button type="button" className="button-link" onClick={() => setFilters(defaultFilters)}>
              {t("filters.clear")}
            </button>
          ) : null}
        </div>
        {filtered && threads.data ? <p className="muted small">{t("filters.showing", { count: visible.length, shown: visible.length, total: all.length })}</p> : null}
      </form>

      <div className="comments-list" ref={listRef}>
        {threads.isPending ? (
          <p className="muted" role="status">
            {t("panel.loading")}
          </p>
        ) : threads.isError && !threads.data ? (
          <>
            <p className="muted">{t("panel.loadError")}</p>
            <CommentError error={threads.error} />
          </>
        ) : all.length === 0 ? (
          <div className="comments-empty">
            <p>{t("panel.empty")}</p>
            <p className="muted small">{emptyHint ?? t("panel.emptyHint")}</p>
          </div>
        ) : visible.length === 0 ? (
          <p className="comments-empty muted">{t("panel.emptyFiltered")}</p>
        ) : (
          <>
            {groups.anchored.length > 0 ? (
              <section aria-label={t("panel.anchoredGroup")}>
                <ol className="comments-threads">{groups.anchored.map(renderThread)}</ol>
              </section>
            ) : null}
            {groups.orphaned.length > 0 ? (
              <section className="comments-orphaned" aria-labelledby={`${titleId}-orphaned`}>
                <h3 id={`${titleId}-orphaned`} className="comments-group-title">
                  {orphanedGroup?.title ?? t("panel.orphanedGroup")}
                </h3>
                <p className="muted small">{orphanedGroup?.hint ?? t("panel.orphanedHint")}</p>
                <ol className="comments-threads">{groups.orphaned.map(renderThread)}</ol>
              </section>
            ) : null}
          </>
        )}
      </div>

      {all.length > 0 ? (
        <nav className="comments-export" aria-label={t("export.label")}>
          <span className="comments-export-label" aria-hidden="true">
            {t("export.label")}:
          </span>
          {(["csv", "json", "md"] as const).map((format) => (
            <a key={format} className="button button-secondary button-small" href={threadsExportUrl(documentId, format)} download aria-label={t(`export.${format}Label`)}>
              {t(`export.${format}`)}
            </a>
          ))}
        </nav>
      ) : null}
    </aside>
  );
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
