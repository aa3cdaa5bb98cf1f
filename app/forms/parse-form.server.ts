import { data } from "@remix-run/node";
import { z } from "zod";
import { DomainError } from "~/domain-error";

export interface FormFailure {
  formError?: string;
  fieldErrors?: Record<string, string>;
}

/**
 * Reads a submitted form through a zod schema. A field sent twice stays a
 * list, so a schema that expects one value refuses it instead of silently
 * picking one.
 */
export async function parseForm<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
): Promise<{ ok: true; data: z.infer<Schema> } | { ok: false; failure: FormFailure }> {
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    return { ok: false, failure: { formError: "We could not read the form. Reload the page and try again." } };
  }
  return parseFormData(formData, schema);
}

export function parseFormData<Schema extends z.ZodType>(
  formData: FormData,
  schema: Schema,
): { ok: true; data: z.infer<Schema> } | { ok: false; failure: FormFailure } {
  const values: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key);
    values[key] = all.length === 1 ? all[0] : all;
  }
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    fieldErrors[field] ??= issue.message;
  }
  return { ok: false, failure: { fieldErrors, formError: "Some answers need a change. See the messages below." } };
}

/**
 * A page shows field errors next to its inputs, so a field with no visible
 * input (a hidden id, the intent, a select without an error slot) would leave
 * only "see the messages below" with nothing below. Their messages go into
 * the form's own message instead.
 */
export function withUnshownFieldErrors(failure: FormFailure, shownFields: readonly string[]): FormFailure {
  const fields = Object.keys(failure.fieldErrors ?? {});
  const unshown = fields.filter((field) => !shownFields.includes(field)).map((field) => failure.fieldErrors![field]!);
  if (unshown.length === 0) return failure;
  const messages = [...new Set(unshown)].join(" ");
  const anyShown = fields.some((field) => shownFields.includes(field));
  return { ...failure, formError: anyShown ? `${messages} ${failure.formError ?? ""}`.trim() : messages };
}

export function formFailure(failure: FormFailure, status = 400, headers?: HeadersInit) {
  return data(failure, { status, headers });
}

/** Turns a refusal from a model into the form's error, with the model's status. */
export function domainFailure(error: DomainError) {
  const failure: FormFailure = error.field
    ? { fieldErrors: { [error.field]: error.message }, formError: error.message }
    : { formError: error.message };
  return data(failure, { status: error.status });
}

/** Runs a model call; a DomainError becomes the form's error, anything else is rethrown. */
export async function orFormFailure<T>(work: () => Promise<T>) {
  try {
    return { ok: true as const, value: await work() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false as const, response: domainFailure(error) };
    throw error;
  }
}
