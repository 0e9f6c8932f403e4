import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ApiClient } from "./api-client";

/**
 * Reading exported files back the way a person's tools would: PDFs through poppler
 * (`pdftotext`, `pdfimages`; .ci/run installs poppler-utils), ZIP and DOCX through `unzip`.
 */

const work = mkdtempSync(join(tmpdir(), "taller-exports-"));
let counter = 0;
const tempFile = (ext: string, bytes: Uint8Array): string => {
  const file = join(work, `f${++counter}.${ext}`);
  writeFileSync(file, bytes);
  return file;
};

/** The bytes of a GET, with status and headers. */
export async function download(as: ApiClient, path: string) {
  const res = await as.fetch(path);
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The text of a PDF, laid out (`pdftotext -layout`, UTF-8). */
export function pdfText(bytes: Uint8Array): string {
  return execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", tempFile("pdf", bytes), "-"], { encoding: "utf8" });
}

/** The words of a PDF in reading order (no layout: table cells one after another), whitespace collapsed. */
export function pdfWords(bytes: Uint8Array): string {
  return execFileSync("pdftotext", ["-enc", "UTF-8", tempFile("pdf", bytes), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
}

/** How many images a PDF embeds (`pdfimages -list`: two header lines, then one line per image). */
export function pdfImageCount(bytes: Uint8Array): number {
  return execFileSync("pdfimages", ["-list", tempFile("pdf", bytes)], { encoding: "utf8" }).trim().split("\n").length - 2;
}

/** The files of a ZIP (or DOCX), by path, extracted with `unzip`. */
export function unzip(bytes: Uint8Array): Map<string, Buffer> {
  const dir = mkdtempSync(join(work, "zip-"));
  writeFileSync(join(dir, "file.zip"), bytes);
  execFileSync("unzip", ["-q", "file.zip", "-d", "out"], { cwd: dir });
  const out = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, "out", rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else out.set(path, readFileSync(join(dir, "out", path)));
    }
  };
  walk("");
  return out;
}
