// «N revisión(es) pendiente(s)» on a portfolio row or card: words, not a colour. Small on purpose:
// the portfolio imports it and nothing else of the reviews screens (its few words are the app's own,
// under "portfolio.pending", so the portfolio does not load the reviews strings).
import "./pending.css";
import { useTranslation } from "react-i18next";
import { usePendingReviews } from "../../api/reviews";

/** Pending rounds per project id, from the reader's pending rounds (["pendingReviews"]). */
export function usePendingByProject(): { counts: ReadonlyMap<string, number>; loaded: boolean } {
  const pending = usePendingReviews();
  const counts = new Map<string, number>();
  for (const review of pending.data?.reviews ?? []) counts.set(review.projectId, (counts.get(review.projectId) ?? 0) + 1);
  return { counts, loaded: Boolean(pending.data) };
}

export function PendingReviewsBadge({ count }: { count: number }) {
  const { t } = useTranslation();
  if (count <= 0) return null;
  return (
    <span className="badge review-pending-badge">
      {t("portfolio.pending.badge", { count })}
      <span className="visually-hidden"> {t("portfolio.pending.forYou")}</span>
    </span>
  );
}

/** The «Pendiente para mí» switch of the portfolio (a checkbox; the list is filtered in the browser). */
export function PendingOnlyToggle({ checked, total, onChange }: { checked: boolean; total: number | null; onChange: (checked: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <label className="checkbox pending-only-toggle" title={t("portfolio.pending.filterHint")}>
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>
        {t("portfolio.pending.filter")}
        {total !== null ? <span className="pending-only-count"> ({total})</span> : null}
      </span>
    </label>
  );
}
