import type { Submission, SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { z } from "zod";
import { DomainError } from "~/domain-error";

/*
 * Every form is read here (decision 027): the action parses the body with
 * conform's parseWithZod and answers a refusal with `submission.reply()`, so
 * the page gets the errors and what was typed in one typed shape, with or
 * without JavaScript.
 */

/** What an action sends back to its form: conform's reply, and a success message when the work was done. */
export type FormReply = SubmissionResult<string[]> & { done?: string };

export const UNREADABLE_FORM = "We could not read the form. Reload the page and try again.";
const NEEDS_CHANGE = "Some answers need a change. See the messages below.";

// A refused form echoes what was typed; a body may be up to MAX_BODY_BYTES,
// so each value sent back is cut to a size no real answer reaches.
const ECHO_LIMIT = 20_000;

export interface Refusal {
  formError?: string;
  fieldErrors?: Record<string, string>;
  status?: number;
  headers?: HeadersInit;
}

export type Parsed<Schema extends z.ZodType> =
  | { ok: true; value: z.output<Schema>; submission: Submission<z.input<Schema>, string[], z.output<Schema>> }
  | { ok: false; refusal: ReturnType<typeof refuse> };

/** The submitted form, or null when the body cannot be read as one. */
export async function readForm(request: Request): Promise<FormData | null> {
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

/**
 * Reads a submitted form through a zod schema. A field sent twice stays a
 * list, so a schema that expects one value refuses it instead of silently
 * picking one. Values reach the schema as sent (no coercion of "" to
 * missing): the schemas' own messages say what an empty field needs.
 *
 * `shownFields` lists the fields the page shows errors beside; the messages
 * of any other field (a hidden id, the intent) go into the form's message,
 * so "see the messages below" never points at nothing.
 */
export async function parseSubmission<Schema extends z.ZodType>(
  request: Request | FormData,
  schema: Schema,
  options: { shownFields?: readonly string[] } = {},
): Promise<Parsed<Schema>> {
  const form = request instanceof FormData ? request : await readForm(request);
  if (!form) return { ok: false, refusal: refuse(null, { formError: UNREADABLE_FORM }) };
  let submission: Submission<z.input<Schema>, string[], z.output<Schema>>;
  try {
    submission = parseWithZod(form, { schema, disableAutoCoercion: true });
  } catch {
    // A field name conform cannot read as a path (`a..b`, `__proto__`) or a forged `__intent__`.
    return { ok: false, refusal: refuse(null, { formError: UNREADABLE_FORM }) };
  }
  if (submission.status === "success") return { ok: true, value: submission.value, submission };
  const fieldErrors: Record<string, string> = {};
  for (const [name, messages] of Object.entries(submission.error ?? {})) {
    if (messages?.[0]) fieldErrors[name.split(/[.[]/)[0] || "form"] ??= messages[0];
  }
  return { ok: false, refusal: refuse(submission, withUnshownFieldErrors(fieldErrors, options.shownFields)) };
}

function withUnshownFieldErrors(fieldErrors: Record<string, string>, shownFields?: readonly string[]): Refusal {
  if (!shownFields) return { fieldErrors, formError: NEEDS_CHANGE };
  const fields = Object.keys(fieldErrors);
  const unshown = [...new Set(fields.filter((field) => !shownFields.includes(field)).map((field) => fieldErrors[field]!))];
  if (unshown.length === 0) return { fieldErrors, formError: NEEDS_CHANGE };
  const anyShown = fields.some((field) => shownFields.includes(field));
  return { fieldErrors, formError: anyShown ? `${unshown.join(" ")} ${NEEDS_CHANGE}` : unshown.join(" ") };
}

/**
 * A refusal of the submission (or of an unreadable body, with `null`): the
 * errors, what was typed (never a password) and the status.
 */
export function refuse(submission: Submission<unknown, string[], unknown> | null, refusal: Refusal) {
  const { formError, fieldErrors, status = 400, headers } = refusal;
  const errors = {
    formErrors: formError ? [formError] : [],
    fieldErrors: Object.fromEntries(Object.entries(fieldErrors ?? {}).map(([name, message]) => [name, [message]])),
  };
  const reply: FormReply = submission
    ? submission.reply({ ...errors, hideFields: passwordFields(submission) })
    : { status: "error", initialValue: null, error: { "": errors.formErrors, ...errors.fieldErrors } };
  return data({ ...reply, initialValue: limitEcho(reply.initialValue) }, { status, headers });
}

/** Turns a refusal from a model into the form's error, with the model's status. */
export function domainRefusal(submission: Submission<unknown, string[], unknown>, error: DomainError) {
  return refuse(submission, {
    formError: error.message,
    fieldErrors: error.field ? { [error.field]: error.message } : undefined,
    status: error.status,
  });
}

/** Runs a model call; a DomainError becomes the form's refusal, anything else is rethrown. */
export async function orRefusal<T>(submission: Submission<unknown, string[], unknown>, work: () => Promise<T>) {
  try {
    return { ok: true as const, value: await work() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false as const, refusal: domainRefusal(submission, error) };
    throw error;
  }
}

/**
 * The answer to a form whose work was done: the message to show, and the
 * form emptied (`keep` leaves what was typed, for a form that edits what it saved).
 */
export function formDone(submission: Submission<unknown, string[], unknown>, done: string, options: { keep?: boolean } = {}): FormReply {
  const reply = options.keep ? submission.reply({ hideFields: passwordFields(submission) }) : submission.reply({ resetForm: true });
  return { ...reply, initialValue: limitEcho(reply.initialValue), done };
}

function passwordFields(submission: Submission<unknown, string[], unknown>): string[] {
  return Object.keys(submission.payload).filter((name) => /password/i.test(name));
}

function limitEcho(values: FormReply["initialValue"]): FormReply["initialValue"] {
  if (!values) return values;
  const cut = (value: unknown): unknown =>
    typeof value === "string" ? value.slice(0, ECHO_LIMIT) : Array.isArray(value) ? value.slice(0, 1_000).map(cut) : value && typeof value === "object" ? limitEcho(value as never) : value;
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, cut(value)])) as FormReply["initialValue"];
}
