import type { OrgRef } from "../api";

/** A select's options: the blank one first when given (no choice, or "all"), then one per value. */
export function Options<T extends string>({ values, label, blank }: { values: readonly T[]; label: (value: T) => string; blank?: string }) {
  return (
    <>
      {blank !== undefined ? <option value="">{blank}</option> : null}
      {values.map((value) => (
        <option key={value} value={value}>
          {label(value)}
        </option>
      ))}
    </>
  );
}

/** The organizations as options, by id; the blank one first when given. */
export function OrgOptions({ orgs, blank }: { orgs: readonly OrgRef[] | undefined; blank?: string }) {
  return (
    <>
      {blank !== undefined ? <option value="">{blank}</option> : null}
      {(orgs ?? []).map((org) => (
        <option key={org.id} value={org.id}>
          {org.shortName === org.name ? org.name : `${org.shortName} — ${org.name}`}
        </option>
      ))}
    </>
  );
}

/** The one of `values` a select holds, or undefined (its blank option, or a value it no longer offers). */
export const choiceOf = <T extends string>(values: readonly T[], selected: string): T | undefined => values.find((value) => value === selected);
