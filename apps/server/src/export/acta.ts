import type { Content } from "pdfmake/interfaces";
import { html, raw } from "hono/html";
import { create as contentDisposition } from "content-disposition";
import type { MeetingSealRecord } from "@taller/domain";
import { renderPdf } from "./pdf";
import { studyPdfContent } from "./study-pdf";
import { markdownTitle, sanitizeStudyJson } from "./safety";
import { ATTENDANCE_LABEL, DECISION_LABEL, formatDateTime, formatDay, MEETING_KIND_LABEL, RESULT_LABEL, RULE_LABEL } from "./labels";

/**
 * A meeting's acta as PDF, HTML and Markdown, rendered from its record (MeetingSealRecord): the
 * sealed record when the meeting is sealed — with the seal's SHA-256, who sealed it and when, and
 * the addenda — or, before, a draft built from the live data the same way, marked «BORRADOR — sin
 * sellar» and without any seal hash. Pure functions of the record: what is printed is what was sealed.
 */

/** An addendum as the acta prints it. */
export interface ActaAddendum {
  body: string;
  sha256: string;
  createdAt: Date | string;
  createdBy: { name: string; org: string | null };
}

/** What an acta file is made from. `seal` null: a draft. */
export interface ActaView {
  record: MeetingSealRecord;
  seal: { sha256: string; sealedAt: Date | string } | null;
  addenda: ActaAddendum[];
}

export const DRAFT_MARK = "BORRADOR — sin sellar";

const who = (p: { name: string; org: string | null }): string => (p.org ? `${p.name} (${p.org})` : p.name);
const attendanceOf = (a: MeetingSealRecord["attendees"][number]): string =>
  a.attendance === "represented" && a.representedBy ? `Representado por ${a.representedBy}` : ATTENDANCE_LABEL[a.attendance];
const whenOf = (m: MeetingSealRecord["meeting"]): string => (m.endsAt ? `${formatDateTime(m.startsAt)} a ${formatDateTime(m.endsAt)}` : formatDateTime(m.startsAt));
const decisionText = (d: { decision: keyof typeof DECISION_LABEL }) => DECISION_LABEL[d.decision] ?? d.decision;

/** How anyone checks the seal, said in every sealed acta. */
export const SEAL_HOW_TO =
  "El SHA-256 del sello se calcula sobre la forma canónica RFC 8785 (JCS) del registro sellado (GET /api/meetings/:id/seal, campo record), codificada en UTF-8. El SHA-256 de cada versión, igual, sobre el contenido de la versión.";

/** The file name of an acta: «Acta - <title>.<ext>» (ASCII fallback for old clients). */
export function actaDisposition(view: ActaView, ext: "pdf" | "html" | "md"): string {
  const base = [...`Acta - ${view.record.meeting.title}${view.seal ? "" : " (borrador)"}`.normalize("NFC")]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? " " : ch))
    .join("")
    .trim()
    .slice(0, 120);
  const name = `${base}.${ext}`;
  return contentDisposition(name, { fallback: name.normalize("NFD").replace(/[^\x20-\x7e]/g, "") || `acta.${ext}` });
}

// ---------------------------------------------------------------------------------------------
// PDF

function pdfSections(view: ActaView): Content[] {
  const { record, seal } = view;
  const m = record.meeting;
  const out: Content[] = [];
  if (!seal) out.push({ text: DRAFT_MARK, style: "draft" });
  out.push({ text: `Acta: ${m.title}`, style: "title" });
  out.push({ text: MEETING_KIND_LABEL[m.kind] ?? m.kind, style: "note", margin: [0, 0, 0, 8] });

  out.push({ text: "Lugar y fecha", style: "h2" });
  out.push({ text: `Fecha: ${whenOf(m)}` });
  if (m.place) out.push({ text: `Lugar: ${m.place}` });
  if (m.link) out.push({ text: `Enlace: ${m.link}` });
  out.push({ text: `Convoca: ${who(m.convener)}`, margin: [0, 0, 0, 6] });

  out.push({ text: "Asistentes", style: "h2" });
  out.push({
    table: {
      headerRows: 1,
      widths: ["*", "auto", "auto"],
      body: [
        [
          { text: "Nombre", style: "tableHeader" },
          { text: "Dependencia", style: "tableHeader" },
          { text: "Asistencia", style: "tableHeader" },
        ],
        ...record.attendees.map((a) => [a.name, a.org ?? "", attendanceOf(a)]),
      ],
    },
    layout: "lightHorizontalLines",
    margin: [0, 0, 0, 8],
  });

  out.push({ text: "Orden del día", style: "h2" });
  if (record.agenda.length === 0) out.push({ text: "Sin puntos.", style: "note" });
  for (const item of record.agenda) {
    const r = item.review;
    out.push({ text: `${item.position}. ${r ? `Revisión: ${r.document.title}, versión ${r.version.number} «${r.version.name}»` : (item.topic ?? "")}`, style: "h3" });
    if (item.notes) out.push({ text: item.notes, margin: [0, 0, 0, 4] });
    if (!r) continue;
    out.push({ text: `Proyecto ${r.project.clave}: ${r.project.name}` });
    out.push({ text: `SHA-256 de la versión: ${r.version.sha256}`, style: "mono" });
    out.push({ text: `Regla: ${RULE_LABEL[r.rule]}. Estado: ${r.status === "open" ? "abierta" : "cerrada"}${r.result ? `. Resultado: ${RESULT_LABEL[r.result]}` : ""}.`, margin: [0, 2, 0, 4] });
    if (r.decisions.length === 0) {
      out.push({ text: "Sin decisiones.", style: "note" });
      continue;
    }
    out.push({
      table: {
        headerRows: 1,
        widths: ["*", "auto", "*", "auto"],
        body: [
          ["Participante", "Decisión", "Motivo y condiciones", "Decidió"].map((text) => ({ text, style: "tableHeader" })),
          ...r.decisions.map((d) => [
            d.participant,
            `${decisionText(d)}${d.standing ? "" : " (sustituida)"}`,
            [d.reason ? `Motivo: ${d.reason}` : "", d.conditions ? `Condiciones: ${d.conditions}` : ""].filter(Boolean).join("\n") || "—",
            `${who(d.decidedBy)}\n${formatDateTime(d.at)}${d.inThisMeeting ? "\nEn esta sesión" : ""}`,
          ]),
        ],
      },
      layout: "lightHorizontalLines",
      fontSize: 9,
      margin: [0, 0, 0, 8],
    });
  }

  out.push({ text: "Acuerdos", style: "h2" });
  if (record.agreements.length === 0) out.push({ text: "Sin acuerdos.", style: "note" });
  else
    out.push({
      ol: record.agreements.map((a) => ({
        text: `${a.text} — Responsable: ${a.responsible}. Fecha compromiso: ${formatDay(a.dueOn)}.${a.agendaPosition ? ` (Punto ${a.agendaPosition} del orden del día.)` : ""}`,
        margin: [0, 0, 0, 3],
      })),
      margin: [0, 0, 0, 8],
    });

  out.push({ text: "Texto del acta", style: "h2" });
  const text = studyPdfContent(record.acta, new Map());
  out.push(...(text.length > 0 ? text : [{ text: "El acta no tiene texto.", style: "note" } as Content]));

  out.push({ text: "Versiones aprobadas en la sesión", style: "h2" });
  if (record.approvedVersions.length === 0) out.push({ text: "Ninguna.", style: "note" });
  for (const v of record.approvedVersions) {
    out.push({ text: `Versión ${v.number} «${v.name}»: ${RESULT_LABEL[v.result]}` });
    out.push({ text: `SHA-256: ${v.sha256}`, style: "mono", margin: [0, 0, 0, 4] });
  }

  if (seal) {
    out.push({ text: "Sello", style: "h2" });
    out.push({ text: `Sellada el ${formatDateTime(seal.sealedAt)} por ${who(record.sealedBy)}.` });
    out.push({ text: `SHA-256 del sello: ${seal.sha256}`, style: "mono", margin: [0, 2, 0, 2] });
    out.push({ text: SEAL_HOW_TO, style: "small", margin: [0, 0, 0, 8] });
    out.push({ text: "Adendas", style: "h2" });
    if (view.addenda.length === 0) out.push({ text: "Sin adendas.", style: "note" });
    view.addenda.forEach((a, i) => {
      out.push({ text: `Adenda ${i + 1}, ${formatDateTime(a.createdAt)}, ${who(a.createdBy)}`, style: "h4" });
      out.push({ text: a.body });
      out.push({ text: `SHA-256 de la adenda: ${a.sha256}`, style: "mono", margin: [0, 2, 0, 6] });
    });
  }
  return out;
}

/** The acta as PDF; a draft carries «BORRADOR — sin sellar» on every page too. */
export async function actaPdf(view: ActaView): Promise<Buffer> {
  const footerText = view.seal ? `Acta sellada · SHA-256 ${view.seal.sha256}` : DRAFT_MARK;
  return renderPdf({
    info: { title: `Acta: ${view.record.meeting.title}`, creator: "Taller" },
    content: pdfSections(view),
    footer: (page, pages) => ({
      margin: [56, 16, 56, 0],
      columns: [
        { text: footerText, style: "small", width: "*" },
        { text: `${page} / ${pages}`, style: "small", width: "auto", alignment: "right" },
      ],
    }),
  });
}

// ---------------------------------------------------------------------------------------------
// Markdown

const md = (text: string): string => markdownTitle(text);

/** The acta as Markdown (every text escaped; the acta text through the study's serializer). */
export async function actaMarkdown(view: ActaView): Promise<string> {
  const { studyMarkdown } = await import("@taller/editor-schema/server");
  const { record, seal } = view;
  const m = record.meeting;
  const out: string[] = [];
  if (!seal) out.push(`**${DRAFT_MARK}**`, "");
  out.push(`# Acta: ${md(m.title)}`, "", `*${md(MEETING_KIND_LABEL[m.kind] ?? m.kind)}*`, "", "## Lugar y fecha", "");
  out.push(`- Fecha: ${md(whenOf(m))}`);
  if (m.place) out.push(`- Lugar: ${md(m.place)}`);
  if (m.link) out.push(`- Enlace: ${md(m.link)}`);
  out.push(`- Convoca: ${md(who(m.convener))}`, "", "## Asistentes", "", "| Nombre | Dependencia | Asistencia |", "| --- | --- | --- |");
  for (const a of record.attendees) out.push(`| ${md(a.name)} | ${md(a.org ?? "")} | ${md(attendanceOf(a))} |`);
  out.push("", "## Orden del día", "");
  for (const item of record.agenda) {
    const r = item.review;
    out.push(`### ${item.position}. ${md(r ? `Revisión: ${r.document.title}, versión ${r.version.number} «${r.version.name}»` : (item.topic ?? ""))}`, "");
    if (item.notes) out.push(md(item.notes), "");
    if (!r) continue;
    out.push(`Proyecto ${md(r.project.clave)}: ${md(r.project.name)}`, "", `SHA-256 de la versión: \`${r.version.sha256}\``, "");
    out.push(`Regla: ${md(RULE_LABEL[r.rule])}. Estado: ${r.status === "open" ? "abierta" : "cerrada"}${r.result ? `. Resultado: ${md(RESULT_LABEL[r.result])}` : ""}.`, "");
    for (const d of r.decisions) {
      const extra = [d.reason ? `motivo: ${d.reason}` : "", d.conditions ? `condiciones: ${d.conditions}` : ""].filter(Boolean).join("; ");
      out.push(
        `- ${md(d.participant)}: **${md(decisionText(d))}**${d.standing ? "" : " (sustituida)"}${extra ? ` (${md(extra)})` : ""}. Decidió ${md(who(d.decidedBy))}, ${md(formatDateTime(d.at))}${d.inThisMeeting ? ", en esta sesión" : ""}.`,
      );
    }
    out.push("");
  }
  out.push("## Acuerdos", "");
  if (record.agreements.length === 0) out.push("Sin acuerdos.");
  record.agreements.forEach((a, i) =>
    out.push(`${i + 1}. ${md(a.text)} — Responsable: ${md(a.responsible)}. Fecha compromiso: ${md(formatDay(a.dueOn))}.${a.agendaPosition ? ` (Punto ${a.agendaPosition}.)` : ""}`),
  );
  out.push("", "## Texto del acta", "", studyMarkdown(sanitizeStudyJson(record.acta as object, "md")), "", "## Versiones aprobadas en la sesión", "");
  if (record.approvedVersions.length === 0) out.push("Ninguna.");
  for (const v of record.approvedVersions) out.push(`- Versión ${v.number} «${md(v.name)}»: ${md(RESULT_LABEL[v.result])}. SHA-256: \`${v.sha256}\``);
  if (seal) {
    out.push("", "## Sello", "", `Sellada el ${md(formatDateTime(seal.sealedAt))} por ${md(who(record.sealedBy))}.`, "", `SHA-256 del sello: \`${seal.sha256}\``, "", md(SEAL_HOW_TO), "", "## Adendas", "");
    if (view.addenda.length === 0) out.push("Sin adendas.");
    view.addenda.forEach((a, i) => out.push(`### Adenda ${i + 1}, ${md(formatDateTime(a.createdAt))}, ${md(who(a.createdBy))}`, "", md(a.body), "", `SHA-256 de la adenda: \`${a.sha256}\``, ""));
  }
  return `${out.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------
// HTML

/** The acta as a standalone HTML page (text escaped by hono/html; the acta text by the study's renderer, links made safe). */
export async function actaHtml(view: ActaView): Promise<string> {
  const { studyHtml } = await import("@taller/editor-schema/server");
  const { record, seal } = view;
  const m = record.meeting;
  const acta = await studyHtml(sanitizeStudyJson(record.acta as object, "html"));
  const agenda = record.agenda.map((item) => {
    const r = item.review;
    const heading = r ? `Revisión: ${r.document.title}, versión ${r.version.number} «${r.version.name}»` : (item.topic ?? "");
    return html`<section>
<h3>${item.position}. ${heading}</h3>
${item.notes ? html`<p>${item.notes}</p>` : ""}
${
  r
    ? html`<p>Proyecto ${r.project.clave}: ${r.project.name}</p>
<p>SHA-256 de la versión: <code>${r.version.sha256}</code></p>
<p>Regla: ${RULE_LABEL[r.rule]}. Estado: ${r.status === "open" ? "abierta" : "cerrada"}${r.result ? `. Resultado: ${RESULT_LABEL[r.result]}` : ""}.</p>
<table><thead><tr><th scope="col">Participante</th><th scope="col">Decisión</th><th scope="col">Motivo y condiciones</th><th scope="col">Decidió</th></tr></thead><tbody>
${r.decisions.map(
  (d) =>
    html`<tr><td>${d.participant}</td><td>${decisionText(d)}${d.standing ? "" : " (sustituida)"}</td><td>${d.reason ? `Motivo: ${d.reason}` : ""}${d.reason && d.conditions ? " · " : ""}${d.conditions ? `Condiciones: ${d.conditions}` : ""}</td><td>${who(d.decidedBy)}, ${formatDateTime(d.at)}${d.inThisMeeting ? ", en esta sesión" : ""}</td></tr>`,
)}
</tbody></table>`
    : ""
}
</section>`;
  });
  const page = await html`<!doctype html>
<html lang="es-MX">
<head><meta charset="utf-8"><title>Acta: ${m.title}</title></head>
<body>
${seal ? "" : html`<p><strong>${DRAFT_MARK}</strong></p>`}
<h1>Acta: ${m.title}</h1>
<p><em>${MEETING_KIND_LABEL[m.kind] ?? m.kind}</em></p>
<h2>Lugar y fecha</h2>
<ul><li>Fecha: ${whenOf(m)}</li>${m.place ? html`<li>Lugar: ${m.place}</li>` : ""}${m.link ? html`<li>Enlace: ${m.link}</li>` : ""}<li>Convoca: ${who(m.convener)}</li></ul>
<h2>Asistentes</h2>
<table><thead><tr><th scope="col">Nombre</th><th scope="col">Dependencia</th><th scope="col">Asistencia</th></tr></thead><tbody>
${record.attendees.map((a) => html`<tr><td>${a.name}</td><td>${a.org ?? ""}</td><td>${attendanceOf(a)}</td></tr>`)}
</tbody></table>
<h2>Orden del día</h2>
${agenda}
<h2>Acuerdos</h2>
${
  record.agreements.length === 0
    ? html`<p>Sin acuerdos.</p>`
    : html`<ol>${record.agreements.map((a) => html`<li>${a.text} — Responsable: ${a.responsible}. Fecha compromiso: ${formatDay(a.dueOn)}.${a.agendaPosition ? ` (Punto ${a.agendaPosition}.)` : ""}</li>`)}</ol>`
}
<h2>Texto del acta</h2>
${raw(acta)}
<h2>Versiones aprobadas en la sesión</h2>
${
  record.approvedVersions.length === 0
    ? html`<p>Ninguna.</p>`
    : html`<ul>${record.approvedVersions.map((v) => html`<li>Versión ${v.number} «${v.name}»: ${RESULT_LABEL[v.result]}. SHA-256: <code>${v.sha256}</code></li>`)}</ul>`
}
${
  seal
    ? html`<h2>Sello</h2>
<p>Sellada el ${formatDateTime(seal.sealedAt)} por ${who(record.sealedBy)}.</p>
<p>SHA-256 del sello: <code>${seal.sha256}</code></p>
<p><small>${SEAL_HOW_TO}</small></p>
<h2>Adendas</h2>
${view.addenda.length === 0 ? html`<p>Sin adendas.</p>` : view.addenda.map((a, i) => html`<section><h3>Adenda ${i + 1}, ${formatDateTime(a.createdAt)}, ${who(a.createdBy)}</h3><p>${a.body}</p><p>SHA-256 de la adenda: <code>${a.sha256}</code></p></section>`)}`
    : ""
}
</body>
</html>
`;
  return page.toString();
}
