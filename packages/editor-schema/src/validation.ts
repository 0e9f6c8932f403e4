import * as Y from "yjs";
import type { ContentMatch, NodeType, Schema } from "@tiptap/pm/model";
import { STUDY_FIELD } from "./extensions";
import { studySchema } from "./server";
import { contentName, placeUpdateItems, type Container, type PlacedItem } from "./update-structure";
import { refuse, type ContentRefusal, type DecodedUpdate } from "./validation-types";
import { attrProblem, markTypeOf, nodeTypeOf } from "./schema-rules";

/**
 * Server-side validation of study updates: an update is accepted only if every item it adds
 * keeps the study's Y.XmlFragment in the shape the editor's binding (y-tiptap) writes for the
 * shared TipTap schema. It runs before the update is applied and never modifies the document.
 *
 * Only per-item rules are checked (which node may hold which child, attribute and mark names
 * and value types), never a node's full content expression: concurrent edits of two honest
 * clients can merge into a child sequence neither wrote (the readers repair that), but an
 * item's parent and its content are fixed when it is created, so these rules hold for every
 * update an honest client sends, whatever it is merged with.
 */

export type { ContentRefusal, DecodedUpdate, UpdateValidator } from "./validation-types";

interface StudyRules {
  schema: Schema;
  /** Node types each node type may hold as children (reachable in its content expression). */
  children: Map<NodeType, Set<NodeType>>;
}

const rulesCache = new WeakMap<Schema, StudyRules>();

function reachable(start: ContentMatch): Set<NodeType> {
  const types = new Set<NodeType>();
  const seen = new Set<ContentMatch>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const match = queue.pop()!;
    for (let i = 0; i < match.edgeCount; i++) {
      const { type, next } = match.edge(i);
      types.add(type);
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return types;
}

function rulesFor(schema: Schema): StudyRules {
  let rules = rulesCache.get(schema);
  if (rules === undefined) {
    const children = new Map<NodeType, Set<NodeType>>();
    for (const type of Object.values(schema.nodes)) children.set(type, reachable(type.contentMatch));
    rules = { schema, children };
    rulesCache.set(schema, rules);
  }
  return rules;
}

function checkChild(rules: StudyRules, parent: NodeType, content: Y.Item["content"]): string | null {
  const where = parent === rules.schema.topNodeType ? "the study root" : `<${parent.name}>`;
  if (!(content instanceof Y.ContentType)) return `${contentName(content)} directly in ${where}`;
  const type = content.type;
  const allowed = rules.children.get(parent)!;
  if (type instanceof Y.XmlElement) {
    const node = nodeTypeOf(rules.schema, type.nodeName);
    if (node === null) return `unknown node <${type.nodeName}>`;
    return allowed.has(node) ? null : `<${type.nodeName}> may not be in ${where}`;
  }
  if (type instanceof Y.XmlText) return allowed.has(rules.schema.nodes.text!) ? null : `text may not be in ${where}`;
  return `${contentName(content)} in ${where}`;
}

function checkAttribute(node: NodeType, key: string, content: Y.Item["content"]): string | null {
  if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) return `<${node.name}> attribute ${key} is ${contentName(content)}`;
  return attrProblem(node, key, content.arr[0]);
}

function checkFormat(rules: StudyRules, holder: Container | null, format: Y.ContentFormat): string | null {
  const mark = markTypeOf(rules.schema, format.key);
  if (mark === null) return `unknown mark ${format.key}`;
  if (holder?.kind === "xmlElement") {
    const node = nodeTypeOf(rules.schema, holder.nodeName);
    if (node !== null && !node.allowsMarkType(mark)) return `mark ${mark.name} may not be in <${node.name}>`;
  }
  const value: unknown = format.value;
  if (value === null) return null; // ends the formatting
  if (typeof value !== "object" || Array.isArray(value)) return `mark ${mark.name} attributes are not an object`;
  for (const [key, attrValue] of Object.entries(value as Record<string, unknown>)) {
    const problem = attrProblem(mark, key, attrValue);
    if (problem !== null) return problem;
  }
  return null;
}

function checkStudyItem(rules: StudyRules, { item, container, parentSub }: PlacedItem): string | null {
  const content = item.content;
  if (content instanceof Y.ContentDeleted) return null; // already deleted: adds nothing
  switch (container.kind) {
    case "root":
      if (container.name !== STUDY_FIELD) return `a study has no root "${container.name}"`;
      if (parentSub !== null) return `the study root has no attributes`;
      return checkChild(rules, rules.schema.topNodeType, content);
    case "xmlElement": {
      const node = nodeTypeOf(rules.schema, container.nodeName);
      if (node === null) return `unknown node <${container.nodeName}>`;
      return parentSub === null ? checkChild(rules, node, content) : checkAttribute(node, parentSub, content);
    }
    case "xmlText":
      if (parentSub !== null) return "text has no attributes";
      if (content instanceof Y.ContentString) return null;
      if (content instanceof Y.ContentFormat) return checkFormat(rules, container.parent, content);
      return `${contentName(content)} in text`;
    case "other":
      return `content inside ${container.what}`;
  }
}

/**
 * Checks an update against a study schema (by default the shared one, studySchema()).
 * `decoded`, when given, is `Y.decodeUpdate(update)` (spares decoding it again).
 */
export function validateStudyUpdate(doc: Y.Doc, update: Uint8Array, schema: Schema = studySchema(), decoded?: DecodedUpdate): ContentRefusal | null {
  const rules = rulesFor(schema);
  // Items that cannot be placed (missing dependencies) are not a content question: the host's
  // dependency rule refuses updates Yjs would keep pending.
  for (const placed of placeUpdateItems(doc, update, decoded).items) {
    const problem = checkStudyItem(rules, placed);
    if (problem !== null) return refuse(problem);
  }
  return null;
}
