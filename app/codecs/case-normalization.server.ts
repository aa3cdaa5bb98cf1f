/*
 * What real CASE producers publish differs from the CFPackage schema in a few
 * habits that leave no doubt about what was meant: OpenSALT, the reference
 * editor, writes timestamps without a time zone, sequence numbers as text and
 * null for optional fields it has no value for. Those are read the way they
 * were meant before the schema is checked, and every change is reported, so
 * an admin sees what was read differently from what the file says. Anything
 * else the schema refuses is still refused. See
 * docs/decisions/022-liberal-case-import.md.
 */

export type CaseNormalizationKind = "null-left-out" | "timestamp-without-zone" | "number-written-as-text" | "text-written-as-number" | "link-written-as-address";

export interface CaseNormalization {
  kind: CaseNormalizationKind;
  count: number;
  /** Where it happened first, as "CFItems[3].lastChangeDateTime". */
  firstAt: string;
  /** The value as the package wrote it there, as JSON: text in quotes, a number without. */
  firstValue: string;
}

/** Fields whose values are date-times in the schema (statusStartDate/EndDate may also be plain dates). */
const TIMESTAMP_FIELDS = new Set(["lastChangeDateTime", "statusStartDate", "statusEndDate"]);
/** Fields the schema types as numbers (sequenceNumber and the rubric positions are integers). */
const INTEGER_FIELDS = new Set(["sequenceNumber", "position"]);
const DECIMAL_FIELDS = new Set(["weight", "score"]);
/** Fields the schema types as text that producers sometimes write as numbers. */
const TEXT_FIELDS = new Set([
  "title",
  "fullStatement",
  "abbreviatedStatement",
  "alternativeLabel",
  "humanCodingScheme",
  "listEnumeration",
  "hierarchyCode",
  "typeCode",
  "version",
  "notes",
  "description",
  "language",
  "creator",
  "publisher",
  "adoptionStatus",
  "keywords",
  "licenseText",
  "category",
  "quality",
  "feedback",
]);
/** Fields the schema types as a CASE link ({ title, identifier, uri }). */
const LINK_FIELDS = new Set(["CFItemTypeURI", "licenseURI", "conceptKeywordsURI", "CFAssociationGroupingURI", "originNodeURI", "destinationNodeURI"]);

const ZONELESS_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;
const INTEGER_TEXT = /^\s*-?\d+\s*$/;
const UUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function pathOf(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A copy of the parsed package with the producer habits above read as meant,
 * and what was changed. The input is not modified.
 */
export function normalizeCasePackage(data: Record<string, unknown>): { data: Record<string, unknown>; normalizations: CaseNormalization[] } {
  const found = new Map<CaseNormalizationKind, CaseNormalization>();
  const note = (kind: CaseNormalizationKind, at: string, value: unknown) => {
    const seen = found.get(kind);
    if (seen) seen.count += 1;
    else found.set(kind, { kind, count: 1, firstAt: at, firstValue: JSON.stringify(value) });
  };

  const normalizeField = (key: string, value: unknown, at: string, owner: Record<string, unknown>): unknown => {
    if (typeof value === "string") {
      if (TIMESTAMP_FIELDS.has(key)) {
        const zoneless = ZONELESS_DATE_TIME.exec(value.trim());
        if (zoneless) {
          note("timestamp-without-zone", at, value);
          return `${zoneless[1]}T${zoneless[2]}${zoneless[3] ?? ":00"}Z`;
        }
        // A plain date where only a date-time is allowed: the start of that day.
        if (key === "lastChangeDateTime" && DATE_ONLY.test(value.trim())) {
          note("timestamp-without-zone", at, value);
          return `${value.trim()}T00:00:00Z`;
        }
      }
      if (INTEGER_FIELDS.has(key) && INTEGER_TEXT.test(value)) {
        note("number-written-as-text", at, value);
        return Number.parseInt(value, 10);
      }
      if (DECIMAL_FIELDS.has(key) && NUMBER_TEXT.test(value)) {
        note("number-written-as-text", at, value);
        return Number.parseFloat(value);
      }
      if (LINK_FIELDS.has(key)) {
        note("link-written-as-address", at, value);
        const uuids = value.match(UUID_IN_TEXT);
        const identifier = uuids ? uuids[uuids.length - 1]!.toLowerCase() : value;
        const title = key === "CFItemTypeURI" && typeof owner.CFItemType === "string" ? owner.CFItemType : identifier;
        return { title, identifier, uri: value };
      }
      return value;
    }
    if (typeof value === "number" && TEXT_FIELDS.has(key)) {
      note("text-written-as-number", at, value);
      return String(value);
    }
    return normalizeValue(value, at);
  };

  const normalizeValue = (value: unknown, at: string): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => normalizeValue(item, pathOf(at, index)));
    if (!isPlainObject(value)) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      const fieldAt = pathOf(at, key);
      if (field === null) {
        // Null says "no value"; the schema says the same by leaving the field out.
        note("null-left-out", fieldAt, field);
        continue;
      }
      copy[key] = normalizeField(key, field, fieldAt, value);
    }
    return copy;
  };

  return { data: normalizeValue(data, "") as Record<string, unknown>, normalizations: [...found.values()] };
}

const plural = (count: number, one: string, many: string) => `${count.toLocaleString("en")} ${count === 1 ? one : many}`;

/** One sentence per kind of change, for the preview: how many, and the first one as the file has it. */
export function describeNormalization(normalization: CaseNormalization): string {
  const { count, firstAt, firstValue } = normalization;
  const example = `(the first: ${firstAt}, ${firstValue})`;
  switch (normalization.kind) {
    case "timestamp-without-zone":
      return `${plural(count, "date has", "dates have")} no time zone, so ${count === 1 ? "it was" : "they were"} read as UTC ${example}.`;
    case "number-written-as-text":
      return `${plural(count, "number is", "numbers are")} written as text, so ${count === 1 ? "it was" : "they were"} read as ${count === 1 ? "a number" : "numbers"} ${example}.`;
    case "text-written-as-number":
      return `${plural(count, "text field holds", "text fields hold")} a number, so ${count === 1 ? "it was" : "they were"} read as text ${example}.`;
    case "null-left-out":
      return `${plural(count, "field is", "fields are")} null, so ${count === 1 ? "it was" : "they were"} left out as empty (the first: ${firstAt}).`;
    case "link-written-as-address":
      return `${plural(count, "link is", "links are")} a plain address instead of a CASE link, so the identifier was taken from the address ${example}.`;
  }
}
