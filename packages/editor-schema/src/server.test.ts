import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { seedStudyTemplate, studyHtml, studyJson, studyMarkdown } from "./server";
import { STUDY_SECTIONS, STUDY_SECTIONS_EN } from "./template";

describe("study documents on the server", () => {
  it("seeds the template headings once", () => {
    const doc = new Y.Doc();
    seedStudyTemplate(doc);
    seedStudyTemplate(doc);
    const json = studyJson(doc);
    const headings = (json.content ?? []).filter((n) => n.type === "heading").map((n) => n.content?.[0]?.text);
    expect(headings).toEqual(STUDY_SECTIONS.map((s) => s.heading));
  });

  it("seeds the headings in English when the creator uses the English UI, with the same numbering", () => {
    const doc = new Y.Doc();
    seedStudyTemplate(doc, "en");
    const headings = (studyJson(doc).content ?? []).filter((n) => n.type === "heading").map((n) => n.content?.[0]?.text);
    expect(headings).toEqual(STUDY_SECTIONS_EN.map((s) => s.heading));
    expect(headings[1]).toBe("1. Executive summary");
    const number = (heading: string) => heading.split(".")[0];
    expect(STUDY_SECTIONS_EN.map((s) => number(s.heading))).toEqual(STUDY_SECTIONS.map((s) => number(s.heading)));
  });

  it("survives a Yjs round trip and exports HTML and Markdown", async () => {
    const source = new Y.Doc();
    seedStudyTemplate(source);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(source));
    const json = studyJson(copy);
    const html = await studyHtml(json);
    expect(html).toContain("<h2>1. Resumen ejecutivo</h2>");
    const md = studyMarkdown(json);
    expect(md).toContain("## 8. Evaluación socioeconómica");
  });

  it("escapes markup typed as text", async () => {
    const html = await studyHtml({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "<script>alert(1)</script>" }] }] });
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
  });
});
