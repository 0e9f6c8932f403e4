import { STUDY_SECTIONS, STUDY_SECTIONS_EN } from "@taller/editor-schema";

// A study's template is Spanish or English (its creator's UI language): each heading has its hint
// in the document's own language.
const byHeading = new Map([...STUDY_SECTIONS, ...STUDY_SECTIONS_EN].map((section) => [normalize(section.heading), section.hint]));
const byNumber = new Map(
  STUDY_SECTIONS.flatMap((section) => {
    const number = sectionNumber(section.heading);
    return number === null ? [] : [[number, section.hint] as const];
  }),
);

function normalize(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLocaleLowerCase("es-MX");
}

function sectionNumber(text: string): string | null {
  return /^\s*(\d{1,2})\.\s/.exec(text)?.[1] ?? null;
}

/**
 * The template's guidance for a section heading, or null when the heading is not one of the
 * template's. A heading someone retitled but kept numbered ("5. Descripción y alcance") keeps the
 * hint of its number. Sections without guidance (conclusions, annexes) give null too.
 */
export function hintForHeading(headingText: string): string | null {
  const hint = byHeading.get(normalize(headingText)) ?? byNumber.get(sectionNumber(headingText) ?? "");
  return hint ? hint : null;
}
