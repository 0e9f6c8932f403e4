import type * as Y from "yjs";

/** Why an update was refused: it would break the document's shape for its kind. */
export type ContentRefusal = { reason: "invalid_content"; detail: string };

export const refuse = (detail: string): ContentRefusal => ({ reason: "invalid_content", detail });

/** `Y.decodeUpdate(update)`: a caller that already decoded the update passes it on (read-only). */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/**
 * Checks an update against a document BEFORE it is applied; never modifies the document.
 * `decoded`, when given, must be `Y.decodeUpdate(update)`; without it the validator decodes.
 */
export type UpdateValidator = (doc: Y.Doc, update: Uint8Array, decoded?: DecodedUpdate) => ContentRefusal | null;
