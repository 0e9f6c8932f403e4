import { describe, expect, it } from "vitest";
import { defaultFilters, filterOptions, groupThreads, hasActiveFilters, matchesFilters, mentions, participants } from "./filters";
import { andres, comment, jorge, lucia, thread } from "./testThreads";

const byJorge = thread("t1", [comment(jorge, "El trazo invade el derecho de vía.", "2026-11-27T10:00:00Z"), comment(andres, "Lo revisamos.", "2026-11-27T11:00:00Z")]);
const mentioning = thread("t2", [comment(lucia, `¿@[Andrés Soto](${andres.id}) puedes ver esto?`, "2026-11-27T09:00:00Z")]);
const resolved = thread("t3", [comment(andres, "Falta la fuente.", "2026-11-26T09:00:00Z")], { status: "resolved" });
const deletedMention = thread("t4", [comment(lucia, "Hola", "2026-11-27T08:00:00Z"), comment(jorge, `@[Andrés](${andres.id})`, "2026-11-27T08:30:00Z", { deleted: true, body: "" })]);
const all = [byJorge, mentioning, resolved, deletedMention];

describe("thread filters", () => {
  it("shows open threads by default", () => {
    expect(all.filter((t) => matchesFilters(t, defaultFilters, andres.id)).map((t) => t.id)).toEqual(["t1", "t2", "t4"]);
    expect(all.filter((t) => matchesFilters(t, { ...defaultFilters, status: "resolved" }, andres.id)).map((t) => t.id)).toEqual(["t3"]);
    expect(all.filter((t) => matchesFilters(t, { ...defaultFilters, status: "all" }, andres.id))).toHaveLength(4);
    expect(hasActiveFilters(defaultFilters)).toBe(false);
  });

  it("filters by an agency or a person that wrote in the thread", () => {
    const f = { ...defaultFilters, status: "all" as const };
    expect(all.filter((t) => matchesFilters(t, { ...f, orgId: jorge.org.id }, andres.id)).map((t) => t.id)).toEqual(["t1"]);
    expect(all.filter((t) => matchesFilters(t, { ...f, authorId: andres.id }, andres.id)).map((t) => t.id)).toEqual(["t1", "t3"]);
    expect(hasActiveFilters({ ...defaultFilters, orgId: "x" })).toBe(true);
  });

  it("«me mencionan» reads mentions of comments still shown", () => {
    expect(mentions(mentioning, andres.id)).toBe(true);
    expect(mentions(mentioning, andres.id.toUpperCase())).toBe(true);
    expect(mentions(deletedMention, andres.id)).toBe(false);
    expect(all.filter((t) => matchesFilters(t, { ...defaultFilters, mentionsMe: true }, andres.id)).map((t) => t.id)).toEqual(["t2"]);
  });

  it("lists the agencies and people who wrote, by name", () => {
    const options = filterOptions(all);
    expect(options.orgs.map((o) => o.shortName)).toEqual(["IMPLAN", "OP"]);
    expect(options.authors.map((a) => a.name)).toEqual([andres.name, jorge.name, lucia.name]);
    expect(participants(deletedMention).map((p) => p.name)).toEqual([lucia.name]);
  });
});

describe("thread order", () => {
  it("sorts by place in the document and puts orphaned threads apart, oldest first", () => {
    const places: Record<string, number | null> = { t1: 40, t2: 12, t3: null, t4: 40 };
    const groups = groupThreads(all, (t) => places[t.id]!, (t) => t.id === "t2");
    // t4 and t1 share a place: creation order (t4 is older).
    expect(groups.anchored.map((t) => t.id)).toEqual(["t4", "t1"]);
    expect(groups.orphaned.map((t) => t.id)).toEqual(["t3", "t2"]);
  });
});
