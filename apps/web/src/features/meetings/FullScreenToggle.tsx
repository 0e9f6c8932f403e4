import { useEffect, useState, type RefObject } from "react";
import { useTranslation } from "react-i18next";

/**
 * «Pantalla completa» for meeting mode on a projector: the meeting's screen (not the app's header
 * and footer) fills the display. The browser's own Escape leaves it too; the button follows the
 * real state through `fullscreenchange`. Not offered where the browser does not allow it (an
 * embedded frame without permission, some phones).
 */
export function FullScreenToggle({ target }: { target: RefObject<HTMLElement | null> }) {
  const { t } = useTranslation("meetings");
  const [active, setActive] = useState(() => document.fullscreenElement !== null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const onChange = () => setActive(document.fullscreenElement !== null && document.fullscreenElement === target.current);
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, [target]);

  if (!document.fullscreenEnabled) return null;

  const toggle = () => {
    setFailed(false);
    const request = active ? document.exitFullscreen() : target.current?.requestFullscreen();
    void request?.catch(() => setFailed(true));
  };

  return (
    <>
      <button type="button" className="button button-ghost button-small mode-fullscreen" aria-pressed={active} onClick={toggle}>
        {t("mode.fullScreen")}
      </button>
      {failed ? (
        <span className="mode-fullscreen-error" role="alert">
          {t("mode.fullScreenError")}
        </span>
      ) : null}
    </>
  );
}
