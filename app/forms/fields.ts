import { z } from "zod";
import { ROLES } from "~/db/schema";
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

export const displayNameField = text("your name", 100);
export const organizationNameField = text("the organization's name", 120);

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

export const idField = z
  .string({ error: "Something is missing from the form. Reload the page and try again." })
  .regex(/^[a-z2-7]{16}$/, "That item was not found. Reload the page and try again.");

/**
 * Where to go after signing in, carried in a hidden field from the address
 * bar. A target too long to use is dropped (the start page instead) rather
 * than failing a form whose person cannot see or fix it.
 */
export const optionalRedirectField = z.string().max(500).optional().catch(undefined);
