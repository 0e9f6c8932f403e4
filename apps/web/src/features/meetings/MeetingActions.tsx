import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMeetingMutation, type Meeting } from "../../api/meetings";
import { ErrorAlert } from "../../components/Alert";
import { ConfirmDialog } from "../../components/ConfirmDialog";

/** «Iniciar sesión de trabajo» (managers, while scheduled). `short` in meeting mode: «Iniciar». */
export function StartButton({ meeting, short = false }: { meeting: Meeting; short?: boolean }) {
  const { t } = useTranslation("meetings");
  const start = useMeetingMutation("start", meeting.id);
  if (!meeting.abilities.manage || meeting.status !== "scheduled") return null;
  return (
    <div className="meeting-action">
      <button type="button" className="button button-primary" disabled={start.isPending} onClick={() => start.mutate()} title={t("start.hint")}>
        {start.isPending ? t("start.starting") : short ? t("start.short") : t("start.button")}
      </button>
      {start.isError ? <ErrorAlert error={start.error} title={t("start.error")} /> : null}
    </div>
  );
}

/**
 * «Cerrar y sellar acta» (managers, while in progress), after a confirmation that says it cannot
 * be undone. The page says «sellada» only from the server's answer (the meeting it returns).
 */
export function CloseButton({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation("meetings");
  const close = useMeetingMutation("close", meeting.id);
  const [confirming, setConfirming] = useState(false);
  if (!meeting.abilities.manage || meeting.status !== "in_progress") return null;
  return (
    <div className="meeting-action">
      <button type="button" className="button button-danger" aria-haspopup="dialog" onClick={() => setConfirming(true)}>
        {t("close.button")}
      </button>
      {close.isError ? <ErrorAlert error={close.error} title={t("close.error")} /> : null}
      <ConfirmDialog
        open={confirming}
        title={t("close.title")}
        body={t("close.body")}
        confirmLabel={close.isPending ? t("close.sealing") : t("close.confirm")}
        busy={close.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => close.mutate(undefined, { onSettled: () => setConfirming(false) })}
      />
    </div>
  );
}

/** «Cancelar la sesión» (managers, before it is sealed). */
export function CancelButton({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation("meetings");
  const cancel = useMeetingMutation("cancel", meeting.id);
  const [confirming, setConfirming] = useState(false);
  if (!meeting.abilities.manage || (meeting.status !== "scheduled" && meeting.status !== "in_progress")) return null;
  return (
    <div className="meeting-action">
      <button type="button" className="button button-ghost" aria-haspopup="dialog" onClick={() => setConfirming(true)}>
        {t("cancel.button")}
      </button>
      {cancel.isError ? <ErrorAlert error={cancel.error} title={t("cancel.error")} /> : null}
      <ConfirmDialog
        open={confirming}
        title={t("cancel.title")}
        body={t("cancel.body")}
        confirmLabel={t("cancel.confirm")}
        cancelLabel={t("cancel.keep")}
        busy={cancel.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => cancel.mutate(undefined, { onSettled: () => setConfirming(false) })}
      />
    </div>
  );
}
