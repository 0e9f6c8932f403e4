import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/**
 * A version's fingerprint: SHA-256 (lowercase hex) of the RFC 8785 (JCS) canonical JSON of its
 * content — keys sorted by UTF-16 code units, no whitespace, numbers as ECMAScript writes them,
 * strings with JSON's minimal escaping — encoded as UTF-8. Anyone can recompute it from
 * `GET /api/versions/:id`'s `content` with any JCS implementation and any SHA-256.
 * The canonical form comes from the `canonicalize` package (the reference implementation by an
 * author of the RFC), not from hand-written code.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("Content with no JSON form cannot be hashed.");
  return text;
}

/** SHA-256 (hex) of `canonicalJson(content)`. */
export function contentSha256(content: unknown): string {
  return createHash("sha256").update(canonicalJson(content), "utf8").digest("hex");
}
