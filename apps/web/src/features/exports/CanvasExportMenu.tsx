import "./strings";
import { useCallback, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { Editor } from "tldraw";
import { ExportMenu } from "./ExportMenu";
import { CANVAS_FORMATS, canvasFileName, exportCanvas } from "./canvasExport";

/**
 * «Exportar» for a canvas (live or a version): SVG and PNG of every shape on the current page,
 * made by the mounted tldraw editor. Unavailable, with the reason, while the canvas loads or when
 * its page has no shapes.
 */
export function CanvasExportMenu({
  editor,
  title,
  version,
  align,
}: {
  editor: Editor | null;
  title: string;
  version?: { number: number; name: string };
  align?: "start" | "end";
}) {
  const { t } = useTranslation("exports");
  const count = useShapeCount(editor);
  const reason = !editor ? t("canvas.notReady") : count === 0 ? t("canvas.empty") : null;
  const entries = CANVAS_FORMATS.map((format) => ({
    key: format,
    label: t(`formats.${format}`),
    hint: t(`hints.${format}`),
    disabledReason: reason,
    run: () => {
      if (!editor) return Promise.reject(new Error("canvas not mounted"));
      return exportCanvas(editor, format, canvasFileName(title, version));
    },
  }));
  return <ExportMenu entries={entries} what={t(version ? "what.version" : "what.canvas")} align={align ?? "end"} className="canvas-export-menu" />;
}

/** How many shapes the page in view has, following the store (others' edits, a page change). */
function useShapeCount(editor: Editor | null): number {
  const subscribe = useCallback((changed: () => void) => (editor ? editor.store.listen(changed) : () => {}), [editor]);
  return useSyncExternalStore(subscribe, () => (editor ? editor.getCurrentPageShapeIds().size : 0));
}
