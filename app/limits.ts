/**
 * Numbers that pages show to people as well as the server enforces. They live
 * outside `.server` modules because the browser bundle replaces those with
 * empty stubs: imported from there, a hint would read "At least undefined
 * characters" once React takes over the page.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
export const INVITATION_VALID_DAYS = 7;
export const RESET_VALID_MINUTES = 60;
/** How long the link that confirms a new account's or a new email's address works. */
export const CONFIRMATION_VALID_HOURS = 24;
/** A trainer's comment on a shared reflection, or the trainee's reply. */
export const MAX_COMMENT_LENGTH = 5000;
export const MAX_SIGN_OFF_NOTE = 1000;
export const MAX_REVOKE_REASON = 500;
/** Unknown codes one address may ask for in the window before it must wait. */
export const VERIFICATION_MISS_LIMIT = 20;
/** The most addresses one list or file may hold; a larger cohort is added in parts. */
export const MAX_ROSTER_ROWS = 1000;
