import type * as Y from "yjs";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { STUDY_FIELD } from "./extensions";
import { studySchema } from "./server";
import type { ProseMirrorJson } from "./template";

/**
 * The acta (minutes) of a meeting, as the office writes them: place and date, attendees, agenda,
 * the session's development, agreements, signatures. Seeded once, when the acta's room is first
 * loaded, and filled from the meeting's data at that moment; from then on it is the attendees'
 * text (what changes later in the meeting's data is in the sealed record, not rewritten here).
 */
export const ACTA_SECTIONS = ["Lugar y fecha", "Asistentes", "Orden del día", "Desarrollo de la sesión", "Acuerdos", "Firmas"] as const;

export interface ActaTemplateData {
  title: string;
  /** Already formatted for people (e.g. «martes, 1 de diciembre de 2026, 10:00»). */
  when: string;
  place: string | null;
  link: string | null;
  attendees: { name: string; org: string }[];
  /** Agenda items in order: a topic, or a version under review («Proyecto — Documento v2»). */
  agenda: string[];
  agreements: { text: string; responsible: string; dueOn: string }[];
}

const text = (value: string): ProseMirrorJson => ({ type: "text", text: value });
const heading = (value: string): ProseMirrorJson => ({ type: "heading", attrs: { level: 2 }, content: [text(value)] });
const paragraph = (value?: string): ProseMirrorJson => (value ? { type: "paragraph", content: [text(value)] } : { type: "paragraph" });
const list = (type: "bulletList" | "orderedList", items: string[]): ProseMirrorJson[] =>
  items.length === 0 ? [paragraph()] : [{ type, content: items.map((item) => ({ type: "listItem", content: [paragraph(item)] })) }];

/** The acta's starting content (study schema), filled with what is known of the meeting. */
export function actaTemplate(data: ActaTemplateData): ProseMirrorJson {
  const where = [data.place, data.link].filter((v): v is string => v !== null && v.trim() !== "").join(" · ");
  return {
    type: "doc",
    content: [
      { type: "heading", attrs: { level: 1 }, content: [text(`Acta: ${data.title}`)] },
      heading(ACTA_SECTIONS[0]),
      paragraph(where ? `${where}, ${data.when}.` : `${data.when}.`),
      heading(ACTA_SECTIONS[1]),
      ...list(
        "bulletList",
        data.attendees.map((a) => `${a.name} (${a.org})`),
      ),
      heading(ACTA_SECTIONS[2]),
      ...list("orderedList", data.agenda),
      heading(ACTA_SECTIONS[3]),
      paragraph(),
      heading(ACTA_SECTIONS[4]),
      ...list(
        "orderedList",
        data.agreements.map((a) => `${a.text} Responsable: ${a.responsible}. Fecha compromiso: ${a.dueOn}.`),
      ),
      heading(ACTA_SECTIONS[5]),
      paragraph(),
    ],
  };
}

/** Writes the filled acta template into an empty document's `default` fragment, in one transaction (server only). */
export function seedActa(doc: Y.Doc, data: ActaTemplateData): void {
  const fragment = doc.getXmlFragment(STUDY_FIELD);
  if (fragment.length > 0) return;
  doc.transact(() => prosemirrorJSONToYXmlFragment(studySchema(), actaTemplate(data), fragment));
}
