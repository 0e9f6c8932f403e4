// Probe for issue 9 case 6: what the server-side content validation costs per update. Prints, for
// a keystroke, a paste, a large update, a canvas shape move and a large canvas update, the time
// to validate (median and p99 over many runs) next to the time Yjs takes to apply the same update
// to a copy of the document. Run from the repository root:
//   pnpm --filter @taller/bench exec node --import tsx src/probes/validation-cost.ts
import * as Y from "yjs";
import { STUDY_FIELD, canvasStore } from "@taller/editor-schema";
import { seedStudyTemplate } from "@taller/editor-schema/server";
import { validateStudyUpdate } from "@taller/editor-schema/validation";
import { validateCanvasUpdate } from "@taller/editor-schema/canvas-validation";
import { geoShape, updateOn } from "@taller/editor-schema/testing";

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

const geo = (id: string, x: number) =>
  geoShape(id, { x, props: { richText: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Etiqueta" }] }] } } });

function time(runs: number, fn: () => void): { median: number; p99: number } {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(runs / 2)]!, p99: samples[Math.min(runs - 1, Math.floor(runs * 0.99))]! };
}

function report(name: string, base: Y.Doc, update: Uint8Array, validate: (doc: Y.Doc, update: Uint8Array) => unknown, runs: number) {
  if (validate(base, update) !== null) throw new Error(`${name}: refused ${JSON.stringify(validate(base, update))}`);
  for (let i = 0; i < Math.min(runs, 20); i++) validate(base, update); // warm-up
  const check = time(runs, () => validate(base, update));
  const state = Y.encodeStateAsUpdate(base);
  const apply = time(Math.max(3, Math.floor(runs / 10)), () => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, state);
    Y.applyUpdate(copy, update);
  });
  const applyBase = time(Math.max(3, Math.floor(runs / 10)), () => Y.applyUpdate(new Y.Doc(), state));
  const ms = (n: number) => `${n < 0.1 ? (n * 1000).toFixed(1) + " µs" : n.toFixed(2) + " ms"}`;
  console.log(
    `${name.padEnd(44)} ${String(update.byteLength).padStart(9)} B   validate median ${ms(check.median).padStart(9)}  p99 ${ms(check.p99).padStart(9)}   Yjs apply ≈ ${ms(Math.max(0, apply.median - applyBase.median))}`,
  );
}

// A study of realistic size: the template plus 400 paragraphs of text (~80 KB).
const study = new Y.Doc();
seedStudyTemplate(study);
study.getXmlFragment(STUDY_FIELD).insert(5, Array.from({ length: 400 }, (_, i) => paragraph(`Párrafo ${i}: `.padEnd(200, "texto del estudio "))));
const target = () => (study.getXmlFragment(STUDY_FIELD).get(200) as Y.XmlElement).get(0) as Y.XmlText;
target(); // exists

console.log(`study: ${Y.encodeStateAsUpdate(study).byteLength} B stored`);
report("study keystroke (1 char into a paragraph)", study, updateOn(study, (d) => ((d.getXmlFragment(STUDY_FIELD).get(200) as Y.XmlElement).get(0) as Y.XmlText).insert(10, "x")), validateStudyUpdate, 5000);
report("study bold over a word", study, updateOn(study, (d) => ((d.getXmlFragment(STUDY_FIELD).get(200) as Y.XmlElement).get(0) as Y.XmlText).format(10, 8, { bold: {} })), validateStudyUpdate, 5000);
report("study paste: 20 paragraphs", study, updateOn(study, (d) => d.getXmlFragment(STUDY_FIELD).insert(100, Array.from({ length: 20 }, (_, i) => paragraph(`Pegado ${i} `.repeat(20))))), validateStudyUpdate, 1000);
report(
  "study typed char by char: 2,000 items",
  study,
  updateOn(study, (d) => {
    const text = (d.getXmlFragment(STUDY_FIELD).get(300) as Y.XmlElement).get(0) as Y.XmlText;
    for (let i = 0; i < 2000; i++) d.transact(() => text.insert((i * 7919) % (text.length + 1), "a"));
  }),
  validateStudyUpdate,
  100,
);
report("study large update: 5,000 paragraphs (~1.9 MB)", study, updateOn(study, (d) => d.getXmlFragment(STUDY_FIELD).insert(0, Array.from({ length: 5000 }, (_, i) => paragraph(`Bloque ${i} `.padEnd(380, "contenido "))))), validateStudyUpdate, 20);

// A canvas with 1,000 shapes.
const canvas = new Y.Doc();
canvas.transact(() => {
  const kv = canvasStore(canvas);
  kv.set("document:document", { id: "document:document", typeName: "document", gridSize: 10, name: "", meta: {} });
  kv.set("page:p1", { id: "page:p1", typeName: "page", name: "Página 1", index: "a1", meta: {} });
  for (let i = 0; i < 1000; i++) kv.set(`shape:s${i}`, geo(`shape:s${i}`, i));
});
console.log(`canvas: ${Y.encodeStateAsUpdate(canvas).byteLength} B stored`);
report("canvas shape moved (YKeyValue overwrite)", canvas, updateOn(canvas, (d) => canvasStore(d).set("shape:s500", geo("shape:s500", 9999))), validateCanvasUpdate, 5000);
report("canvas large update: 2,000 shapes", canvas, updateOn(canvas, (d) => d.transact(() => {
  const kv = canvasStore(d);
  for (let i = 0; i < 2000; i++) kv.set(`shape:n${i}`, geo(`shape:n${i}`, i));
})), validateCanvasUpdate, 20);
