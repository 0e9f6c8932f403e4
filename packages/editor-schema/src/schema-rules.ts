import type { AttributeSpec, MarkType, NodeType, Schema } from "@tiptap/pm/model";

/**
 * Attribute and mark rules of the study schema shared by the update validator (validation.ts)
 * and the tolerant reader (study-reader.ts): what the validator refuses, the reader skips.
 */

/** y-tiptap stores marks that may overlap themselves as `name--<8 chars of hash>`. */
const hashedMarkName = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

/** The mark a Y.XmlText formatting key stands for, or null when the schema has none. */
export function markTypeOf(schema: Schema, key: string): MarkType | null {
  if (Object.hasOwn(schema.marks, key)) return schema.marks[key]!;
  const hashed = hashedMarkName.exec(key);
  const type = hashed && Object.hasOwn(schema.marks, hashed[1]!) ? schema.marks[hashed[1]!]! : null;
  // Only marks that may overlap themselves are ever stored under a hashed name.
  return type !== null && !type.excludes(type) ? type : null;
}

/** The node an XmlElement name stands for (never the text node type), or null. */
export function nodeTypeOf(schema: Schema, name: string): NodeType | null {
  if (!Object.hasOwn(schema.nodes, name)) return null;
  const type = schema.nodes[name]!;
  return type.isText ? null : type;
}

/** A value as JSON would carry it (the lib0 encoding Yjs uses also allows binary and undefined). */
function isPlain(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (depth > 16 || typeof value !== "object" || value instanceof Uint8Array) return false;
  if (Array.isArray(value)) return value.every((v) => isPlain(v, depth + 1));
  return Object.values(value).every((v) => isPlain(v, depth + 1));
}

/**
 * Why `value` is not acceptable for attribute `name` of `owner` (a node or mark type), or null.
 * Null is always acceptable (y-tiptap never stores it; it stands for the default). Otherwise the
 * attribute must exist, be a plain value of its default's JSON type, and pass ProseMirror's own
 * `validate` when the schema declares one.
 */
export function attrProblem(owner: NodeType | MarkType, name: string, value: unknown): string | null {
  const label = `${owner.name}.${name}`;
  const spec: AttributeSpec | undefined = owner.spec.attrs && Object.hasOwn(owner.spec.attrs, name) ? owner.spec.attrs[name] : undefined;
  if (spec === undefined) return `${owner.name} has no attribute ${name}`;
  if (value === null) return null;
  if (!isPlain(value)) return `${label} is not a plain value`;
  const fallback: unknown = spec.default;
  if (fallback !== null && fallback !== undefined && typeof fallback !== typeof value) return `${label} must be a ${typeof fallback}`;
  const { validate } = spec;
  if (typeof validate === "string" && !validate.split("|").includes(typeof value)) return `${label} must be ${validate}`;
  if (typeof validate === "function") {
    try {
      validate(value);
    } catch {
      return `${label} has an invalid value`;
    }
  }
  return null;
}
