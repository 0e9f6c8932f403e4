// A canvas as SVG or PNG, made in the browser by tldraw itself (the server has no renderer for
// tldraw's shapes). Only tldraw's types are imported: the editor passed in is the page's own, so
// this module adds nothing to the pages that do not show a canvas.
import type { Editor } from "tldraw";

export type CanvasFormat = "svg" | "png";
export const CANVAS_FORMATS: readonly CanvasFormat[] = ["svg", "png"];

/**
 * Every shape of the page the person is looking at, on the canvas's light background (a file for
 * printing or a report, whatever the screen's theme). tldraw inlines the fonts into the SVG from
 * the asset URLs the canvas was given (@tldraw/assets, served by Taller: no request leaves the
 * network) and images through the document's asset store.
 */
export async function exportCanvas(editor: Editor, format: CanvasFormat, fileName: string): Promise<string> {
  const shapes = [...editor.getCurrentPageShapeIds()];
  if (shapes.length === 0) throw new Error("the canvas page has no shapes");
  const options = { background: true, darkMode: false, padding: 32 } as const;
  let blob: Blob;
  if (format === "svg") {
    const result = await editor.getSvgString(shapes, options);
    if (!result) throw new Error("tldraw made no SVG");
    blob = new Blob([result.svg], { type: "image/svg+xml" });
  } else {
    // scale 1 × tldraw's default pixelRatio of 2 for bitmaps: twice the screen size, sharp when
    // printed; a larger scale multiplies again and big drawings would pass the browser's canvas limit.
    ({ blob } = await editor.toImage(shapes, { ...options, format: "png", scale: 1 }));
  }
  const name = `${fileName}.${format}`;
  saveBlob(blob, name);
  return name;
}

/** A file name from the document's title (and the version's), without characters file systems refuse. */
export function canvasFileName(title: string, version?: { number: number; name: string }): string {
  const base = version ? `${title} — v${version.number} ${version.name}` : title;
  const clean = [...base]
    // Control characters (never valid in a file name) as spaces; the characters Windows refuses as dashes.
    .map((char) => (char.charCodeAt(0) < 32 || char.charCodeAt(0) === 127 ? " " : char))
    .join("")
    .replace(/[\\/:*?"<>|]+/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  return clean.slice(0, 150) || "lienzo";
}

/** Hands a file made here to the browser's download (the same as following a download link). */
function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = window.document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  window.document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the bytes once the click's task ends; the URL is released after.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
