/**
 * Names people compare by eye: a project's name in the portfolio, a document's title in its
 * project. Two names are "the same" when they differ only in letter case, accents (á/a, ñ/n,
 * ü/u), spaces at the ends, or runs of spaces inside — «Parque  Lineal del Río» and «parque
 * lineal del rio» name the same thing. Creating a second one warns and asks first (the server's
 * `duplicate_name`), it is not forbidden: two studies may legitimately share a title.
 */
export function normalizeName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLocaleLowerCase("es-MX")
    .replace(/\s+/gu, " ")
    .trim();
}

/** Whether two names are the same once normalized (see `normalizeName`). */
export function sameName(a: string, b: string): boolean {
  return normalizeName(a) === normalizeName(b);
}

/** The first of `candidates` whose name is the same as `name`, or undefined. */
export function findSameName<T>(name: string, candidates: readonly T[], nameOf: (candidate: T) => string): T | undefined {
  const wanted = normalizeName(name);
  return candidates.find((candidate) => normalizeName(nameOf(candidate)) === wanted);
}
