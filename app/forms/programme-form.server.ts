import { z } from "zod";
import type { RequiredLevel } from "~/db/schema";
import { ID_SOURCE } from "~/ids";
import { textValues, type FormValues } from "~/forms/cohort-form.server";
import { parseFormData, type FormFailure } from "~/forms/parse-form.server";
import { MAX_PROGRAMME_DESCRIPTION, MAX_PROGRAMME_TITLE, MAX_VALIDITY_MONTHS, type ProgrammeInput } from "~/models/records/programme.server";

/*
 * The programme form (new and edit): title, description, modules as
 * checkboxes, one level choice per competency (`level.<competency id>`,
 * empty for "not required"), sign-off and validity.
 */

const ProgrammeFormSchema = z.object({
  title: z
    .string({ error: "Enter a name for the programme." })
    .trim()
    .min(1, "Enter a name for the programme.")
    .max(MAX_PROGRAMME_TITLE, `Keep the name to ${MAX_PROGRAMME_TITLE} characters or fewer.`),
  description: z
    .string({ error: "Describe the programme in a sentence or two." })
    .trim()
    .min(1, "Describe the programme in a sentence or two. Employers read this.")
    .max(MAX_PROGRAMME_DESCRIPTION, `Keep the description to ${MAX_PROGRAMME_DESCRIPTION.toLocaleString("en")} characters or fewer.`),
  modules: z
    .union([z.string(), z.array(z.string())], { error: "Choose modules from the list." })
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, "Choose modules from the list. Reload the page and try again.")).max(200)),
  requiresSignOff: z.literal("yes", { error: "Tick the box or leave it empty." }).optional(),
  validityMonths: z
    .string({ error: "Enter a number of months, or leave it empty." })
    .trim()
    .refine((value) => value === "" || /^\d{1,3}$/.test(value), "Enter the months as a whole number, like 24, or leave it empty.")
    .transform((value) => (value === "" ? null : Number(value)))
    .refine((value) => value === null || (value >= 1 && value <= MAX_VALIDITY_MONTHS), `Enter from 1 to ${MAX_VALIDITY_MONTHS} months, or leave it empty.`)
    .optional()
    .transform((value) => value ?? null),
  // "Save anyway": the ids of the gaps the admin saw, space-separated (acceptanceToken); empty or absent when not ticked.
  acceptedGaps: z
    .string({ error: "Tick the box or leave it empty." })
    .regex(new RegExp(`^(?:${ID_SOURCE}(?: ${ID_SOURCE}){0,199})?$`), "Tick the box again, or reload the page.")
    .optional()
    .transform((value) => value ?? ""),
});

const LEVEL_FIELD = new RegExp(`^level\\.(${ID_SOURCE})$`);
const LEVEL_VALUES = new Set(["", "developing", "demonstrated", "verified"]);

export const PROGRAMME_FIELDS = ["title", "description", "modules", "competencies", "requiresSignOff", "validityMonths", "acceptedGaps"];

export type ProgrammeFormResult = { ok: true; data: ProgrammeInput; values: FormValues } | { ok: false; failure: FormFailure; values: FormValues };

export function parseProgrammeForm(form: FormData): ProgrammeFormResult {
  const values = textValues(form, ["title", "description", "modules", "requiresSignOff", "validityMonths", "acceptedGaps"]);
  const competencies: ProgrammeInput["competencies"] = [];
  let badLevel = false;
  for (const key of new Set(form.keys())) {
    if (!key.startsWith("level.")) continue;
    const match = LEVEL_FIELD.exec(key);
    const all = form.getAll(key);
    const value = all.length === 1 ? all[0] : null;
    if (!match || typeof value !== "string" || !LEVEL_VALUES.has(value)) {
      badLevel = true;
      continue;
    }
    values[key] = value;
    if (value) competencies.push({ competencyId: match[1]!, minLevel: value as RequiredLevel });
  }
  const parsed = parseFormData(form, ProgrammeFormSchema);
  if (!parsed.ok || badLevel) {
    const failure: FormFailure = parsed.ok ? { fieldErrors: {}, formError: "Some answers need a change. See the messages below." } : parsed.failure;
    if (badLevel) failure.fieldErrors = { ...failure.fieldErrors, competencies: "Choose a level from the list for each competency. Reload the page and try again." };
    return { ok: false, failure, values };
  }
  const { title, description, modules, requiresSignOff, validityMonths, acceptedGaps } = parsed.data;
  return {
    ok: true,
    values,
    data: { title, description, moduleSlugs: modules, competencies, requiresSignOff: requiresSignOff === "yes", validityMonths, acceptedGaps },
  };
}
