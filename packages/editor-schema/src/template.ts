/**
 * The study-proposal template (docs/domain.md "Study proposal template"): section headings in the
 * order the office writes them, each with the guidance the editor shows as a hint.
 */
export const STUDY_SECTIONS: readonly { heading: string; hint: string }[] = [
  { heading: "0. Ficha de identificación", hint: "Clave, etapa y tipo de evaluación. El control de versiones, abajo, lo lleva Taller." },
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

/**
 * The same template in English, for studies created by someone using the English UI: the same
 * thirteen sections, in the same order and numbering (the editor's hints follow the number).
 */
export const STUDY_SECTIONS_EN: readonly { heading: string; hint: string }[] = [
  { heading: "0. Identification sheet", hint: "Code, stage and type of evaluation. The version control below is kept by Taller." },
  { heading: "1. Executive summary", hint: "Synthesis of the project, its justification and its cost." },
  { heading: "2. Strategic alignment", hint: "PMD, Government Programme, PMDUOET, SDGs." },
  { heading: "3. Diagnosis of the current situation", hint: "Problem, area of influence, supply and demand." },
  { heading: "4. Situation without the project and analysis of alternatives", hint: "Optimizations and alternatives evaluated." },
  { heading: "5. Project description", hint: "Objectives, targets, location, components, schedule, amount, sources." },
  {
    heading: "6. Territorial and regulatory analysis",
    hint: "Zoning, land-use compatibility, COS/CUS/CAS, land tenure, right of way, environmental impact, risks.",
  },
  { heading: "7. Conceptual design", hint: "Preliminary design and sketches: link to the project's canvases." },
  {
    heading: "8. Socioeconomic evaluation",
    hint: "Costs, benefits, NPV, IRR, first-year return, sensitivity; social discount rate 10%.",
  },
  { heading: "9. Coordination with agencies", hint: "Opinions and rulings." },
  { heading: "10. Follow-up and indicators", hint: "Indicators, targets and people in charge." },
  { heading: "11. Conclusions and recommendations", hint: "" },
  { heading: "12. Annexes", hint: "" },
];

/** The languages a new study's template can be written in (the UI's languages). */
export const TEMPLATE_LANGUAGES = ["es-MX", "en"] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

/** The template's sections in `language` (Spanish unless English is asked for). */
export function studySections(language: TemplateLanguage = "es-MX"): readonly { heading: string; hint: string }[] {
  return language === "en" ? STUDY_SECTIONS_EN : STUDY_SECTIONS;
}

export interface ProseMirrorJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: ProseMirrorJson[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

/**
 * The template as ProseMirror JSON: each section heading followed by an empty paragraph; the
 * identification sheet (section 0) ends with the «control de versiones» block, which lists the
 * document's versions and their review status from the database (see version-control.ts).
 */
export function studyTemplate(language: TemplateLanguage = "es-MX"): ProseMirrorJson {
  return {
    type: "doc",
    content: studySections(language).flatMap((section, i) => [
      { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: section.heading }] },
      { type: "paragraph" },
      ...(i === 0 ? [{ type: "versionControl" }] : []),
    ]),
  };
}
