import * as Y from "yjs";
import type { Actor } from "@taller/domain";
import type { Database, StudyDocument } from "@taller/db";
import { CANVAS_FIELD, STUDY_FIELD } from "@taller/editor-schema";
import { DocumentStorage } from "../collab/document-storage";
import { createThread, replyToThread, resolveThread } from "../commands/threads";
import type { ProjectAccess } from "../queries/access";

/**
 * Demo coordination threads: a study with a few written paragraphs and a canvas with a few shapes
 * (stored as the documents' first state, before any room loads them), and threads by agencies on
 * them: Obra Pública asks about the right of way on a sentence, Medio Ambiente pins a note on a
 * shape, and a thread resolved with a note. All fictional.
 */

const PARAGRAPHS: Record<string, string[]> = {
  "1. Resumen ejecutivo": [
    "El corredor reordena 7.8 km de la Av. Revolución con carriles exclusivos para transporte público, 14 paraderos accesibles y semaforización adaptativa.",
    "El derecho de vía de la Av. Revolución entre la calle Hidalgo y el Periférico Norte tiene 32 m de sección, suficiente para dos carriles exclusivos sin afectar predios.",
  ],
  "5. Descripción del proyecto": [
    "Se reubicarán 46 árboles del camellón central al parque de la colonia Centro; las nuevas jardineras de los paraderos se plantarán con especies nativas.",
  ],
};

/** The study's first state: the template with the demo paragraphs under their headings. */
async function studyState(): Promise<Uint8Array> {
  const { seedStudyTemplate } = await import("@taller/editor-schema/server");
  const doc = new Y.Doc();
  seedStudyTemplate(doc);
  const fragment = doc.getXmlFragment(STUDY_FIELD);
  doc.transact(() => {
    for (let index = fragment.length - 1; index >= 0; index--) {
      const node = fragment.get(index);
      if (!(node instanceof Y.XmlElement) || node.nodeName !== "heading") continue;
      const texts = PARAGRAPHS[node.toArray().map((child) => (child instanceof Y.XmlText ? child.toString() : "")).join("")] ?? [];
      // Right after the heading, in order (the template's empty paragraph follows them).
      texts.forEach((text, offset) => {
        const paragraph = new Y.XmlElement("paragraph");
        const xmlText = new Y.XmlText();
        paragraph.insert(0, [xmlText]);
        fragment.insert(index + 1 + offset, [paragraph]);
        xmlText.insert(0, text);
      });
    }
  });
  return Y.encodeStateAsUpdate(doc);
}

const richText = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

function geo(id: string, x: number, y: number, w: number, h: number, label: string, color: string, index: string) {
  return {
    id,
    typeName: "shape",
    type: "geo",
    x,
    y,
    rotation: 0,
    index,
    parentId: "page:page",
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      w, h, geo: "rectangle", dash: "draw", growY: 0, url: "", scale: 1, flipX: false, flipY: false, color, labelColor: "black",
      fill: "semi", size: "m", font: "draw", align: "middle", verticalAlign: "middle", richText: richText(label),
    },
  };
}

/** The canvas's first state: tldraw's document and page records and a few labelled shapes. */
function canvasState(): Uint8Array {
  const doc = new Y.Doc();
  const records = [
    { id: "document:document", typeName: "document", gridSize: 10, name: "", meta: {} },
    { id: "page:page", typeName: "page", name: "Página 1", index: "a1", meta: {} },
    geo("shape:carril-exclusivo", 0, 0, 640, 80, "Carril exclusivo (sentido norte)", "blue", "a1"),
    geo("shape:paradero-centro", 220, 120, 200, 90, "Paradero Centro", "green", "a2"),
    geo("shape:camellon", 0, 240, 640, 60, "Camellón central (arbolado)", "light-green", "a3"),
  ];
  const array = doc.getArray<{ key: string; val: unknown }>(CANVAS_FIELD);
  doc.transact(() => array.push(records.map((val) => ({ key: val.id, val }))));
  return Y.encodeStateAsUpdate(doc);
}

/** The XmlText of the study holding `words`, and where they start. */
function findWords(doc: Y.Doc, words: string): { text: Y.XmlText; index: number } {
  for (const node of doc.getXmlFragment(STUDY_FIELD).toArray()) {
    if (!(node instanceof Y.XmlElement)) continue;
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText && child.toString().includes(words)) return { text: child, index: child.toString().indexOf(words) };
    }
  }
  throw new Error(`demo: "${words}" is not in the study`);
}

async function textAnchor(state: Uint8Array, words: string) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const { text, index } = findWords(doc, words);
  const start = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index)) as Record<string, unknown>;
  const end = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index + words.length, -1)) as Record<string, unknown>;
  const { studyAnchorReader } = await import("@taller/editor-schema/anchors");
  const resolved = studyAnchorReader(doc).range(start, end);
  if (resolved.status !== "ok") throw new Error(`demo: anchor on "${words}" does not resolve`);
  return { type: "text" as const, start, end, quote: resolved.quote };
}

/** Writes the documents' first state and the demo threads. `people` by role name in the demo. */
export async function seedDemoComments(
  db: Database,
  input: { access: ProjectAccess; study: StudyDocument; canvas: StudyDocument; people: { owner: Actor; editor: Actor; obraPublica: Actor; medioAmbiente: Actor; reviewer: Actor } },
): Promise<void> {
  const { access, study, canvas, people } = input;
  const storage = new DocumentStorage(db);
  const studyUpdate = await studyState();
  await storage.append(study.collabName, [studyUpdate]);
  await storage.append(canvas.collabName, [canvasState()]);

  const onStudy = { ...access, document: study };
  const onCanvas = { ...access, document: canvas };
  const mention = (actor: Actor, name: string) => `@[${name}](${actor.userId})`;

  // Obra Pública asks about the right of way on a sentence; the editor answers, mentioning the owner.
  const rightOfWay = await createThread({
    db,
    actor: people.obraPublica,
    access: onStudy,
    input: {
      anchor: await textAnchor(studyUpdate, "tiene 32 m de sección, suficiente para dos carriles exclusivos sin afectar predios"),
      body: "¿De dónde sale la sección de 32 m? En nuestro levantamiento de 2024 el derecho de vía frente al mercado Hidalgo es de 28 m; ahí sí habría afectaciones. Solicitamos el plano de alineamientos vigente.",
    },
  });
  await replyToThread({
    db,
    actor: people.editor,
    access: { ...onStudy, thread: rightOfWay },
    input: { body: `Tomamos la sección del plano de 2019. ${mention(people.owner, "Lucía Méndez Arriaga")}, ¿pedimos a Desarrollo Urbano el alineamiento actualizado?` },
  });

  // Medio Ambiente pins a note on the median's shape.
  await createThread({
    db,
    actor: people.medioAmbiente,
    access: onCanvas,
    input: {
      anchor: { type: "canvas", shapeId: "shape:camellon", point: { x: 0.5, y: 0.5 } },
      body: "El camellón tiene ejemplares de fresno y mezquite de más de 40 años. Antes de reubicar se requiere el dictamen de arbolado y el programa de compensación (3 a 1).",
    },
  });

  // A thread the agency resolved itself, with a note.
  const trees = await createThread({
    db,
    actor: people.medioAmbiente,
    access: onStudy,
    input: {
      anchor: await textAnchor(studyUpdate, "se plantarán con especies nativas"),
      body: "Favor de indicar las especies; sugerimos palo blanco, huizache y mezquite, que no requieren riego después del segundo año.",
    },
  });
  const treesAccess = { ...onStudy, thread: trees };
  await replyToThread({ db, actor: people.owner, access: treesAccess, input: { body: "Incluimos la paleta vegetal en el anexo 4 con las tres especies que proponen." } });
  await resolveThread({ db, actor: people.medioAmbiente, access: treesAccess, input: { note: "Atendido: la paleta vegetal del anexo 4 es correcta." } });
}
