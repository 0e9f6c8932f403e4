import { describe, expect, it } from "vitest";
import { bodyParts, mentionedUserIds } from "@taller/domain/comment-text";
import { activeMention, fold, insertMention, matchMembers, mentionToken, moveActive } from "./mentions";

const andres = { userId: "11111111-1111-4111-8111-111111111111", name: "Andrés Soto Villanueva", org: { shortName: "IMPLAN", name: "Instituto Municipal de Planeación" } };
const jorge = { userId: "22222222-2222-4222-8222-222222222222", name: "Jorge Ibarra Quintero", org: { shortName: "OP", name: "Obras Públicas" } };
const paola = { userId: "33333333-3333-4333-8333-333333333333", name: "Paola Nava Cervantes", org: { shortName: "MA", name: "Medio Ambiente" } };
const members = [jorge, paola, andres];

describe("the mention being typed", () => {
  it("starts at an @ at the start or after a space, up to the caret", () => {
    expect(activeMention("@and", 4)).toEqual({ start: 0, end: 4, query: "and" });
    expect(activeMention("hola @jo", 8)).toEqual({ start: 5, end: 8, query: "jo" });
    expect(activeMention("hola @", 6)).toEqual({ start: 5, end: 6, query: "" });
    expect(activeMention("(@pa", 4)).toEqual({ start: 1, end: 4, query: "pa" });
    // A two-word search still counts.
    expect(activeMention("cc @andrés so", 13)).toEqual({ start: 3, end: 13, query: "andrés so" });
  });

  it("is not an e-mail address, an inserted mention, a finished line or a far-away @", () => {
    expect(activeMention("correo a@b", 10)).toBeNull();
    expect(activeMention(`${mentionToken(jorge)} `, mentionToken(jorge).length)).toBeNull();
    expect(activeMention("@jo\nsigue", 9)).toBeNull();
    expect(activeMention("@ jorge", 7)).toBeNull();
    expect(activeMention("@jorge  ya", 10)).toBeNull();
    expect(activeMention(`@${"x".repeat(60)}`, 61)).toBeNull();
    expect(activeMention("sin arroba", 5)).toBeNull();
  });
});

describe("members matching a search", () => {
  it("finds by any word of the name, without accents, name starts first", () => {
    expect(matchMembers(members, "andres").map((m) => m.name)).toEqual([andres.name]);
    expect(matchMembers(members, "IBA").map((m) => m.name)).toEqual([jorge.name]);
    expect(matchMembers(members, "").map((m) => m.name)).toEqual([andres.name, jorge.name, paola.name]);
    expect(fold("Planeación")).toBe("planeacion");
  });

  it("finds by agency short name or name, and leaves out the writer", () => {
    expect(matchMembers(members, "op").map((m) => m.name)).toEqual([jorge.name]);
    expect(matchMembers(members, "medio").map((m) => m.name)).toEqual([paola.name]);
    expect(matchMembers(members, "", { exclude: andres.userId }).map((m) => m.name)).toEqual([jorge.name, paola.name]);
    expect(matchMembers(members, "", { limit: 2 })).toHaveLength(2);
    expect(matchMembers(members, "zz")).toEqual([]);
  });
});

describe("choosing a member", () => {
  it("replaces the search with the mention the domain reads, then a space", () => {
    const text = "Revisar con @jor por favor";
    const mention = activeMention(text, 16)!;
    const result = insertMention(text, mention, jorge);
    expect(result.text).toBe(`Revisar con @[Jorge Ibarra Quintero](${jorge.userId}) por favor`);
    expect(result.text.slice(0, result.caret)).toBe(`Revisar con @[Jorge Ibarra Quintero](${jorge.userId}) `);
    expect(mentionedUserIds(result.text)).toEqual([jorge.userId]);
    expect(bodyParts(result.text)[1]).toEqual({ kind: "mention", userId: jorge.userId, label: jorge.name });
  });

  it("adds a space at the end and keeps a label the pattern can read", () => {
    expect(insertMention("@pa", activeMention("@pa", 3)!, paola).text).toBe(`@[Paola Nava Cervantes](${paola.userId}) `);
    const odd = mentionToken({ userId: paola.userId, name: "Nombre [raro]\nx" });
    expect(mentionedUserIds(odd)).toEqual([paola.userId]);
  });

  it("moves the active option with wrap-around", () => {
    expect(moveActive(-1, 1, 3)).toBe(0);
    expect(moveActive(-1, -1, 3)).toBe(2);
    expect(moveActive(2, 1, 3)).toBe(0);
    expect(moveActive(0, -1, 3)).toBe(2);
    expect(moveActive(0, 1, 0)).toBe(-1);
  });
});
