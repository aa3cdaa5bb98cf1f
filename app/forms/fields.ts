import { z } from "zod";
import { ROLES } from "~/db/schema";
import { ID_PATTERN } from "~/ids";
import { MAX_PASSWORD_LENGTH } from "~/limits";

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .max(max, `Keep ${label} to ${max} characters or fewer.`);

export const emailField = z
  .string({ error: "Enter an email address." })
  .trim()
  .min(1, "Enter an email address.")
  .max(254, "That email address is too long. Check it and try again.")
  .pipe(z.email("Enter an email address like name@example.org."));

/**
 * Characters that are never part of a name but change how the text around it
 * is shown: control characters (C0, DEL, C1), line and paragraph separators,
 * and the bidirectional marks, embeddings, overrides and isolates
 * (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069). A right-to-left override
 * in a name can make "Sam (trainer)" read as something else on every page and
 * in the activity log. Joiners (U+200C/D) stay: some scripts and emoji need them.
 */
const HIDDEN_FORMATTING = /[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}]/u;

/** A name people will see: as `text`, without hidden formatting characters. */
const visibleName = (label: string, max: number) =>
  text(label, max).refine(
    (value) => !HIDDEN_FORMATTING.test(value),
    `${label[0]!.toUpperCase()}${label.slice(1)} has a hidden character in it, like a line break or a text-direction mark, often copied in by accident. Type it again using only letters, numbers, spaces and punctuation.`,
  );

export const displayNameField = visibleName("your name", 100);
export const organizationNameField = visibleName("the organization's name", 120);

/** A password being typed in to prove who someone is (no strength rules). */
export const currentPasswordField = z
  .string({ error: "Enter your password." })
  .min(1, "Enter your password.")
  .max(MAX_PASSWORD_LENGTH, `Passwords are at most ${MAX_PASSWORD_LENGTH} characters.`);

/** Strength is checked by the model, which also knows the email. */
export const newPasswordField = z
  .string({ error: "Choose a password." })
  .min(1, "Choose a password.")
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`);

export const roleField = z.enum(ROLES as [string, ...string[]], {
  error: "Choose a role: admin, trainer or trainee.",
});

/** An id chosen from a list: `missing` when nothing was sent, `unknown` when the value is not an id. */
export const chosenIdField = (missing: string, unknown: string) => z.string({ error: missing }).regex(ID_PATTERN, unknown);

export const idField = chosenIdField("Something is missing from the form. Reload the page and try again.", "That item was not found. Reload the page and try again.");

/**
 * Where to go after signing in, carried in a hidden field from the address
 * bar. A target too long to use is dropped (the start page instead) rather
 * than failing a form whose person cannot see or fix it.
 */
export const optionalRedirectField = z.string().max(500).optional().catch(undefined);
