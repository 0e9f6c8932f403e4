import type * as Y from "yjs";
import { RefusalReason } from "@taller/collab";
import type { DecodedUpdate, UpdateValidator } from "@taller/editor-schema/validation";

/**
 * Content validation of every writer's update, by document kind: studies (`doc.` rooms) against
 * the shared TipTap schema (as are meetings' actas, `acta.` rooms), canvases (`board.` rooms) against tldraw's record schema. The
 * validators (TipTap, tldraw's schema) are loaded on the first upgrade to a document of their
 * kind, not at start — a process that never opens a canvas never loads tldraw's schema — and
 * before that socket is attached, so the host's synchronous hook always has them.
 */
export interface ContentValidation {
  /** Loads the validator for `collabName`'s kind; await it before the socket joins the room. */
  prepare(collabName: string): Promise<void>;
  /** CollabHostOptions.validateUpdate. */
  validateUpdate(room: string, doc: Y.Doc, update: Uint8Array, decoded?: DecodedUpdate): string | null;
}

type Kind = "study" | "canvas";

function kindOf(room: string): Kind | null {
  // A meeting's acta is a study text (the same schema and editor).
  if (room.startsWith("doc.") || room.startsWith("acta.")) return "study";
  if (room.startsWith("board.")) return "canvas";
  return null;
}

export function createContentValidation(logger: { warn(message: string, context?: Record<string, unknown>): void }): ContentValidation {
  const loaded = new Map<Kind, UpdateValidator>();
  const loading = new Map<Kind, Promise<void>>();

  function load(kind: Kind): Promise<void> {
    let promise = loading.get(kind);
    if (promise === undefined) {
      promise = (
        kind === "study"
          ? import("@taller/editor-schema/validation").then((m): UpdateValidator => (doc, update, decoded) => m.validateStudyUpdate(doc, update, undefined, decoded))
          : import("@taller/editor-schema/canvas-validation").then((m) => m.validateCanvasUpdate)
      ).then(
        (validator) => void loaded.set(kind, validator),
        (error: unknown) => {
          loading.delete(kind); // the next upgrade tries again
          throw error;
        },
      );
      loading.set(kind, promise);
    }
    return promise;
  }

  return {
    async prepare(collabName) {
      const kind = kindOf(collabName);
      if (kind !== null && !loaded.has(kind)) await load(kind);
    },
    validateUpdate(room, doc, update, decoded) {
      const kind = kindOf(room);
      const validator = kind === null ? undefined : loaded.get(kind);
      // Unreachable while every socket is prepared before it joins; refusing keeps an
      // unchecked update out of the document if that ever breaks.
      if (validator === undefined) {
        logger.warn("update refused: no content validator for this room", { room });
        return RefusalReason.invalidContent;
      }
      let refusal;
      try {
        refusal = validator(doc, update, decoded);
      } catch (error) {
        // The update decoded (the host checked), so this is input the validator did not foresee:
        // keep it out of the document rather than let it through unchecked.
        logger.warn("update refused: the content validator failed on it", { room, error: error instanceof Error ? error.message : String(error) });
        return RefusalReason.invalidContent;
      }
      if (refusal === null) return null;
      logger.warn("update refused: invalid content", { room, detail: refusal.detail });
      return RefusalReason.invalidContent;
    },
  };
}
