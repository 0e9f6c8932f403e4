// An inbox item about a review round, in words: who asked, who decided what, how it closed, when
// it is due. Used by the inbox (features/inbox), which loads the reviews strings with it.
import type { TFunction } from "i18next";
import type { InboxItem } from "../../api/notifications";
import type { ReviewDecision, ReviewResult } from "../../api/reviews";
import type { Formatters } from "../../i18n/format";

type ReviewRef = NonNullable<InboxItem["review"]>;
/** Every kind's fields at once (the server sends the decision, the result or the due date by kind). */
type ReviewFields = { versionNumber: number; versionName: string; decision?: ReviewDecision; result?: ReviewResult | null; dueAt?: string | null };

/** «mañana», «hoy», «el 3 dic 2026» — how far the due date is, in the reader's calendar. */
function whenText(t: TFunction<"reviews">, format: Formatters, dueAt: string, now: Date): string {
  const due = new Date(dueAt);
  const day = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((day(due) - day(now)) / 86_400_000);
  if (days === 0) return t("inbox.today");
  if (days === 1) return t("inbox.tomorrow");
  return t("inbox.on", { date: format.date(dueAt) });
}

/** The sentence of a review notification. */
export function reviewItemText(t: TFunction<"reviews">, format: Formatters, item: InboxItem & { review: ReviewRef }, who: string, now = new Date()): string {
  const review: ReviewFields = item.review;
  const base = { who, number: review.versionNumber, name: review.versionName, document: item.document?.title ?? "" };
  switch (item.kind) {
    case "review_decided":
      return review.decision ? t("inbox.review_decided", { ...base, decision: t(`inbox.decisionWords.${review.decision}`) }) : t("inbox.review_requested", base);
    case "review_closed":
      return t("inbox.review_closed", { ...base, result: review.result ? t(`inbox.resultWords.${review.result}`) : t("inbox.noResult") });
    case "review_due": {
      if (!review.dueAt) return t("inbox.review_overdue", base);
      const dueAt = String(review.dueAt);
      if (new Date(dueAt).getTime() <= now.getTime()) return t("inbox.review_overdue", base);
      return t("inbox.review_due", { ...base, when: whenText(t, format, dueAt, now) });
    }
    default:
      return t("inbox.review_requested", base);
  }
}

/** The accessible name of the link to the round. */
export function reviewItemLinkLabel(t: TFunction<"reviews">, item: InboxItem & { review: ReviewRef }): string {
  return t("inbox.openLabel", { number: item.review.versionNumber, name: item.review.versionName, document: item.document?.title ?? "" });
}
