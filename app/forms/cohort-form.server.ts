import { data } from "@remix-run/node";
import type { FormFailure } from "~/forms/parse-form.server";

/** What a person typed, sent back with a refusal so the form keeps it when the page reloads without JavaScript. */
export type FormValues = Record<string, unknown>;

/** The submitted form, or null when the body cannot be read as one. */
export async function readForm(request: Request): Promise<FormData | null> {
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

/** Adds the typed values to a refusal made by `orFormFailure`, keeping its status. */
export function withValues(response: ReturnType<typeof data<FormFailure>>, values: FormValues) {
  return data({ ...(response.data as FormFailure), values }, response.init ?? { status: 400 });
}

/** The text values of the named fields (a file or anything else is left out); a field sent several times stays a list. */
export function textValues(form: FormData, names: string[]): FormValues {
  const values: FormValues = {};
  for (const name of names) {
    const all = form.getAll(name).filter((v): v is string => typeof v === "string").map((v) => v.slice(0, 20_000));
    values[name] = all.length === 1 ? all[0] : all;
  }
  return values;
}

/** A refusal from the form's own schema, with what was typed. */
export function refusalWithValues(failure: FormFailure, values: FormValues) {
  return data({ ...failure, values }, { status: 400 });
}
