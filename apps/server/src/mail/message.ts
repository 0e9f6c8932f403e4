import { bodyAsPlainText } from "@taller/domain/comments";
import { canSeeProject } from "@taller/domain";
import type { ReviewDecision, ReviewResult } from "@taller/domain";
import type { EmailRecord } from "../queries/notifications";
import { anchorQuote, notificationPath, reviewPath } from "../presenters/notifications";

/** A plain-text email (no HTML: nothing a comment says can become markup or a script). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Files sent with it (a meeting invitation's .ics). */
  attachments?: { filename: string; content: string; contentType: string }[];
}

/** Why a notification is not emailed (it is marked handled all the same). */
export type SkipReason = "preference_off" | "not_a_member" | "no_address";

/** Longest comment excerpt an email carries; the rest is one click away. */
const EXCERPT_MAX = 1_500;

/** Header values from people's input (names, titles) on one line. */
const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, " ").trim();

const excerpt = (text: string) => {
  const plain = text.trim();
  return plain.length > EXCERPT_MAX ? `${plain.slice(0, EXCERPT_MAX)}…` : plain;
};

const indent = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => `    ${line}`)
    .join("\n");

/** The words of a decision and of a result, in both languages (never «aprobada» unless the round says so). */
const DECISION_WORDS: Record<ReviewDecision, { es: string; en: string }> = {
  favorable: { es: "favorable", en: "favourable" },
  favorable_with_observations: { es: "favorable con observaciones", en: "favourable with observations" },
  changes_requested: { es: "se solicitan cambios", en: "changes requested" },
  unfavorable: { es: "desfavorable", en: "unfavourable" },
};
const RESULT_WORDS: Record<ReviewResult, { es: string; en: string }> = {
  approved: { es: "aprobada", en: "approved" },
  approved_with_observations: { es: "aprobada con observaciones", en: "approved with observations" },
  changes_requested: { es: "se solicitan cambios", en: "changes requested" },
  rejected: { es: "rechazada", en: "rejected" },
};

/** A date as people read it in an email, unambiguous whatever their time zone: `2026-11-28 17:00 UTC`. */
const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;


/**
 * Every notification email: Spanish first, then English, each with the link into Taller and the
 * footer that says how to turn emails off. `openEs` agrees with what is opened («Ábralo» a
 * document, «Ábrala» a meeting).
 */
export function bilingualMessage(input: {
  to: string;
  name: string;
  subject: string;
  spanish: string[];
  english: string[];
  link: string;
  publicUrl: URL;
  openEs?: string;
}): MailMessage {
  const inbox = new URL("/inbox", input.publicUrl).toString();
  return {
    to: input.to,
    subject: `[Taller] ${input.subject}`,
    text: [
      `Hola, ${oneLine(input.name)}:`,
      "",
      ...input.spanish,
      "",
      `${input.openEs ?? "Ábralo"} en Taller: ${input.link}`,
      "",
      `Recibes este correo porque tienes activados los avisos por correo. Puedes desactivarlos en ${inbox}`,
      "",
      "—",
      "",
      `Hello ${oneLine(input.name)},`,
      "",
      ...input.english,
      "",
      `Open it in Taller: ${input.link}`,
      "",
      `You get this email because email notifications are on. You can turn them off at ${inbox}`,
      "",
    ].join("\n"),
  };
}

/**
 * Decides, at send time, whether a notification is emailed and what the email says. Sent only to
 * a current member with email on; the comment's words (or a decision's reason) only when the
 * recipient can see the project now (decided again here, never taken from when the notification
 * was written).
 */
export function composeEmail(record: EmailRecord, publicUrl: URL): MailMessage | SkipReason {
  const { project: projectRow, document: documentRow } = record;
  // Meeting notifications are composed by meeting-message.ts; every other one is about a document.
  if (!projectRow || !documentRow) throw new Error(`notification ${record.id}: not about a project's document`);
  if (!record.recipient.emailNotifications) return "preference_off";
  if (record.role === null) return "not_a_member";
  if (!record.recipient.email) return "no_address";
  const sees = canSeeProject({ userId: record.recipient.id, isAdmin: record.recipient.isAdmin }, { role: record.role });
  const who = record.actor ? `${oneLine(record.actor.name)} (${oneLine(record.actor.orgShortName)})` : "Alguien";
  const whoEn = record.actor ? who : "Someone";
  const project = oneLine(projectRow.name);
  const document = oneLine(documentRow.title);
  const to = record.recipient.email;
  const compose = (subject: string, spanish: string[], english: string[], link: string): MailMessage =>
    bilingualMessage({ to, name: record.recipient.name, subject, spanish, english, link, publicUrl });

  if (record.review && record.version) {
    const { review } = record;
    const link = new URL(reviewPath(projectRow.id, review.id), publicUrl).toString();
    const version = `v${record.version.number} «${oneLine(record.version.name)}»`;
    const versionEn = `v${record.version.number} "${oneLine(record.version.name)}"`;
    const where = `del documento «${document}» del proyecto «${project}»`;
    const whereEn = `of the document "${document}" of the project "${project}"`;
    const due = review.dueAt ? { es: `Fecha límite: ${utc(review.dueAt)}.`, en: `Due: ${utc(review.dueAt)}.` } : null;
    switch (record.kind) {
      case "review_requested":
        return compose(
          `${who} pide tu revisión de ${version}`,
          [`${who} te pide revisar la versión ${version} ${where}.`, ...(due ? ["", due.es] : [])],
          [`${whoEn} asks you to review version ${versionEn} ${whereEn}.`, ...(due ? ["", due.en] : [])],
          link,
        );
      case "review_decided": {
        const words = record.decision ? DECISION_WORDS[record.decision.decision] : null;
        const reason = sees && record.decision?.reason ? excerpt(record.decision.reason) : null;
        const conditions = sees && record.decision?.conditions ? excerpt(record.decision.conditions) : null;
        return compose(
          `${who} decidió sobre ${version}`,
          [
            `${who} decidió ${words ? `«${words.es}» ` : ""}sobre la versión ${version} ${where}.`,
            ...(reason ? ["", "Motivo:", indent(reason)] : []),
            ...(conditions ? ["", "Condiciones:", indent(conditions)] : []),
          ],
          [`${whoEn} decided ${words ? `"${words.en}" ` : ""}on version ${versionEn} ${whereEn}.`],
          link,
        );
      }
      case "review_closed": {
        const result = review.result ? RESULT_WORDS[review.result] : { es: "sin resultado", en: "without a result" };
        return compose(
          `Revisión cerrada: ${version}, ${result.es}`,
          [`Se cerró la revisión de la versión ${version} ${where}. Resultado: ${result.es}.`],
          [`The review of version ${versionEn} ${whereEn} was closed. Result: ${result.en}.`],
          link,
        );
      }
      case "review_due": {
        const overdue = review.dueAt !== null && review.dueAt.getTime() < Date.now();
        return compose(
          overdue ? `Revisión vencida: ${version}` : `Revisión por vencer: ${version}`,
          [`La revisión de la versión ${version} ${where} ${overdue ? "ya venció" : "vence pronto"} y tu decisión sigue pendiente.`, ...(due ? ["", due.es] : [])],
          [`The review of version ${versionEn} ${whereEn} ${overdue ? "is overdue" : "is due soon"} and your decision is still pending.`, ...(due ? ["", due.en] : [])],
          link,
        );
      }
      default:
        throw new Error(`notification ${record.id}: kind ${record.kind} is not about a review`);
    }
  }

  const thread = record.thread;
  if (!thread || record.kind.startsWith("review_")) throw new Error(`notification ${record.id}: neither a thread nor a review round`);
  const kind = record.kind as "mention" | "reply" | "resolved";
  const link = new URL(notificationPath(documentRow.id, thread.id), publicUrl).toString();

  let said: string | null = null;
  if (sees) {
    if (kind === "resolved") said = thread.resolutionNote ? excerpt(thread.resolutionNote) : null;
    else if (record.comment && !record.comment.deletedAt && record.comment.body) said = excerpt(bodyAsPlainText(record.comment.body));
  }
  const quote = sees ? anchorQuote(thread.anchor) : undefined;

  const es = {
    mention: { subject: `${who} te mencionó en «${document}»`, line: `${who} te mencionó en un comentario del documento «${document}» del proyecto «${project}».` },
    reply: { subject: `${who} respondió en «${document}»`, line: `${who} respondió en un hilo en el que participas, en el documento «${document}» del proyecto «${project}».` },
    resolved: { subject: `${who} resolvió tu hilo en «${document}»`, line: `${who} resolvió un hilo que abriste en el documento «${document}» del proyecto «${project}».` },
  }[kind];
  const en = {
    mention: `${whoEn} mentioned you in a comment on the document "${document}" of the project "${project}".`,
    reply: `${whoEn} replied in a thread you take part in, on the document "${document}" of the project "${project}".`,
    resolved: `${whoEn} resolved a thread you opened on the document "${document}" of the project "${project}".`,
  }[kind];

  return compose(
    es.subject,
    [es.line, ...(quote ? ["", `Sobre el texto: «${oneLine(quote)}»`] : []), ...(said ? ["", kind === "resolved" ? "Nota de resolución:" : "Comentario:", indent(said)] : [])],
    [en],
    link,
  );
}
