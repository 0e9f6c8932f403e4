import type * as Y from "yjs";

/** Why an update was refused: it would break the document's shape for its kind. */
export type ContentRefusal = { reason: "invalid_content"; detail: string };

/** Checks an update against a document BEFORE it is applied; never modifies the document. */
export type UpdateValidator = (doc: Y.Doc, update: Uint8Array) => ContentRefusal | null;
