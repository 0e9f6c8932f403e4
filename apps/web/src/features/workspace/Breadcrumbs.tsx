import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export type Crumb = { label: string; to?: string };

/** "Cartera › EST-2026-001 › Documento": the portfolio is always the first step back. */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  const { t } = useTranslation("workspace");
  const all: Crumb[] = [{ label: t("workspace.portfolio"), to: "/" }, ...items];
  return (
    <nav aria-label={t("workspace.breadcrumbs")} className="breadcrumbs">
      <ol>
        {all.map((item, index) => {
          const last = index === all.length - 1;
          return (
            <li key={`${index}-${item.label}`}>
              {item.to ? (
                <Link to={item.to}>{item.label}</Link>
              ) : (
                <span aria-current={last ? "page" : undefined}>{item.label}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
