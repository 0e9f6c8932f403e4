import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useBlocker } from "react-router";
import { ConfirmDialog } from "./ConfirmDialog";

/**
 * Asks before a form with unsaved changes is left. While `dirty`, every navigation inside the app
 * (a tab of the workspace, «Ver resumen», a link, the browser's back button, logging out) stops
 * at a dialog: «Seguir editando» stays, «Descartar cambios» goes on. A reload or closing the tab
 * gets the browser's own question (beforeunload). Needs the app's data router (App.tsx).
 */
export function LeaveGuard({ dirty }: { dirty: boolean }) {
  const { t } = useTranslation();
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
  );

  useEffect(() => {
    if (!dirty) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers need returnValue set to show their question.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [dirty]);

  // Saved meanwhile (or the changes undone): a pending question has no reason left.
  useEffect(() => {
    if (blocker.state === "blocked" && !dirty) blocker.proceed();
  }, [blocker, dirty]);

  return (
    <ConfirmDialog
      open={blocker.state === "blocked"}
      title={t("leaveGuard.title")}
      body={t("leaveGuard.body")}
      cancelLabel={t("leaveGuard.stay")}
      confirmLabel={t("leaveGuard.discard")}
      onCancel={() => blocker.reset?.()}
      onConfirm={() => blocker.proceed?.()}
    />
  );
}
