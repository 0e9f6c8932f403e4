import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { ACTA_SECTIONS, seedActa, type ActaTemplateData } from "./acta-template";
import { readStudy } from "./server";
import { validateStudyUpdate } from "./validation";

const data: ActaTemplateData = {
  title: "Sesión ordinaria del comité",
  when: "martes, 1 de diciembre de 2026, 10:00 (hora del centro de México)",
  place: "Sala de juntas, piso 2",
  link: null,
  attendees: [
    { name: "Lucía Méndez", org: "IMPLAN" },
    { name: "Arq. Laura Díaz", org: "Colegio de Arquitectos" },
  ],
  agenda: ["EST-2026-001 Libramiento norte — Estudio, v1 «Entrega 1» (en revisión)", "Asuntos generales"],
  agreements: [{ text: "Enviar planos corregidos.", responsible: "OP", dueOn: "2026-12-15" }],
};

describe("the acta template", () => {
  it("seeds the six sections filled with the meeting's data, once, as content the study schema accepts", () => {
    const doc = new Y.Doc();
    seedActa(doc, data);
    seedActa(doc, { ...data, title: "Otra" });
    const { json, skipped } = readStudy(doc);
    expect(skipped).toEqual([]);
    const headings = (json.content ?? []).filter((n) => n.type === "heading" && n.attrs?.level === 2).map((n) => n.content?.[0]?.text);
    expect(headings).toEqual([...ACTA_SECTIONS]);
    const text = JSON.stringify(json);
    for (const expected of ["Acta: Sesión ordinaria del comité", "Sala de juntas, piso 2, martes", "Arq. Laura Díaz (Colegio de Arquitectos)", "Asuntos generales", "Responsable: OP. Fecha compromiso: 2026-12-15."]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("Otra");
    // What the server's content validation checks on every update: the seed passes it.
    expect(validateStudyUpdate(new Y.Doc(), Y.encodeStateAsUpdate(doc))).toBeNull();
  });

  it("leaves empty lists as an empty paragraph to write in", () => {
    const doc = new Y.Doc();
    seedActa(doc, { ...data, attendees: [], agenda: [], agreements: [] });
    expect(readStudy(doc).skipped).toEqual([]);
  });
});
