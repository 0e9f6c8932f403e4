import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { readStudy, restoreStudyContent, studyHtml, studyMarkdown, studySchema } from "./server";
import { validateStudyUpdate } from "./validation";
import { updateOn } from "./testing";
import { STUDY_FIELD } from "./extensions";
import { VERSION_CONTROL_NOTE } from "./version-control";

/** The ficha's «control de versiones» node: part of the study schema, accepted by the server, exported as a pointer. */
const withTable = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "0. Ficha de identificación" }] },
    { type: "paragraph", content: [{ type: "text", text: "Clave PE-2026-01." }] },
    { type: "versionControl" },
    { type: "paragraph" },
  ],
};

describe("versionControl", () => {
  it("is an atom block without attributes, written and read back through Yjs", () => {
    const type = studySchema().nodes.versionControl!;
    expect([type.isAtom, type.isBlock, type.isLeaf, Object.keys(type.spec.attrs ?? {})]).toEqual([true, true, true, []]);
    const doc = new Y.Doc();
    doc.transact(() => prosemirrorJSONToYXmlFragment(studySchema(), withTable, doc.getXmlFragment(STUDY_FIELD)));
    const { json, skipped } = readStudy(doc);
    expect(skipped).toEqual([]);
    expect(json.content?.[2]).toEqual({ type: "versionControl" });
  });

  it("passes the server's update validation, and an attribute on it does not", () => {
    const base = new Y.Doc();
    const good = updateOn(base, (copy) => copy.transact(() => prosemirrorJSONToYXmlFragment(studySchema(), withTable, copy.getXmlFragment(STUDY_FIELD))));
    expect(validateStudyUpdate(base, good)).toBeNull();
    const bad = updateOn(base, (copy) => {
      const element = new Y.XmlElement("versionControl");
      copy.getXmlFragment(STUDY_FIELD).insert(0, [element]);
      element.setAttribute("rows", "[]");
    });
    expect(validateStudyUpdate(base, bad)).not.toBeNull();
  });

  it("exports as a note that points to Taller (no versions typed into the file)", async () => {
    expect(await studyHtml(withTable)).toContain(`<div data-type="version-control"><p><em>${VERSION_CONTROL_NOTE}</em></p></div>`);
    expect(studyMarkdown(withTable)).toContain(`*${VERSION_CONTROL_NOTE}*`);
  });

  it("survives a restore like any block", () => {
    const doc = new Y.Doc();
    expect(restoreStudyContent(doc, withTable)).toBe(true);
    expect(readStudy(doc).json).toEqual(withTable);
    expect(restoreStudyContent(doc, withTable)).toBe(false);
  });
});
