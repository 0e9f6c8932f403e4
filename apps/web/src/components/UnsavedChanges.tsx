import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { UnsavedSummary } from "../collab/local-copies";
import { ConfirmDialog } from "./ConfirmDialog";

/**
 * Changes this browser holds that the server has not stored, listed so a person can read and
 * copy them: the text typed into a study (per paragraph), the shapes added or changed on a canvas.
 */
export function UnsavedChangesList({ summaries, headingLevel = 3 }: { summaries: UnsavedSummary[]; headingLevel?: 3 | 4 }) {
  const { t } = useTranslation();
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <div className="unsaved">
      {summaries.map((summary) => (
        <section key={summary.collabName} className="unsaved-document" aria-label={documentLabel(t, summary)} tabIndex={0}>
          <Heading className="unsaved-title">{documentLabel(t, summary)}</Heading>
          {summary.items.length > 0 ? (
            <ul className="unsaved-items">
              {summary.items.map((item, index) => (
                <li key={index}>{itemText(t, item)}</li>
              ))}
            </ul>
          ) : null}
          {summary.other ? <p className="unsaved-other">{t("unsaved.other")}</p> : null}
        </section>
      ))}
      <CopyButton text={copyText(t, summaries)} />
    </div>
  );
}

function documentLabel(t: TFunction, summary: UnsavedSummary): string {
  const kind = t(summary.kind === "text" ? "unsaved.kindText" : "unsaved.kindCanvas");
  return summary.title ? `${kind}: ${summary.title}` : kind;
}

type Item = UnsavedSummary["items"][number];

function itemText(t: TFunction, item: Item): string {
  if (item.kind === "text") return `«${item.text}»`;
  const type = t(`unsaved.shapes.${item.type}`, { defaultValue: t("unsaved.shapes.other") });
  return item.text ? `${type}: «${item.text}»` : type;
}

/** Plain text for the clipboard: every document with its changes, one per line. */
export function copyText(t: TFunction, summaries: UnsavedSummary[]): string {
  return summaries
    .map((summary) => {
      const lines = summary.items.map((item) => (item.kind === "text" ? item.text : itemText(t, item)));
      if (summary.other) lines.push(t("unsaved.other"));
      return [documentLabel(t, summary), ...lines].join("\n");
    })
    .join("\n\n");
}

/** Copies to the clipboard; on plain http (no Clipboard API) through a selected, hidden textarea. */
async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    try {
      return document.execCommand("copy");
    } finally {
      area.remove();
    }
  }
}

function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <div className="unsaved-copy">
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={() => void writeClipboard(text).then((ok) => setResult(ok ? "copied" : "failed"))}
      >
        {t("unsaved.copy")}
      </button>
      <span role="status" className="small muted">
        {result === "copied" ? t("unsaved.copied") : result === "failed" ? t("unsaved.copyFailed") : ""}
      </span>
    </div>
  );
}

type DialogProps = {
  open: boolean;
  title: string;
  intro: string;
  summaries: UnsavedSummary[];
  confirmLabel: string;
  cancelLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
};

/**
 * Before a copy is deleted (logout, loss of access): what it holds that is not stored, with a
 * copy button, and a clear choice (a ConfirmDialog; the safe choice takes focus first).
 */
export function UnsavedChangesDialog({ intro, summaries, ...confirm }: DialogProps) {
  return (
    <ConfirmDialog {...confirm} body={intro} className="unsaved-dialog">
      <UnsavedChangesList summaries={summaries} />
    </ConfirmDialog>
  );
}
