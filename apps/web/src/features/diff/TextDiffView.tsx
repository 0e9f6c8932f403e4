// The study diff: a summary line, the sections that changed (each jumps to its place), and the
// later reading with insertions (<ins>) and deletions (<del>) inline. Long unchanged stretches
// fold behind a «Mostrar N párrafos sin cambios» button. Meaning never rests on colour alone:
// ins/del elements, a hidden «inserción/eliminación» label for screen readers, struck-through and
// underlined text, and a written status beside each changed block.
import { Fragment, useId, useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { DiffBlock, DiffSection, TextVersionDiff } from "../../api/diffs";

/** Unchanged stretches longer than this fold. */
const FOLD_AT = 3;

type Item = { kind: "block"; index: number } | { kind: "fold"; start: number; count: number };

/** Which blocks show: every change, its neighbours, the headings of changed sections; the rest folds. */
function layout(blocks: DiffBlock[], sections: DiffSection[]): Item[] {
  const pinned = blocks.map((b, i) => {
    if (b.status !== "same") return true;
    if (sections[b.section]?.start === i && sections[b.section]?.status !== "same") return true;
    return blocks[i - 1]?.status !== undefined && blocks[i - 1]!.status !== "same" ? true : blocks[i + 1]?.status !== undefined && blocks[i + 1]!.status !== "same";
  });
  const items: Item[] = [];
  for (let i = 0; i < blocks.length; ) {
    if (pinned[i]) {
      items.push({ kind: "block", index: i++ });
      continue;
    }
    let j = i;
    while (j < blocks.length && !pinned[j]) j++;
    if (j - i > FOLD_AT) items.push({ kind: "fold", start: i, count: j - i });
    else for (let k = i; k < j; k++) items.push({ kind: "block", index: k });
    i = j;
  }
  return items;
}

export function TextDiffView({ diff }: { diff: TextVersionDiff }) {
  const { t } = useTranslation("diff");
  const idBase = useId();
  const blockId = (index: number) => `${idBase}-b${index}`;
  const items = useMemo(() => layout(diff.blocks, diff.sections), [diff]);
  const [open, setOpen] = useState<Set<number>>(() => new Set());
  const { summary } = diff;
  const changedSections = diff.sections.map((s, i) => ({ s, i })).filter(({ s }) => s.status !== "same");
  const nothing = changedSections.length === 0;

  const jump = (index: number) => {
    const target = document.getElementById(blockId(index));
    if (!target) return;
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  };

  return (
    <div className="diff-text">
      <section className="diff-summary" aria-labelledby={`${idBase}-summary`}>
        <h2 id={`${idBase}-summary`} className="diff-subtitle">
          {t("text.summary")}
        </h2>
        {nothing ? (
          <p>{t("nothing")}</p>
        ) : (
          <>
            <p className="diff-summary-line" data-testid="diff-summary">
              <span>{t("text.words", { inserted: summary.insertedWords, deleted: summary.deletedWords })}</span>
              <span aria-hidden="true"> · </span>
              <span>{t("text.blocks", { changed: summary.blocksChanged, added: summary.blocksAdded, removed: summary.blocksRemoved })}</span>
              <span aria-hidden="true"> · </span>
              <span>{t("text.sectionsCount", { count: summary.sectionsChanged })}</span>
            </p>
            {summary.headingsRenamed.length > 0 ? (
              <p>{t("text.headingsRenamed", { list: summary.headingsRenamed.map((r) => t("text.renamed", r)).join("; ") })}</p>
            ) : null}
            {summary.headingsAdded.length > 0 ? <p>{t("text.headingsAdded", { list: summary.headingsAdded.join("; ") })}</p> : null}
            {summary.headingsRemoved.length > 0 ? <p>{t("text.headingsRemoved", { list: summary.headingsRemoved.join("; ") })}</p> : null}
            <nav aria-label={t("text.sections")} className="diff-sections">
              <h3 className="diff-minor-title">{t("text.sections")}</h3>
              <ul>
                {changedSections.map(({ s, i }) => (
                  <li key={i}>
                    <a
                      href={`#${blockId(s.start)}`}
                      onClick={(event) => {
                        event.preventDefault();
                        // A section inside a fold opens it first.
                        setOpen((current) => new Set([...current, ...foldsCovering(items, s.start)]));
                        requestAnimationFrame(() => jump(s.start));
                      }}
                    >
                      {s.heading ?? t("text.preamble")}
                    </a>{" "}
                    <span className="diff-section-counts">
                      <span aria-hidden="true">{t("text.sectionCounts", { inserted: s.insertedWords, deleted: s.deletedWords })}</span>
                      <span className="visually-hidden">{t("text.sectionCountsLabel", { inserted: s.insertedWords, deleted: s.deletedWords })}</span>
                      {s.status === "added" || s.status === "removed" ? <span className={`diff-status diff-status-${s.status}`}>{t(`text.status.${s.status}`)}</span> : null}
                    </span>
                  </li>
                ))}
              </ul>
            </nav>
          </>
        )}
      </section>
      <section className="diff-document" aria-label={t("text.document")}>
        {items.map((item) =>
          item.kind === "block" ? (
            <Block key={item.index} id={blockId(item.index)} block={diff.blocks[item.index]!} />
          ) : open.has(item.start) ? (
            <Fragment key={`f${item.start}`}>
              {diff.blocks.slice(item.start, item.start + item.count).map((block, k) => (
                <Block key={item.start + k} id={blockId(item.start + k)} block={block} />
              ))}
            </Fragment>
          ) : (
            <p key={`f${item.start}`} className="diff-fold">
              <button
                type="button"
                className="button button-secondary button-small"
                aria-expanded="false"
                onClick={() => setOpen((current) => new Set([...current, item.start]))}
              >
                {t("text.showUnchanged", { count: item.count })}
              </button>
            </p>
          ),
        )}
      </section>
    </div>
  );
}

function foldsCovering(items: Item[], index: number): number[] {
  return items.flatMap((item) => (item.kind === "fold" && index >= item.start && index < item.start + item.count ? [item.start] : []));
}

function Parts({ block }: { block: DiffBlock }) {
  const { t } = useTranslation("diff");
  const parts = block.parts.filter((p) => p.text !== "");
  if (parts.length === 0) return <span className="diff-empty">{t("text.emptyParagraph")}</span>;
  return (
    <>
      {parts.map((part, i) =>
        part.type === "same" ? (
          <Fragment key={i}>{part.text}</Fragment>
        ) : part.type === "inserted" ? (
          <ins key={i} className="diff-ins">
            <span className="visually-hidden">{t("inserted")}</span>
            {part.text}
            <span className="visually-hidden">{t("insertedEnd")}</span>
          </ins>
        ) : (
          <del key={i} className="diff-del">
            <span className="visually-hidden">{t("deleted")}</span>
            {part.text}
            <span className="visually-hidden">{t("deletedEnd")}</span>
          </del>
        ),
      )}
    </>
  );
}

/** One block as the document shows it, marked with its status in words when it changed. */
function Block({ block, id }: { block: DiffBlock; id: string }) {
  const { t } = useTranslation("diff");
  const status = block.status !== "same" ? <span className={`diff-status diff-status-${block.status}`}>{t(`text.status.${block.status}`)}</span> : null;
  const className = `diff-block diff-block-${block.type} diff-block-${block.status}${block.quote ? " diff-block-quote" : ""}`;
  let body: ReactNode;
  switch (block.type) {
    case "heading": {
      const level = Math.min(6, Math.max(3, (block.level ?? 2) + 1));
      const Tag = `h${level}` as "h3" | "h4" | "h5" | "h6";
      return (
        <Tag id={id} tabIndex={-1} className={className} data-status={block.status}>
          {status}
          <Parts block={block} />
        </Tag>
      );
    }
    case "listItem":
      body = (
        <>
          <span className="diff-bullet" aria-hidden="true" style={{ marginInlineStart: `${((block.level ?? 1) - 1) * 1.25}rem` }}>
            {block.list === "ordered" ? "#" : "•"}
          </span>
          <Parts block={block} />
        </>
      );
      break;
    case "tableCell":
      body = (
        <>
          <span className="diff-cell-label">
            {t("text.cell", { table: (block.table?.index ?? 0) + 1, row: (block.table?.row ?? 0) + 1, col: (block.table?.col ?? 0) + 1 })}
          </span>
          <Parts block={block} />
        </>
      );
      break;
    case "rule":
      return <hr id={id} tabIndex={-1} className={className} />;
    default:
      body = <Parts block={block} />;
  }
  const Tag = block.type === "code" ? "pre" : "div";
  return (
    <Tag id={id} tabIndex={-1} className={className} data-status={block.status}>
      {status}
      {body}
    </Tag>
  );
}
