import type * as Y from "yjs";
import { getSchema, type JSONContent } from "@tiptap/core";
import type { Schema } from "@tiptap/pm/model";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { MarkdownManager } from "@tiptap/markdown";
import { STUDY_FIELD, studyExtensions } from "./extensions";
import { studyTemplate, type ProseMirrorJson, type TemplateLanguage } from "./template";
import { readStudyFragment } from "./study-reader";

/**
 * Server-side handling of study documents: seeding the template into a Y.Doc, reading a Y.Doc
 * back as ProseMirror JSON and exporting it as HTML or Markdown, all with the same schema the
 * editor uses.
 */
let schema: Schema | null = null;
export function studySchema(): Schema {
  schema ??= getSchema(studyExtensions());
  return schema;
}

/**
 * Writes the study template into an empty document's `default` fragment, in one transaction, with
 * its headings in `language` (the creator's UI language; Spanish by default).
 */
export function seedStudyTemplate(doc: Y.Doc, language: TemplateLanguage = "es-MX"): void {
  const fragment = doc.getXmlFragment(STUDY_FIELD);
  if (fragment.length > 0) return;
  doc.transact(() => prosemirrorJSONToYXmlFragment(studySchema(), studyTemplate(language), fragment));
}

/**
 * The document's content as ProseMirror JSON, always valid for the schema and read without
 * writing to the Y.Doc: what the schema cannot represent (documents stored before updates were
 * validated) is skipped and listed in `skipped` (see study-reader.ts).
 */
export function readStudy(doc: Y.Doc): { json: JSONContent; skipped: string[] } {
  let fragment: Y.XmlFragment;
  try {
    fragment = doc.getXmlFragment(STUDY_FIELD);
  } catch {
    // The root was defined as another type in this Y.Doc: nothing of it is a study.
    return { json: studySchema().topNodeType.createAndFill()!.toJSON() as JSONContent, skipped: [`root ${STUDY_FIELD} is not a fragment`] };
  }
  const { doc: node, skipped } = readStudyFragment(fragment, studySchema());
  return { json: node.toJSON() as JSONContent, skipped };
}

/** The document's content as ProseMirror JSON (see readStudy; what cannot be shown is skipped). */
export function studyJson(doc: Y.Doc): JSONContent {
  return readStudy(doc).json;
}

/**
 * Renders ProseMirror JSON as an HTML fragment (text is escaped by the serializer). The HTML
 * renderer brings a DOM implementation (happy-dom, ~15 MB of heap): it is loaded on the first
 * export, not by every server process, whose garbage-collection pauses grow with its heap.
 */
export async function studyHtml(json: JSONContent | ProseMirrorJson): Promise<string> {
  const { generateHTML } = await import("@tiptap/html/server");
  return generateHTML(json as JSONContent, studyExtensions());
}

let markdown: MarkdownManager | null = null;
/** Renders ProseMirror JSON as CommonMark (GFM tables). */
export function studyMarkdown(json: JSONContent | ProseMirrorJson): string {
  markdown ??= new MarkdownManager({ extensions: studyExtensions() });
  return markdown.serialize(json as JSONContent);
}

// Restoring a version as an edit of the live room (restore.ts).
export { restoreCanvasRecords, restoreStudyContent, sameJson, studyNodeOf } from "./restore";
