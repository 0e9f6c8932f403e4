/**
 * The study-proposal template (docs/domain.md "Study proposal template"): section headings in the
 * order the office writes them, each with the guidance the editor shows as a hint.
 */
export const STUDY_SECTIONS: readonly { heading: string; hint: string }[] = [
  { heading: "0. Ficha de identificación", hint: "Clave, etapa, tipo de evaluación, control de versiones." },
  { heading: "1. Resumen ejecutivo", hint: "Síntesis del proyecto, su justificación y su costo." },
  { heading: "2. Alineación estratégica", hint: "PMD, Programa de Gobierno, PMDUOET, ODS." },
  { heading: "3. Diagnóstico de la situación actual", hint: "Problema, área de influencia, oferta y demanda." },
  { heading: "4. Situación sin proyecto y análisis de alternativas", hint: "Optimizaciones y alternativas evaluadas." },
  { heading: "5. Descripción del proyecto", hint: "Objetivos, metas, localización, componentes, calendario, monto, fuentes." },
  {
    heading: "6. Análisis territorial y normativo",
    hint: "Zonificación, compatibilidad de uso de suelo, COS/CUS/CAS, tenencia, derecho de vía, impacto ambiental, riesgos.",
  },
  { heading: "7. Diseño conceptual", hint: "Anteproyecto y croquis: enlace a los lienzos del proyecto." },
  {
    heading: "8. Evaluación socioeconómica",
    hint: "Costos, beneficios, VPN, TIR, TRI, sensibilidad; tasa social de descuento 10 %.",
  },
  { heading: "9. Coordinación con dependencias", hint: "Opiniones y dictámenes." },
  { heading: "10. Seguimiento e indicadores", hint: "Indicadores, metas y responsables." },
  { heading: "11. Conclusiones y recomendaciones", hint: "" },
  { heading: "12. Anexos", hint: "" },
];

export interface ProseMirrorJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: ProseMirrorJson[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

/** The template as ProseMirror JSON: each section heading followed by an empty paragraph. */
export function studyTemplate(): ProseMirrorJson {
  return {
    type: "doc",
    content: STUDY_SECTIONS.flatMap((section) => [
      { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: section.heading }] },
      { type: "paragraph" },
    ]),
  };
}
