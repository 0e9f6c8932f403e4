import { useTranslation } from "react-i18next";
import { toneOf, type SaveStatus } from "../../collab/save-status";

/**
 * The save status computed from the server's acknowledgements and committed state (see
 * collab/save-status): a polite live region, so changes are announced without interrupting typing.
 *
 * People who only read see the connection instead (whether what they read is live), unless the
 * server refused changes of theirs (a role lowered while they typed): then they are told so.
 */
export function SaveStatusIndicator({ status, readOnly }: { status: SaveStatus; readOnly: boolean }) {
  const { t } = useTranslation("editor");
  const refused = toneOf(status) === "refused";
  const showsConnection = readOnly && !refused;
  const online = status !== "offline";
  const tone = showsConnection ? (online ? "saved" : "offline") : toneOf(status);
  return (
    <p className={`study-save study-save-${tone}`} role="status" aria-live="polite" aria-atomic="true" data-save-status={status}>
      <span className="study-save-dot" aria-hidden="true" />
      <span className="visually-hidden">{showsConnection ? t("save.connectionLabel") : t("save.label")}: </span>
      {showsConnection ? (online ? t("save.readerOnline") : t("save.readerOffline")) : t(`save.${status}`)}
    </p>
  );
}
