import { useTranslation } from "react-i18next";
import type { PortfolioView } from "./filters";

/** Table / board / map / dashboard switch: two toggle buttons (aria-pressed), like the language switch. */
export function ViewToggle({ view, onChange }: { view: PortfolioView; onChange: (view: PortfolioView) => void }) {
  const { t } = useTranslation("workspace");
  const options: { value: PortfolioView; label: string; icon: string }[] = [
    { value: "table", label: t("board.viewTable"), icon: "M3 5h18M3 10h18M3 15h18M3 20h18" },
    { value: "board", label: t("board.viewBoard"), icon: "M4 4h4v16H4zM10 4h4v10h-4zM16 4h4v13h-4z" },
    { value: "map", label: t("board.viewMap"), icon: "M9 4 3 6v14l6-2 6 2 6-2V4l-6 2-6-2zM9 4v14M15 6v14" },
    { value: "dashboard", label: t("board.viewDashboard"), icon: "M4 20V10M10 20V4M16 20v-7M21 20H3" },
  ];
  return (
    <div className="view-toggle" role="group" aria-label={t("board.viewLabel")}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          className="view-option"
          aria-pressed={view === option.value}
          onClick={() => {
            if (view !== option.value) onChange(option.value);
          }}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="view-icon">
            <path d={option.icon} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" strokeLinecap="round" />
          </svg>
          {option.label}
        </button>
      ))}
    </div>
  );
}
