// What a «project.updated» entry changed, field by field, as before → after in words. The audit
// row stores `before` (the old values of the fields the patch named) and `after` (the patch), both
// as the API takes them: amounts in pesos, funding as percentages, impacts 0–5, organizations by
// id. Grouped fields (funding, location, alignment, impact) are listed by the sub-fields that
// changed. A value the row does not hold (older rows, a field that was empty) reads «—».

/** One changed value: its label and both sides in words (null: none recorded or empty). */
export interface FieldChange {
  key: string;
  label: string;
  before: string | null;
  after: string | null;
  /** Only the field is named: what changed inside it has no words (a map geometry). */
  namedOnly?: true;
}

/** How values are worded (the panel passes its translations and formatters). */
export interface ChangeWords {
  label: (key: string) => string;
  kind: (value: string) => string;
  evaluationType: (value: string) => string;
  landUse: (value: string) => string;
  org: (id: string) => string;
  mxn: (value: number) => string;
  number: (value: number) => string;
  percent: (value: number) => string;
  date: (iso: string) => string;
  impact: (value: number) => string;
  list: (items: string[]) => string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
const DESCRIPTION_CHARS = 120;

function plain(value: unknown, words: ChangeWords): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "string") {
    if (ISO_DATE.test(value)) return words.date(value);
    return value.length > DESCRIPTION_CHARS ? `${value.slice(0, DESCRIPTION_CHARS - 1)}…` : value;
  }
  if (typeof value === "number") return words.number(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? null : words.list(value.map((item) => plain(item, words) ?? "—"));
  return null;
}

const amount = (value: unknown, words: ChangeWords): string | null => {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? words.mxn(n) : null;
};

// Sub-fields of the grouped fields, with the label key and how their values read.
type Reader = (value: unknown, words: ChangeWords) => string | null;
const percent: Reader = (value, words) => (typeof value === "number" ? words.percent(value) : null);
const SUB_FIELDS: Record<string, Record<string, { label: string; read: Reader }>> = {
  funding: {
    federal: { label: "fields.funding.federal", read: percent },
    state: { label: "fields.funding.state", read: percent },
    municipal: { label: "fields.funding.municipal", read: percent },
    private: { label: "fields.funding.private", read: percent },
  },
  location: {
    microregion: { label: "fields.microregion", read: plain },
    colonia: { label: "fields.colonia", read: plain },
  },
  alignment: {
    pmdAxis: { label: "fields.pmdAxis", read: plain },
    governmentProgram: { label: "fields.governmentProgram", read: plain },
    pmduoetZone: { label: "fields.pmduoetZone", read: plain },
    landUse: { label: "fields.landUse", read: (v, w) => (typeof v === "string" ? w.landUse(v) : null) },
    landUseNote: { label: "fields.landUseNote", read: plain },
    cos: { label: "fields.cosLong", read: plain },
    cus: { label: "fields.cusLong", read: plain },
    cas: { label: "fields.casLong", read: plain },
    ods: { label: "fields.ods", read: plain },
  },
  impact: {
    social: { label: "fields.impact.social", read: (v, w) => (typeof v === "number" ? w.impact(v) : null) },
    economic: { label: "fields.impact.economic", read: (v, w) => (typeof v === "number" ? w.impact(v) : null) },
    environmental: { label: "fields.impact.environmental", read: (v, w) => (typeof v === "number" ? w.impact(v) : null) },
  },
};

const FIELD_LABELS: Record<string, string> = {
  clave: "fields.clave",
  name: "fields.name",
  kind: "fields.kind",
  description: "fields.description",
  leadOrgId: "fields.leadOrg",
  participatingOrgIds: "fields.participatingOrgs",
  estimatedAmountMxn: "fields.amount",
  evaluationType: "fields.evaluationType",
  funding: "overview.funding",
  location: "overview.location",
  alignment: "activity.fields.alignment",
  impact: "activity.fields.impact",
};

function readTop(field: string, value: unknown, words: ChangeWords): string | null {
  switch (field) {
    case "kind":
      return typeof value === "string" ? words.kind(value) : null;
    case "evaluationType":
      return typeof value === "string" ? words.evaluationType(value) : null;
    case "leadOrgId":
      return typeof value === "string" ? words.org(value) : null;
    case "participatingOrgIds":
      return Array.isArray(value) && value.length > 0 ? words.list(value.map((id) => (typeof id === "string" ? words.org(id) : "—"))) : null;
    case "estimatedAmountMxn":
      return amount(value, words);
    default:
      return plain(value, words);
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The changes of one «project.updated» entry (its `details`), in the order the patch named them. */
export function projectChanges(details: Record<string, unknown>, words: ChangeWords): FieldChange[] {
  const after = isRecord(details.after) ? details.after : {};
  const before = isRecord(details.before) ? details.before : {};
  const changes: FieldChange[] = [];
  for (const field of Object.keys(after)) {
    const subFields = SUB_FIELDS[field];
    if (subFields) {
      const old = isRecord(before[field]) ? before[field] : {};
      const now = isRecord(after[field]) ? after[field] : {};
      let listed = false;
      for (const [key, sub] of Object.entries(subFields)) {
        if (!(key in now) || same(old[key], now[key])) continue;
        listed = true;
        changes.push({ key: `${field}.${key}`, label: words.label(sub.label), before: sub.read(old[key], words), after: sub.read(now[key], words) });
      }
      // Something else of the group changed (a map geometry, the land-use category): named only.
      if (!listed && !same(before[field], after[field])) changes.push({ key: field, label: words.label(FIELD_LABELS[field]!), before: null, after: null, namedOnly: true });
      continue;
    }
    const label = FIELD_LABELS[field];
    if (!label) continue;
    changes.push({ key: field, label: words.label(label), before: readTop(field, before[field], words), after: readTop(field, after[field], words) });
  }
  return changes;
}
