import { describe, expect, it } from "vitest";
import type { TFunction } from "i18next";
import { emptyFacts, errorsAfterChange, factsInput, factsOf } from "./facts";

// Which words are chosen (the keys); the words themselves live in the JSON files.
const t = ((key: string) => key) as unknown as TFunction<"meetings">;

describe("a meeting's facts from the form", () => {
  it("refuses a missing title and date, an end before the start and a link that is not http(s)", () => {
    expect(factsInput(t, emptyFacts)).toEqual({ input: null, errors: { title: "new.titleMissing", date: "new.dateMissing" } });
    const facts = { ...emptyFacts, title: "Comité", date: "2027-02-10", time: "10:00", endTime: "09:30", link: "ftp://sala" };
    expect(factsInput(t, facts).errors).toEqual({ endTime: "new.endBeforeStart", link: "new.linkInvalid" });
  });

  it("sends trimmed text, the start and end as ISO instants of the person's clock, and leaves out what is empty", () => {
    const facts = { title: "  Comité técnico ", date: "2027-02-10", time: "10:00", endTime: "12:00", place: " Sala de cabildo ", link: "" };
    const { input, errors } = factsInput(t, facts);
    expect(errors).toEqual({});
    expect(input).toEqual({
      title: "Comité técnico",
      startsAt: new Date("2027-02-10T10:00").toISOString(),
      endsAt: new Date("2027-02-10T12:00").toISOString(),
      place: "Sala de cabildo",
    });
    // The stored meeting reads back into the same fields.
    expect(factsOf({ title: "Comité técnico", startsAt: input!.startsAt, endsAt: input!.endsAt ?? null, place: "Sala de cabildo", link: null })).toEqual({
      ...facts,
      title: "Comité técnico",
      place: "Sala de cabildo",
    });
  });

  it("drops a field's error once it changes (the date's also when the time changes), and keeps the others", () => {
    const errors = { title: "new.titleMissing", date: "new.dateMissing", link: "new.linkInvalid" };
    expect(errorsAfterChange(errors, emptyFacts, { ...emptyFacts, title: "C" })).toEqual({ date: "new.dateMissing", link: "new.linkInvalid" });
    expect(errorsAfterChange(errors, emptyFacts, { ...emptyFacts, time: "10:00" })).toEqual({ title: "new.titleMissing", link: "new.linkInvalid" });
  });
});
