// A meeting's facts as the forms hold them (date and times apart, in the person's time zone) and
// as the API takes them; pure, so the checks are unit-tested.
import type { TFunction } from "i18next";

/** The facts as typed: date and times apart (the browser's own pickers), in the person's time zone. */
export type Facts = { title: string; date: string; time: string; endTime: string; place: string; link: string };
export type FactsErrors = Partial<Record<keyof Facts, string>>;

export const emptyFacts: Facts = { title: "", date: "", time: "", endTime: "", place: "", link: "" };

const pad = (n: number) => String(n).padStart(2, "0");

/** A meeting's stored facts as the form shows them (local date and time). */
export function factsOf(meeting: { title: string; startsAt: string; endsAt: string | null; place: string | null; link: string | null }): Facts {
  const start = new Date(meeting.startsAt);
  const end = meeting.endsAt ? new Date(meeting.endsAt) : null;
  return {
    title: meeting.title,
    date: `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`,
    time: `${pad(start.getHours())}:${pad(start.getMinutes())}`,
    endTime: end ? `${pad(end.getHours())}:${pad(end.getMinutes())}` : "",
    place: meeting.place ?? "",
    link: meeting.link ?? "",
  };
}

type T = TFunction<"meetings">;

/** The errors left once the person changed some fields: a changed field's error goes (the date's also with its time). */
export function errorsAfterChange(errors: FactsErrors, before: Facts, after: Facts): FactsErrors {
  const left: FactsErrors = { ...errors };
  for (const key of Object.keys(after) as (keyof Facts)[]) {
    if (before[key] !== after[key]) delete left[key];
  }
  if (before.time !== after.time) delete left.date;
  return left;
}

/**
 * The request's facts, or the errors that stop it (checked here so each shows beside its field;
 * the server checks again with the domain's schema). The end time is on the start's day.
 */
export function factsInput(t: T, facts: Facts): { input: { title: string; startsAt: string; endsAt?: string; place?: string; link?: string } | null; errors: FactsErrors } {
  const errors: FactsErrors = {};
  const title = facts.title.trim();
  if (!title) errors.title = t("new.titleMissing");
  const start = facts.date && facts.time ? new Date(`${facts.date}T${facts.time}`) : null;
  if (!start || Number.isNaN(start.getTime())) errors.date = t("new.dateMissing");
  const end = start && facts.endTime ? new Date(`${facts.date}T${facts.endTime}`) : null;
  if (start && end && end.getTime() <= start.getTime()) errors.endTime = t("new.endBeforeStart");
  const link = facts.link.trim();
  if (link && !/^https?:\/\/[^\s]+$/i.test(link)) errors.link = t("new.linkInvalid");
  if (Object.keys(errors).length > 0 || !start) return { input: null, errors };
  const input: { title: string; startsAt: string; endsAt?: string; place?: string; link?: string } = { title, startsAt: start.toISOString() };
  if (end) input.endsAt = end.toISOString();
  if (facts.place.trim()) input.place = facts.place.trim();
  if (link) input.link = link;
  return { input, errors };
}
