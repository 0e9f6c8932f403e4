// Restoring a version from the web app, as an edit its author can undo: the version page sends the
// person to the live document with the request in the navigation state; the document's editor
// (study or canvas) applies the version's content as a LOCAL edit (TipTap setContent → y-tiptap's
// minimal Yjs edit, tracked by its UndoManager; tldraw store changes recorded in its history,
// pushed to Yjs by the binding), waits until the server acknowledged it (the save status says
// «Guardado»), then calls POST /restore, which finds nothing left to change (changed:false) and
// audits it. Only then does the page say «Versión vN restaurada. Deshacer: Ctrl+Z».
import "./strings";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { versionQueries, versionsApi } from "../../api/versions";
import { queryKeys } from "../../api/keys";
import { Alert } from "../../components/Alert";
import { describeError } from "../../components/errors";
import { isRefusal, type SaveTracker } from "../../collab/save-status";

/** What the version page puts in the navigation state of the document page. */
export type RestoreRequest = { versionId: string; number: number };
const STATE_KEY = "restoreVersion";

export function restoreState(request: RestoreRequest): Record<string, RestoreRequest> {
  return { [STATE_KEY]: request };
}

/** How long the restore waits for the server to store the edit before saying it did not. */
const SAVE_WAIT_MS = 30_000;

/**
 * Resolves true once the save status is «Guardado» after a local edit (every message acknowledged
 * and the committed state covering the document), false on a standing refusal or after SAVE_WAIT_MS.
 */
export function whenSaved(save: SaveTracker): Promise<boolean> {
  return new Promise((resolve) => {
    // The tracker recomputes in a microtask after the edit: look only after it did.
    setTimeout(() => {
      let unsubscribe = () => {};
      const timer = setTimeout(() => finish(false), SAVE_WAIT_MS);
      const finish = (saved: boolean) => {
        clearTimeout(timer);
        unsubscribe();
        resolve(saved);
      };
      const check = () => {
        const { status } = save.current;
        if (status === "saved") finish(true);
        else if (isRefusal(status)) finish(false);
      };
      unsubscribe = save.subscribe(check);
      check();
    }, 0);
  });
}

type Phase = { kind: "applying" | "waiting" | "done" } | { kind: "failed"; reason: string };

/**
 * Takes a restore request from the navigation state (once: the state is cleared, so a reload does
 * not restore again) and runs it when the editor is ready and may write. `apply` makes the local
 * edit from the version's content and throws when it cannot.
 */
export function useRestoreOnArrival({
  ready,
  canEdit,
  save,
  apply,
}: {
  ready: boolean;
  canEdit: boolean;
  save: SaveTracker | null;
  apply: (content: unknown) => void;
}) {
  const { t } = useTranslation("versions");
  const { t: tCommon } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [request] = useState<RestoreRequest | null>(() => ((location.state as Record<string, unknown> | null)?.[STATE_KEY] as RestoreRequest | undefined) ?? null);
  const [phase, setPhase] = useState<Phase | null>(null);
  const started = useRef(false);
  const applyRef = useRef(apply);
  useEffect(() => {
    applyRef.current = apply;
  }, [apply]);

  // Forget the request in the history entry at once: reloading or going back must not restore again.
  useEffect(() => {
    if (request) void navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
    // Once, on arrival.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!request || started.current || !ready || !save) return;
    started.current = true;
    void (async () => {
      if (!canEdit) {
        setPhase({ kind: "failed", reason: t("restore.readOnly") });
        return;
      }
      try {
        setPhase({ kind: "applying" });
        const version = await queryClient.fetchQuery(versionQueries.one(request.versionId));
        applyRef.current(version.content);
        setPhase({ kind: "waiting" });
        if (!(await whenSaved(save))) {
          setPhase({ kind: "failed", reason: t("restore.notSaved") });
          return;
        }
        await versionsApi.restore(request.versionId);
        void queryClient.invalidateQueries({ queryKey: queryKeys.versions(version.documentId) });
        setPhase({ kind: "done" });
      } catch (error) {
        const reason = error instanceof Error && error.message === "canvas_incompatible" ? t("restore.canvasIncompatible") : describeError(tCommon, error).message;
        setPhase({ kind: "failed", reason });
      }
    })();
  }, [request, ready, canEdit, save, queryClient, t, tCommon]);

  const notice =
    request && phase ? (
      <Alert tone={phase.kind === "failed" ? "error" : phase.kind === "done" ? "success" : "info"} className="restore-notice">
        <p>
          {phase.kind === "failed" ? t("restore.failed", { number: request.number, reason: phase.reason }) : t(`restore.${phase.kind}`, { number: request.number })}
        </p>
        {phase.kind === "done" || phase.kind === "failed" ? (
          <button type="button" className="button button-ghost button-small" onClick={() => setPhase(null)}>
            {t("restore.dismiss")}
          </button>
        ) : null}
      </Alert>
    ) : null;

  return { notice, restoring: phase?.kind === "applying" || phase?.kind === "waiting" };
}
