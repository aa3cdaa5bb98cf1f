import type { Submission } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { z } from "zod";
import { DomainError } from "~/domain-error";
import type { FormReply } from "~/forms/form-reply";

export type { FormReply };

/*
 * Every form is read here (decision 027): the action parses the body with
 * conform's parseWithZod and answers a refusal with `submission.reply()`, so
 * the page gets the errors and what was typed in one typed shape, with or
 * without JavaScript.
 */


export const UNREADABLE_FORM = "We could not read the form. Reload the page and try again.";
const NEEDS_CHANGE = "Some answers need a change. See the messages below.";

// A refused form echoes what was typed; a body may be up to MAX_BODY_BYTES,
// so each value sent back is cut to a size no real answer reaches.
const ECHO_LIMIT = 20_000;

type AnySubmission = Submission<unknown, string[], unknown>;

export interface Refusal {
  formError?: string;
  fieldErrors?: Record<string, string>;
  status?: number;
  headers?: HeadersInit;
}

export type Parsed<Schema extends z.ZodType, Tag extends object = object> =
  | { ok: true; value: z.output<Schema>; submission: Submission<z.input<Schema>, string[], z.output<Schema>> }
  | { ok: false; refusal: ReturnType<typeof refuse<Tag>> };

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
 * so "see the messages below" never points at nothing. `tag` is added to
 * a refusal, as in `refuse`.
 */
export async function parseSubmission<Schema extends z.ZodType, Tag extends object = object>(
  request: Request | FormData,
  schema: Schema,
  options: { shownFields?: readonly string[]; tag?: Tag } = {},
): Promise<Parsed<Schema, Tag>> {
  const { tag } = options;
  const form = request instanceof FormData ? request : await readForm(request);
  if (!form) return { ok: false, refusal: refuse(null, { formError: UNREADABLE_FORM }, tag) };
  let submission: Submission<z.input<Schema>, string[], z.output<Schema>>;
  try {
    submission = parseWithZod(form, { schema, disableAutoCoercion: true });
  } catch {
    // A field name conform cannot read as a path (`a..b`, `__proto__`) or a forged `__intent__`.
    return { ok: false, refusal: refuse(null, { formError: UNREADABLE_FORM }, tag) };
  }
  if (submission.status === "success") return { ok: true, value: submission.value, submission };
  const fieldErrors: Record<string, string> = {};
  for (const [name, messages] of Object.entries(submission.error ?? {})) {
    if (messages?.[0]) fieldErrors[name.split(/[.[]/)[0] || "form"] ??= messages[0];
  }
  return { ok: false, refusal: refuse(submission, withUnshownFieldErrors(fieldErrors, options.shownFields), tag) };
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
 * errors, what was typed (never a password or a redirect target) and the status. `tag` adds keys
 * that tell a page with several forms which one was refused.
 */
export function refuse<Tag extends object = object>(submission: AnySubmission | null, refusal: Refusal, tag?: Tag) {
  const { formError, fieldErrors, status = 400, headers } = refusal;
  const errors = {
    formErrors: formError ? [formError] : [],
    fieldErrors: Object.fromEntries(Object.entries(fieldErrors ?? {}).map(([name, message]) => [name, [message]])),
  };
  const reply: FormReply = submission
    ? submission.reply({ ...errors, hideFields: unechoedFields(submission) })
    : { status: "error", initialValue: null, error: { "": errors.formErrors, ...errors.fieldErrors } };
  return data({ ...reply, initialValue: limitEcho(reply.initialValue), ...tag } as FormReply & Partial<Tag>, { status, headers });
}

/** Turns a refusal from a model into the form's error, with the model's status. */
export function domainRefusal<Tag extends object = object>(submission: AnySubmission | null, error: DomainError, tag?: Tag) {
  const fieldErrors = error.field ? { [error.field]: error.message } : undefined;
  return refuse(submission, { formError: error.message, fieldErrors, status: error.status }, tag);
}

/** Runs a model call; a DomainError becomes the form's refusal, anything else is rethrown. */
export async function orRefusal<T, Tag extends object = object>(submission: AnySubmission | null, work: () => Promise<T>, tag?: Tag) {
  try {
    return { ok: true as const, value: await work() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false as const, refusal: domainRefusal(submission, error, tag) };
    throw error;
  }
}

/**
 * The answer to a form whose work was done: the message to show, and the
 * form emptied (`keep` leaves what was typed, for a form that edits what it
 * saved). A form with no fields of its own passes null.
 */
export function formDone(submission: AnySubmission | null, done: string, options: { keep?: boolean } = {}): FormReply {
  if (!submission) return { status: "success", done };
  const reply = options.keep ? submission.reply({ hideFields: unechoedFields(submission) }) : submission.reply({ resetForm: true });
  return { ...reply, initialValue: limitEcho(reply.initialValue), done };
}

// Never sent back: passwords, and redirect targets (a page takes its own from
// the address, and echoing a forged one would put another site's name on ours).
function unechoedFields(submission: AnySubmission): string[] {
  return Object.keys(submission.payload).filter((name) => /password|redirect/i.test(name));
}

function limitEcho(values: FormReply["initialValue"]): FormReply["initialValue"] {
  if (!values) return values;
  const cut = (value: unknown): unknown =>
    typeof value === "string" ? value.slice(0, ECHO_LIMIT) : Array.isArray(value) ? value.slice(0, 1_000).map(cut) : value && typeof value === "object" ? limitEcho(value as never) : value;
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, cut(value)])) as FormReply["initialValue"];
}
