import { useTranslation } from "react-i18next";
import type { SaveStatus } from "../../collab/save-status";

/**
 * The truthful save status (server acknowledgements after COMMIT, see collab/save-status):
 * a polite live region, so changes are announced without interrupting typing.
 *
 * People who only read make no changes, and the server does not acknowledge what their client
 * sends, so they see the connection instead: whether what they read is live.
 */
export function SaveStatusIndicator({ status, readOnly }: { status: SaveStatus; readOnly: boolean }) {
  const { t } = useTranslation("editor");
  const online = status !== "offline";
  const tone = readOnly ? (online ? "saved" : "offline") : status;
  return (
    <p className={`study-save study-save-${tone}`} role="status" aria-live="polite" aria-atomic="true">
      <span className="study-save-dot" aria-hidden="true" />
      <span className="visually-hidden">{readOnly ? t("save.connectionLabel") : t("save.label")}: </span>
      {readOnly ? (online ? t("save.readerOnline") : t("save.readerOffline")) : t(`save.${status}`)}
    </p>
  );
}
