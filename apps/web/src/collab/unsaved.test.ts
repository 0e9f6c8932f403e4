import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { canvasStore } from "@taller/editor-schema/canvas";
import { SaveLedger, stateVectorOf } from "./save-status";
import { STUDY_FIELD } from "@taller/editor-schema";
import { STUDY_FIELD_NAME, unsavedCanvasRecords, unsavedStudyText } from "./unsaved";

/** A ledger whose last ack says storage holds `doc` as it is now. */
function storedUpTo(doc: Y.Doc): SaveLedger {
  const ledger = new SaveLedger();
  ledger.opened();
  ledger.serverSynced();
  ledger.sentMessage("step2");
  ledger.ack(1, stateVectorOf(doc));
  return ledger;
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement("paragraph");
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

describe("unsaved changes", () => {
  it("reads the study from the field the editor writes", () => {
    expect(STUDY_FIELD_NAME).toBe(STUDY_FIELD);
  });

  it("lists the text inserted after what storage holds, per block", () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("default");
    fragment.insert(0, [paragraph("Resumen ejecutivo"), paragraph("Antecedentes")]);
    const ledger = storedUpTo(doc);
    expect(unsavedStudyText(doc, "default", ledger.uncovered(stateVectorOf(doc)))).toEqual([]);

    const first = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    first.insert(first.length, " del parque");
    first.insert(0, "Nuevo: ");
    fragment.insert(2, [paragraph("Texto escrito sin conexión")]);
    expect(unsavedStudyText(doc, "default", ledger.uncovered(stateVectorOf(doc)))).toEqual([
      { kind: "text", text: "Nuevo: … del parque" },
      { kind: "text", text: "Texto escrito sin conexión" },
    ]);
  });

  it("lists canvas shapes added or changed after what storage holds", () => {
    const doc = new Y.Doc();
    const kv = canvasStore(doc);
    kv.set("shape:a", { type: "geo", props: { geo: "rectangle", richText: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Plaza" }] }] } } });
    kv.set("shape:b", { type: "text", props: { richText: { type: "doc", content: [] } } });
    const ledger = storedUpTo(doc);
    kv.set("shape:a", { type: "geo", props: { geo: "rectangle", richText: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Plaza cívica" }] }] } } });
    kv.set("shape:c", { type: "note", props: { richText: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Arbolado" }] }] } } });
    expect(unsavedCanvasRecords(doc, ledger.uncovered(stateVectorOf(doc)))).toEqual([
      { kind: "shape", type: "geo", text: "Plaza cívica" },
      { kind: "shape", type: "note", text: "Arbolado" },
    ]);
  });
});
