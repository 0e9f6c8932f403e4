// How a round is put in words: its status and result (never «Aprobada» unless the server's
// `result` says so), its rule, its due date, and who each participant is. Shared by the tab, the
// round page, the portfolio's badges and the inbox.
import type { TFunction } from "i18next";
import type { Review, ReviewParticipantRecord, ReviewPerson } from "../../api/reviews";
import type { Formatters } from "../../i18n/format";

type T = TFunction<"reviews">;

/** The round's standing in words: open, or closed with its result (or without one, or superseded). */
export function statusText(t: T, review: Pick<Review, "status" | "result" | "closeReason">): string {
  if (review.status === "open") return t("status.open");
  if (review.result) return t(`result.${review.result}`);
  return review.closeReason === "superseded" ? t("status.superseded") : t("status.closedNoResult");
}

/** A CSS tone for the status badge (the words carry the meaning; the colour only repeats it). */
export function statusTone(review: Pick<Review, "status" | "result">): "open" | "approved" | "changes" | "rejected" | "none" {
  if (review.status === "open") return "open";
  switch (review.result) {
    case "approved":
    case "approved_with_observations":
      return "approved";
    case "changes_requested":
      return "changes";
    case "rejected":
      return "rejected";
    default:
      return "none";
  }
}

/** Why a closed round closed, in words (empty while open). */
export function closeReasonText(t: T, review: Pick<Review, "status" | "closeReason" | "closedBy">): string {
  if (review.status !== "closed" || !review.closeReason) return "";
  if (review.closeReason === "closed_early") {
    return review.closedBy ? t("closeReason.closed_early", { name: review.closedBy.name, org: review.closedBy.org.shortName }) : t("closeReason.closed_earlyAnon");
  }
  return t(`closeReason.${review.closeReason}`);
}

/** The due date in words: none, «Vence el …», or «Vencida desde el …» when the server says it is overdue. */
export function dueText(t: T, format: Formatters, review: Pick<Review, "dueAt" | "overdue">): string {
  if (!review.dueAt) return t("due.none");
  const date = format.dateTime(review.dueAt);
  return review.overdue ? t("due.overdue", { date }) : t("due.on", { date });
}

/** How many participants have a standing decision. */
export function decidedCount(review: Pick<Review, "participants">): { decided: number; total: number } {
  return { decided: review.participants.filter((p) => p.decision !== null).length, total: review.participants.length };
}

/** A participant's name: the person «Ricardo Leal (MOV)», or the agency «Dependencia OP — Dirección de Obra Pública». */
export function participantName(t: T, participant: ReviewParticipantRecord): string {
  if ("person" in participant) return personName(participant.person);
  const { shortName, name } = participant.org;
  return t("participants.agency", { name: shortName === name ? name : `${shortName} — ${name}` });
}

export const personName = (person: ReviewPerson): string => `${person.name} (${person.org.shortName})`;
