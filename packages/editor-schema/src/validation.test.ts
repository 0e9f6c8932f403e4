import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { EditorState, type Transaction } from "@tiptap/pm/state";
import type { Node } from "@tiptap/pm/model";
import { initProseMirrorDoc, updateYFragment, yXmlFragmentToProseMirrorRootNode, ySyncPluginKey } from "@tiptap/y-tiptap";
import { readStudy, seedStudyTemplate, studyHtml, studyMarkdown, studySchema } from "./server";
import { validateStudyUpdate } from "./validation";
import { updateOn } from "./testing";
import { STUDY_FIELD } from "./extensions";

/**
 * The study validator accepts what the editor's real binding writes (y-tiptap's updateYFragment,
 * the function its sync plugin runs on every ProseMirror transaction) and refuses the shapes the
 * editor never writes; the tolerant reader shows any stored shape without throwing or writing.
 */

const schema = studySchema();

/** A server copy and an editor bound to a client copy of a seeded study. */
function setup() {
  const server = new Y.Doc();
  seedStudyTemplate(server);
  return { server, editor: new Editor(server) };
}

/** What the web editor does: a ProseMirror state mirrored into a Y.Doc by y-tiptap. */
class Editor {
  readonly doc = new Y.Doc();
  state: EditorState;
  private readonly meta: ReturnType<typeof initProseMirrorDoc>["meta"];
  constructor(from: Y.Doc) {
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(from));
    const init = initProseMirrorDoc(this.doc.getXmlFragment(STUDY_FIELD), schema);
    this.meta = init.meta;
    this.state = EditorState.create({ schema, doc: init.doc });
  }
  /** Applies a ProseMirror transaction and returns the Yjs update the binding writes for it. */
  edit(change: (tr: Transaction, doc: Node) => void): Uint8Array {
    const tr = this.state.tr;
    change(tr, tr.doc);
    this.state = this.state.apply(tr);
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array) => updates.push(update);
    this.doc.on("update", collect);
    this.doc.transact(() => updateYFragment(this.doc, this.doc.getXmlFragment(STUDY_FIELD), this.state.doc, this.meta), ySyncPluginKey);
    this.doc.off("update", collect);
    return Y.mergeUpdates(updates);
  }
}

/** Validates `update` against `server` (asserting the check does not touch it), then applies it. */
function deliver(server: Y.Doc, update: Uint8Array) {
  const before = Y.encodeStateAsUpdate(server);
  const roots = [...server.share.keys()];
  const refusal = validateStudyUpdate(server, update);
  expect(Y.encodeStateAsUpdate(server)).toEqual(before);
  expect([...server.share.keys()]).toEqual(roots);
  if (refusal === null) Y.applyUpdate(server, update);
  return refusal;
}

/** Position just inside the end of the n-th top-level node. */
function endOf(doc: Node, index: number): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  return pos + doc.child(index).nodeSize - 1;
}

const firstParagraph = (doc: Y.Doc) =>
  doc
    .getXmlFragment(STUDY_FIELD)
    .toArray()
    .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === "paragraph")!;

describe("study update validation accepts what the editor writes", () => {
  it("accepts the seeded template and a replay of it", () => {
    const seeded = new Y.Doc();
    seedStudyTemplate(seeded);
    const server = new Y.Doc();
    expect(deliver(server, Y.encodeStateAsUpdate(seeded))).toBeNull();
    expect(deliver(server, Y.encodeStateAsUpdate(seeded))).toBeNull();
  });

  it("accepts typing, marks, links, headings, lists, tables, code, images, breaks and deletions", () => {
    const { server, editor } = setup();
    const edits: [string, (tr: Transaction, doc: Node) => void][] = [
      ["type a character", (tr, doc) => tr.insertText("P", endOf(doc, 1))],
      ["type a word", (tr, doc) => tr.insertText("royecto de movilidad", endOf(doc, 1))],
      ["bold", (tr, doc) => tr.addMark(endOf(doc, 1) - 8, endOf(doc, 1), schema.marks.bold!.create())],
      ["italic + underline", (tr, doc) => tr.addMark(endOf(doc, 1) - 12, endOf(doc, 1) - 4, schema.marks.italic!.create()).addMark(endOf(doc, 1) - 3, endOf(doc, 1), schema.marks.underline!.create())],
      ["link", (tr, doc) => tr.addMark(endOf(doc, 1) - 20, endOf(doc, 1) - 14, schema.marks.link!.create({ href: "https://implan.gob.mx" }))],
      ["split a paragraph", (tr, doc) => tr.split(endOf(doc, 1) - 5)],
      ["heading level", (tr, doc) => tr.setNodeMarkup(endOf(doc, 0) - doc.child(0).content.size - 1, undefined, { level: 3 })],
      ["hard break", (tr, doc) => tr.insert(endOf(doc, 1), schema.nodes.hardBreak!.create())],
      [
        "table",
        (tr, doc) =>
          tr.insert(
            endOf(doc, 3) + 1,
            schema.nodeFromJSON({
              type: "table",
              content: [
                { type: "tableRow", content: [{ type: "tableHeader", content: [{ type: "paragraph", content: [{ type: "text", text: "Concepto" }] }] }, { type: "tableHeader", attrs: { colwidth: [120] }, content: [{ type: "paragraph", content: [{ type: "text", text: "Monto" }] }] }] },
                { type: "tableRow", content: [{ type: "tableCell", attrs: { colspan: 1, rowspan: 1 }, content: [{ type: "paragraph", content: [{ type: "text", text: "Obra" }] }] }, { type: "tableCell", content: [{ type: "paragraph", content: [{ type: "text", text: "$ 1,000", marks: [{ type: "bold" }] }] }] }] },
              ],
            }),
          ),
      ],
      [
        "lists",
        (tr, doc) =>
          tr.insert(endOf(doc, 5) + 1, [
            schema.nodeFromJSON({ type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "uno" }] }, { type: "orderedList", attrs: { start: 3 }, content: [{ type: "listItem", content: [{ type: "paragraph" }] }] }] }] }),
            schema.nodeFromJSON({ type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "cita", marks: [{ type: "strike" }, { type: "code" }] }] }] }),
            schema.nodeFromJSON({ type: "codeBlock", attrs: { language: "sql" }, content: [{ type: "text", text: "select 1;" }] }),
            schema.nodeFromJSON({ type: "image", attrs: { src: "/api/assets/abc", alt: "croquis", title: "Croquis" } }),
            schema.nodeFromJSON({ type: "horizontalRule" }),
          ]),
      ],
      ["delete across nodes", (tr, doc) => tr.delete(endOf(doc, 1) - 3, endOf(doc, 3) - 2)],
      ["remove a mark", (tr, doc) => tr.removeMark(0, doc.content.size, schema.marks.bold!)],
      ["replace everything", (tr, doc) => tr.replaceWith(0, doc.content.size, schema.nodeFromJSON({ type: "paragraph", content: [{ type: "text", text: "nuevo" }] }))],
    ];
    for (const [name, change] of edits) {
      const update = editor.edit(change);
      expect(deliver(server, update), name).toBeNull();
      const reading = readStudy(server);
      expect(reading.json, name).toEqual(editor.state.doc.toJSON());
      expect(reading.skipped, name).toEqual([]);
    }
  });

  it("accepts concurrent edits of two editors merged in either order", () => {
    const { server, editor: a } = setup();
    const b = new Editor(server);
    const fromA = a.edit((tr, doc) => tr.insertText("Texto de A", endOf(doc, 1)));
    const fromB = b.edit((tr, doc) => tr.insertText("Texto de B", endOf(doc, 1)).split(endOf(doc, 1)));
    const fromA2 = a.edit((tr, doc) => tr.addMark(endOf(doc, 1) - 4, endOf(doc, 1), schema.marks.bold!.create()));
    expect(deliver(server, fromB)).toBeNull();
    expect(deliver(server, fromA)).toBeNull();
    expect(deliver(server, fromA2)).toBeNull();
    const other = new Y.Doc();
    seedStudyTemplate(other);
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    expect(readStudy(server).skipped).toEqual([]);
  });
});

describe("study update validation refuses shapes the editor never writes", () => {
  const cases: [string, (doc: Y.Doc) => void, RegExp][] = [
    [
      "bare XmlText at the fragment root",
      (doc) => {
        const text = new Y.XmlText();
        text.insert(0, "texto suelto");
        doc.getXmlFragment(STUDY_FIELD).insert(0, [text]);
      },
      /text may not be in the study root/,
    ],
    ["a plain value at the fragment root", (doc) => (doc.getXmlFragment(STUDY_FIELD) as unknown as Y.Array<unknown>).insert(0, ["suelto"]), /ContentAny directly in the study root/],
    ["a value after an existing paragraph (origin in the document)", (doc) => (doc.getXmlFragment(STUDY_FIELD) as unknown as Y.Array<unknown>).insert(3, [null]), /ContentAny directly in the study root/],
    ["another root", (doc) => doc.getText("notes").insert(0, "x"), /a study has no root "notes"/],
    ["an unknown node", (doc) => doc.getXmlFragment(STUDY_FIELD).insert(0, [new Y.XmlElement("script")]), /unknown node <script>/],
    ["a heading in a paragraph", (doc) => firstParagraph(doc).insert(0, [new Y.XmlElement("heading")]), /<heading> may not be in <paragraph>/],
    [
      "text in a table",
      (doc) => {
        const table = new Y.XmlElement("table");
        table.insert(0, [new Y.XmlText("x")]);
        doc.getXmlFragment(STUDY_FIELD).insert(0, [table]);
      },
      /text may not be in <table>/,
    ],
    ["a Y.Map in the fragment", (doc) => (doc.getXmlFragment(STUDY_FIELD) as unknown as Y.Array<unknown>).insert(0, [new Y.Map()]), /Map in the study root/],
    ["a Y.Text (not XmlText) in a paragraph", (doc) => (firstParagraph(doc) as unknown as Y.Array<unknown>).insert(0, [new Y.Text("x")]), /Text in <paragraph>/],
    ["an unknown attribute", (doc) => firstParagraph(doc).setAttribute("onclick", "alert(1)"), /paragraph has no attribute onclick/],
    [
      "a heading level of the wrong type (overwriting the stored one)",
      (doc) => (doc.getXmlFragment(STUDY_FIELD).get(0) as Y.XmlElement).setAttribute("level", "<h1>" as unknown as string),
      /heading.level must be a number/,
    ],
    ["a type as an attribute", (doc) => firstParagraph(doc).setAttribute("x", new Y.Map() as unknown as string), /attribute x is Map/],
    [
      "an unknown mark",
      (doc) => {
        const text = new Y.XmlText();
        firstParagraph(doc).insert(0, [text]);
        text.insert(0, "x", { evil: {} });
      },
      /unknown mark evil/,
    ],
    [
      "a mark attribute the schema lacks",
      (doc) => {
        const text = new Y.XmlText();
        firstParagraph(doc).insert(0, [text]);
        text.insert(0, "x", { link: { href: "https://a.mx", onclick: "x" } });
      },
      /link has no attribute onclick/,
    ],
    [
      "bold in a code block",
      (doc) => {
        const code = new Y.XmlElement("codeBlock");
        const text = new Y.XmlText();
        code.insert(0, [text]);
        text.insert(0, "x", { bold: {} });
        doc.getXmlFragment(STUDY_FIELD).insert(0, [code]);
      },
      /mark bold may not be in <codeBlock>/,
    ],
    [
      "an attribute on text",
      (doc) => {
        const text = new Y.XmlText("x");
        firstParagraph(doc).insert(0, [text]);
        text.setAttribute("style", "x");
      },
      /text has no attributes/,
    ],
    [
      "an embed in text",
      (doc) => {
        const text = new Y.XmlText("x");
        firstParagraph(doc).insert(0, [text]);
        text.insertEmbed(0, { image: "x" });
      },
      /ContentEmbed in text/,
    ],
  ];
  for (const [name, change, detail] of cases) {
    it(`refuses ${name}`, () => {
      const server = new Y.Doc();
      seedStudyTemplate(server);
      // Written with raw Yjs: what a hostile or buggy client can send.
      const refusal = deliver(server, updateOn(server, change));
      expect(refusal?.reason).toBe("invalid_content");
      expect(refusal?.detail).toMatch(detail);
    });
  }

  it("refuses bare text typed into a root named like the fragment", () => {
    const server = new Y.Doc();
    seedStudyTemplate(server);
    const other = new Y.Doc();
    other.getText(STUDY_FIELD).insert(0, "texto suelto");
    const refusal = deliver(server, Y.encodeStateAsUpdate(other));
    expect(refusal?.detail).toMatch(/ContentString directly in the study root/);
  });

  it("leaves an update whose parent it cannot find to the host's dependency rule", () => {
    const server = new Y.Doc();
    seedStudyTemplate(server);
    const writer = new Y.Doc();
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(server));
    const p = new Y.XmlElement("paragraph");
    writer.getXmlFragment(STUDY_FIELD).insert(0, [p]);
    const withParagraph = Y.encodeStateVector(writer);
    p.insert(0, [new Y.XmlText("hola")]);
    const onlyText = Y.encodeStateAsUpdate(writer, withParagraph);
    expect(validateStudyUpdate(server, onlyText)).toBeNull();
  });
});

describe("reading stored studies that are not valid (stored before validation)", () => {
  const legacy: [string, (doc: Y.Doc) => void][] = [
    ["bare XmlText at the root", (doc) => doc.getXmlFragment(STUDY_FIELD).insert(0, [new Y.XmlText("texto suelto")])],
    ["a plain value at the root", (doc) => (doc.getXmlFragment(STUDY_FIELD) as unknown as Y.Array<unknown>).insert(0, ["suelto", null, 3])],
    ["a Y.Map at the root", (doc) => (doc.getXmlFragment(STUDY_FIELD) as unknown as Y.Array<unknown>).insert(0, [new Y.Map()])],
    ["an unknown node", (doc) => doc.getXmlFragment(STUDY_FIELD).insert(0, [new Y.XmlElement("script")])],
    ["an empty table", (doc) => doc.getXmlFragment(STUDY_FIELD).insert(0, [new Y.XmlElement("table")])],
    ["a heading in a paragraph", (doc) => firstParagraph(doc).insert(0, [new Y.XmlElement("heading")])],
    ["a bad attribute", (doc) => (doc.getXmlFragment(STUDY_FIELD).get(0) as Y.XmlElement).setAttribute("level", "<x>" as unknown as string)],
    ["an unknown mark", (doc) => (firstParagraph(doc).insert(0, [new Y.XmlText()]), (firstParagraph(doc).get(0) as Y.XmlText).insert(0, "x", { evil: true }))],
    ["a list item without its paragraph", (doc) => {
      const list = new Y.XmlElement("bulletList");
      const item = new Y.XmlElement("listItem");
      list.insert(0, [item]);
      doc.getXmlFragment(STUDY_FIELD).insert(0, [list]);
    }],
  ];
  for (const [name, corrupt] of legacy) {
    it(`shows a study holding ${name}, without throwing or writing to it`, async () => {
      const doc = new Y.Doc();
      seedStudyTemplate(doc);
      corrupt(doc);
      let written = false;
      doc.on("update", () => (written = true));
      const { json, skipped } = readStudy(doc);
      expect(written).toBe(false);
      expect(skipped.length).toBeGreaterThan(0);
      expect(() => schema.nodeFromJSON(json).check()).not.toThrow();
      expect(studyMarkdown(json)).toContain("1. Resumen ejecutivo");
      expect(await studyHtml(json)).toContain("1. Resumen ejecutivo");
    });
  }

  it("keeps bare text at the root in a paragraph", () => {
    const doc = new Y.Doc();
    doc.getXmlFragment(STUDY_FIELD).insert(0, [new Y.XmlText("texto suelto")]);
    expect(readStudy(doc).json).toEqual({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "texto suelto" }] }] });
  });

  it("reads valid studies exactly as y-tiptap does", () => {
    const { server, editor } = setup();
    editor.edit((tr, doc) => tr.insertText("Hola", endOf(doc, 1)).addMark(endOf(doc, 1) - 3, endOf(doc, 1) + 4, schema.marks.italic!.create()));
    Y.applyUpdate(server, Y.encodeStateAsUpdate(editor.doc));
    expect(readStudy(server).json).toEqual(yXmlFragmentToProseMirrorRootNode(server.getXmlFragment(STUDY_FIELD), schema).toJSON());
  });
});
