import { z } from "zod";
import { ID_PATTERN } from "~/ids";

/** A calendar day as the date input sends it (YYYY-MM-DD), checked to be a real day. */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const dayField = (label: string) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .refine(isCalendarDay, `Enter ${label} as a real date, for example 2025-09-01.`);

/** An optional day: an empty field means "no date". */
export const optionalDayField = (label: string) =>
  z
    .string({ error: `Enter ${label}, or leave it empty.` })
    .trim()
    .refine((value) => value === "" || isCalendarDay(value), `Enter ${label} as a real date, for example 2025-09-01, or leave it empty.`)
    .optional()
    .transform((value) => (value ? value : null));

export const cohortNameField = z
  .string({ error: "Enter a name for the cohort." })
  .trim()
  .min(1, "Enter a name for the cohort.")
  .max(120, "Keep the name to 120 characters or fewer.");

/** A list of ids from checkboxes: none, one or many values under one name. */
export const idListField = (message: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: message })
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.string().regex(ID_PATTERN, message)).max(200, message));

export const moduleSlugField = z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, "That module was not found. Reload the page and try again.");

const matrixStatuses = ["all", "not-started", "in-progress", "completed", "overdue"] as const;

/**
 * How the progress table is sorted and filtered, read from the address so
 * it works as a plain GET form and links can be shared. A value that makes
 * no sense falls back to the default instead of failing the page.
 */
export const MatrixQuerySchema = z.object({
  sort: z.string().max(90).regex(/^[a-z0-9-]+$/).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  status: z.enum(matrixStatuses).catch("all"),
  module: z.string().max(90).regex(/^[a-z0-9-]+$/).catch("any"),
  q: z.string().max(100).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export function matrixQueryFrom(params: URLSearchParams) {
  const value = (key: string) => params.get(key) ?? undefined;
  return MatrixQuerySchema.parse({
    sort: value("sort"),
    dir: value("dir"),
    status: value("status"),
    module: value("module"),
    q: value("q"),
    page: value("page"),
  });
}
