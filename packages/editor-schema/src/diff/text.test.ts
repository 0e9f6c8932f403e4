import { describe, expect, it } from "vitest";
import { studyTemplate, type ProseMirrorJson } from "../template";
import { countWords, diffText, textBlocks } from "./text";

/**
 * The study template as an office fills it in: the numbered headings with paragraphs of real
 * prose under some of them, then edited word by word, as the diff will meet it.
 */
const p = (text: string): ProseMirrorJson => (text ? { type: "paragraph", content: [{ type: "text", text }] } : { type: "paragraph" });
const h = (text: string, level = 2): ProseMirrorJson => ({ type: "heading", attrs: { level }, content: [{ type: "text", text }] });

/** The template with the paragraph under `heading` replaced by `blocks`. */
function filled(sections: Record<string, ProseMirrorJson[]>, doc: ProseMirrorJson = studyTemplate()): ProseMirrorJson {
  const content: ProseMirrorJson[] = [];
  const nodes = doc.content ?? [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    content.push(node);
    const heading = node.type === "heading" ? node.content?.[0]?.text : undefined;
    if (heading && sections[heading]) {
      content.push(...sections[heading]);
      i++; // the template's empty paragraph
    }
  }
  return { type: "doc", content };
}

const RESUMEN = "El proyecto amplía el puente vehicular del arroyo El Zapote a cuatro carriles con banquetas de 2.5 m.";
const earlier = filled({
  "1. Resumen ejecutivo": [p(RESUMEN), p("El costo estimado es de 48 millones de pesos.")],
  "3. Diagnóstico de la situación actual": [
    p("El puente actual tiene dos carriles y se inunda en temporada de lluvias."),
    {
      type: "bulletList",
      content: [
        { type: "listItem", content: [p("Aforo de 12,000 vehículos diarios")] },
        { type: "listItem", content: [p("Sin paso peatonal seguro")] },
      ],
    },
  ],
  "8. Evaluación socioeconómica": [
    {
      type: "table",
      content: [
        { type: "tableRow", content: [{ type: "tableHeader", content: [p("Indicador")] }, { type: "tableHeader", content: [p("Valor")] }] },
        { type: "tableRow", content: [{ type: "tableCell", content: [p("VPN")] }, { type: "tableCell", content: [p("12.4 mdp")] }] },
      ],
    },
  ],
});

describe("text diff of two study versions", () => {
  it("reads the template into its blocks: headings with level, paragraphs, list items, table cells, images", () => {
    const blocks = textBlocks(
      filled({
        "7. Diseño conceptual": [{ type: "image", attrs: { src: "/api/assets/x", alt: "Croquis del puente" } }],
      }, earlier),
    );
    expect(blocks[0]).toEqual({ type: "heading", level: 2, text: "0. Ficha de identificación" });
    expect(blocks).toContainEqual({ type: "listItem", level: 1, list: "bullet", text: "Sin paso peatonal seguro" });
    expect(blocks).toContainEqual({ type: "tableCell", table: { index: 0, row: 1, col: 1, header: false }, text: "12.4 mdp" });
    expect(blocks).toContainEqual({ type: "image", text: "[imagen: Croquis del puente]" });
  });

  it("finds nothing between a version and itself", () => {
    const diff = diffText(earlier, structuredClone(earlier));
    expect(diff.blocks.every((b) => b.status === "same")).toBe(true);
    expect(diff.summary).toEqual({
      insertedWords: 0, deletedWords: 0, blocksAdded: 0, blocksRemoved: 0, blocksChanged: 0, sectionsChanged: 0,
      headingsAdded: [], headingsRemoved: [], headingsRenamed: [],
    });
    expect(diff.sections.map((s) => s.heading)).toEqual(textBlocks(earlier).filter((b) => b.type === "heading").map((b) => b.text));
  });

  it("shows words inserted and deleted inside an edited paragraph, counted in its section", () => {
    const later = filled(
      {
        "1. Resumen ejecutivo": [
          p("El proyecto amplía el puente vehicular del arroyo El Zapote a seis carriles con banquetas y ciclovía de 2.5 m."),
          p("El costo estimado es de 48 millones de pesos."),
        ],
        "3. Diagnóstico de la situación actual": [
          p("El puente actual tiene dos carriles y se inunda en temporada de lluvias."),
          { type: "bulletList", content: [{ type: "listItem", content: [p("Aforo de 12,000 vehículos diarios")] }, { type: "listItem", content: [p("Sin paso peatonal seguro")] }] },
        ],
        "8. Evaluación socioeconómica": [
          {
            type: "table",
            content: [
              { type: "tableRow", content: [{ type: "tableHeader", content: [p("Indicador")] }, { type: "tableHeader", content: [p("Valor")] }] },
              { type: "tableRow", content: [{ type: "tableCell", content: [p("VPN")] }, { type: "tableCell", content: [p("12.4 mdp")] }] },
            ],
          },
        ],
      },
    );
    const diff = diffText(earlier, later);
    const changed = diff.blocks.filter((b) => b.status !== "same");
    expect(changed).toHaveLength(1);
    expect(changed[0]!.parts).toEqual([
      { type: "same", text: "El proyecto amplía el puente vehicular del arroyo El Zapote a " },
      { type: "deleted", text: "cuatro" },
      { type: "inserted", text: "seis" },
      { type: "same", text: " carriles con banquetas " },
      { type: "inserted", text: "y ciclovía " },
      { type: "same", text: "de 2.5 m." },
    ]);
    expect(diff.summary).toMatchObject({ insertedWords: 3, deletedWords: 1, blocksChanged: 1, blocksAdded: 0, blocksRemoved: 0, sectionsChanged: 1 });
    const section = diff.sections[changed[0]!.section]!;
    expect(section).toMatchObject({ heading: "1. Resumen ejecutivo", status: "changed", insertedWords: 3, deletedWords: 1, blocksChanged: 1 });
    expect(diff.blocks[section.start]).toMatchObject({ type: "heading", parts: [{ type: "same", text: "1. Resumen ejecutivo" }] });
  });

  it("fills an empty template paragraph as one changed block, and counts added and removed blocks and list items", () => {
    const later = filled({
      ...{ "1. Resumen ejecutivo": [p(RESUMEN), p("El costo estimado es de 48 millones de pesos.")] },
      "3. Diagnóstico de la situación actual": [
        p("El puente actual tiene dos carriles y se inunda en temporada de lluvias."),
        { type: "bulletList", content: [{ type: "listItem", content: [p("Aforo de 12,000 vehículos diarios")] }, { type: "listItem", content: [p("Tres accidentes con peatones en 2025")] }] },
        p("La Dirección de Protección Civil lo clasifica como zona de riesgo alto."),
      ],
      "8. Evaluación socioeconómica": [p("Pendiente.")],
      "10. Seguimiento e indicadores": [p("Tiempo de cruce en hora pico.")],
    });
    const diff = diffText(earlier, later);
    const byStatus = (status: string) => diff.blocks.filter((b) => b.status === status).map((b) => b.parts.map((x) => x.text).join(""));
    expect(byStatus("added")).toEqual(["Tres accidentes con peatones en 2025", "La Dirección de Protección Civil lo clasifica como zona de riesgo alto.", "Pendiente."]);
    expect(byStatus("removed")).toEqual(["Sin paso peatonal seguro", "Indicador", "Valor", "VPN", "12.4 mdp"]);
    // The template's empty paragraph under section 10 got its text: one block changed, not removed + added.
    expect(byStatus("changed")).toEqual(["Tiempo de cruce en hora pico."]);
    expect(diff.summary).toMatchObject({ blocksAdded: 3, blocksRemoved: 5, blocksChanged: 1, sectionsChanged: 3 });
    expect(diff.summary.insertedWords).toBe(countWords("Tres accidentes con peatones en 2025 La Dirección de Protección Civil lo clasifica como zona de riesgo alto. Pendiente. Tiempo de cruce en hora pico."));
    expect(diff.summary.deletedWords).toBe(countWords("Sin paso peatonal seguro Indicador Valor VPN 12.4 mdp"));
    expect(diff.sections.filter((s) => s.status !== "same").map((s) => s.heading)).toEqual([
      "3. Diagnóstico de la situación actual",
      "8. Evaluación socioeconómica",
      "10. Seguimiento e indicadores",
    ]);
  });

  it("summarises headings added, removed and renamed (a numbered heading keeps its number)", () => {
    const template = studyTemplate();
    const nodes = template.content ?? [];
    const content = nodes.flatMap((node, i) => {
      const text = node.content?.[0]?.text;
      if (text === "1. Resumen ejecutivo") return [h("1. Síntesis del proyecto")];
      // Section 12 goes, heading and paragraph; section 11 gains a subheading and a paragraph.
      if (text === "12. Anexos" || nodes[i - 1]?.content?.[0]?.text === "12. Anexos") return [];
      if (nodes[i - 1]?.content?.[0]?.text === "11. Conclusiones y recomendaciones") return [node, h("Riesgos de ejecución", 3), p("Temporada de lluvias.")];
      return [node];
    });
    const diff = diffText(template, { type: "doc", content });
    expect(diff.summary.headingsRenamed).toEqual([{ from: "1. Resumen ejecutivo", to: "1. Síntesis del proyecto" }]);
    expect(diff.summary.headingsRemoved).toEqual(["12. Anexos"]);
    expect(diff.summary.headingsAdded).toEqual(["Riesgos de ejecución"]);
    // A level-3 heading does not open a section of its own: it belongs to section 11.
    const renamed = diff.sections.find((s) => s.headingBefore !== null)!;
    expect(renamed).toMatchObject({ heading: "1. Síntesis del proyecto", headingBefore: "1. Resumen ejecutivo", status: "changed" });
    expect(diff.sections.find((s) => s.heading === "11. Conclusiones y recomendaciones")).toMatchObject({ status: "changed", blocksAdded: 2 });
    expect(diff.sections.find((s) => s.heading === "12. Anexos")).toMatchObject({ status: "removed", blocksRemoved: 2 });
  });

  it("tolerates empty and missing documents", () => {
    expect(diffText(null, { type: "doc", content: [p("Hola mundo")] }).summary).toMatchObject({ insertedWords: 2, blocksAdded: 1, sectionsChanged: 1 });
    expect(diffText({ type: "doc" }, { type: "doc" }).blocks).toEqual([]);
  });

  it("counts words as a reader does", () => {
    expect(countWords("Aforo de 12,000 vehículos — tramo norte-sur, 2.5 m.")).toBe(8);
  });
});
