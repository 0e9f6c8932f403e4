import { describe, expect, it } from "vitest";
import { canonicalJson, contentSha256 } from "./hash";

describe("canonicalJson (RFC 8785)", () => {
  it("writes the RFC's example: sorted keys, ECMAScript numbers, minimal string escapes (§3.2.2)", () => {
    // Parsed from the RFC's own input text, so the numbers and escapes are exactly its.
    const input = JSON.parse(String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`);
    expect(canonicalJson(input)).toBe(String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`);
  });

  it("sorts keys by UTF-16 code units, nested objects too (§3.2.3)", () => {
    const input = JSON.parse(String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`);
    // (Read back as text: JSON.parse would put the integer-like key "1" first again.)
    const values = [...canonicalJson(input).matchAll(/:"([^"]*)"/g)].map((m) => m[1]);
    expect(values).toEqual([
      "Carriage Return",
      "One",
      "Control",
      "Latin Small Letter O With Diaeresis",
      "Euro Sign",
      "Emoji: Grinning Face",
      "Hebrew Letter Dalet With Dagesh",
    ]);
    expect(canonicalJson({ b: { d: 1, c: [{ z: 0, y: -0 }] }, a: "ñ" })).toBe(`{"a":"ñ","b":{"c":[{"y":0,"z":0}],"d":1}}`);
  });

  it("refuses what JSON cannot say (lone surrogates, NaN) instead of hashing something else", () => {
    expect(() => canonicalJson({ text: "\ud800" })).toThrow();
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
    expect(() => canonicalJson(undefined)).toThrow();
  });
});

describe("contentSha256", () => {
  it("is the SHA-256 (hex) of the canonical form, whatever the key order", () => {
    // printf '{"a":2,"b":1}' | sha256sum
    const expected = "d3626ac30a87e6f7a6428233b3c68299976865fa5508e4267c5415c76af7a772";
    expect(contentSha256({ b: 1, a: 2 })).toBe(expected);
    expect(contentSha256({ a: 2, b: 1 })).toBe(expected);
    expect(contentSha256({ a: 2, b: 1.5 })).not.toBe(expected);
  });
});
