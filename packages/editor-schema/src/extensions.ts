import type { AnyExtension } from "@tiptap/core";
import { StarterKit } from "@tiptap/starter-kit";
import { TableKit } from "@tiptap/extension-table";
import { Image } from "@tiptap/extension-image";
import { VersionControl } from "./version-control";

/**
 * The content model of a study document: the TipTap extensions that define its schema. Web
 * and server both build their schema from this one list, so the server can seed, read and
 * export exactly what the editor writes. Editor-only behaviour (collaboration, carets,
 * placeholders) is added by the web app on top of it.
 */
export function studyExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      // Yjs has its own undo manager; ProseMirror's history would undo other people's edits.
      undoRedo: false,
      link: { openOnClick: false, autolink: true, defaultProtocol: "https", protocols: ["http", "https", "mailto"] },
    }),
    TableKit.configure({ table: { resizable: false } }),
    // Images are uploaded to the server and referenced by URL; data URLs are refused.
    Image.configure({ allowBase64: false, inline: false }),
    // The ficha's «control de versiones», read from the database where it is shown.
    VersionControl,
  ];
}

/** The Y.XmlFragment field TipTap's Collaboration extension uses by default. */
export const STUDY_FIELD = "default";
