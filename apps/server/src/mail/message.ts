import { bodyAsPlainText } from "@taller/domain/comments";
import { canSeeProject } from "@taller/domain";
import type { EmailRecord } from "../queries/notifications";
import { anchorQuote, notificationPath } from "../presenters/notifications";

/** A plain-text email (no HTML: nothing a comment says can become markup or a script). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
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

/**
 * Decides, at send time, whether a notification is emailed and what the email says. Sent only to
 * a current member with email on; the comment's words only when the recipient can see the
 * project now (decided again here, never taken from when the notification was written).
 */
export function composeEmail(record: EmailRecord, publicUrl: URL): MailMessage | SkipReason {
  if (!record.recipient.emailNotifications) return "preference_off";
  if (record.role === null) return "not_a_member";
  if (!record.recipient.email) return "no_address";
  const sees = canSeeProject({ userId: record.recipient.id, isAdmin: record.recipient.isAdmin }, { role: record.role });

  const link = new URL(notificationPath(record.document.id, record.thread.id), publicUrl).toString();
  const who = record.actor ? `${oneLine(record.actor.name)} (${oneLine(record.actor.orgShortName)})` : "Alguien";
  const whoEn = record.actor ? who : "Someone";
  const project = oneLine(record.project.name);
  const document = oneLine(record.document.title);

  let said: string | null = null;
  if (sees) {
    if (record.kind === "resolved") said = record.thread.resolutionNote ? excerpt(record.thread.resolutionNote) : null;
    else if (record.comment && !record.comment.deletedAt && record.comment.body) said = excerpt(bodyAsPlainText(record.comment.body));
  }
  const quote = sees ? anchorQuote(record.thread.anchor) : undefined;

  const es = {
    mention: { subject: `${who} le mencionó en «${document}»`, line: `${who} le mencionó en un comentario del documento «${document}» del proyecto «${project}».` },
    reply: { subject: `${who} respondió en «${document}»`, line: `${who} respondió en un hilo en el que usted participa, en el documento «${document}» del proyecto «${project}».` },
    resolved: { subject: `${who} resolvió su hilo en «${document}»`, line: `${who} resolvió un hilo que usted abrió en el documento «${document}» del proyecto «${project}».` },
  }[record.kind];
  const en = {
    mention: `${whoEn} mentioned you in a comment on the document "${document}" of the project "${project}".`,
    reply: `${whoEn} replied in a thread you take part in, on the document "${document}" of the project "${project}".`,
    resolved: `${whoEn} resolved a thread you opened on the document "${document}" of the project "${project}".`,
  }[record.kind];

  const indent = (text: string) =>
    text
      .split(/\r?\n/)
      .map((line) => `    ${line}`)
      .join("\n");
  const spanish = [
    `Hola, ${oneLine(record.recipient.name)}:`,
    "",
    es.line,
    ...(quote ? ["", `Sobre el texto: «${oneLine(quote)}»`] : []),
    ...(said ? ["", record.kind === "resolved" ? "Nota de resolución:" : "Comentario:", indent(said)] : []),
    "",
    `Ábralo en Taller: ${link}`,
    "",
    `Recibe este correo porque tiene activados los avisos por correo. Puede desactivarlos en ${new URL("/inbox", publicUrl).toString()}`,
  ];
  const english = [
    `Hello ${oneLine(record.recipient.name)},`,
    "",
    en,
    "",
    `Open it in Taller: ${link}`,
    "",
    `You get this email because email notifications are on. You can turn them off at ${new URL("/inbox", publicUrl).toString()}`,
  ];
  return {
    to: record.recipient.email,
    subject: `[Taller] ${es.subject}`,
    text: [...spanish, "", "—", "", ...english, ""].join("\n"),
  };
}
