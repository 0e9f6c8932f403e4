// How a version's review status is put in words: only what the server's `latestReview` says
// («Aprobada» only when a closed round's result is approved).
import type { TFunction } from "i18next";
import type { VersionReviewStatus } from "../../api/versions";

export function reviewStatusText(t: TFunction<"versions">, review: VersionReviewStatus | null | undefined): string {
  if (!review) return t("review.none");
  if (review.status === "open") return t("review.open");
  if (review.result) return t(`review.${review.result}`);
  return review.closeReason === "superseded" ? t("review.superseded") : t("review.closedNoResult");
}

/** A tone for the badge (the words carry the meaning; the colour only repeats it). */
export function reviewTone(review: VersionReviewStatus | null | undefined): "none" | "open" | "approved" | "changes" | "rejected" {
  if (!review) return "none";
  if (review.status === "open") return "open";
  if (review.result === "approved" || review.result === "approved_with_observations") return "approved";
  if (review.result === "changes_requested") return "changes";
  return review.result === "rejected" ? "rejected" : "none";
}

/** A version page's address. */
export const versionPath = (documentId: string, versionId: string) => `/documents/${encodeURIComponent(documentId)}/versions/${encodeURIComponent(versionId)}`;

/** The first characters of a hash, as shown next to a version. */
export const shortHash = (sha256: string) => sha256.slice(0, 12);
