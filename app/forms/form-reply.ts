import type { SubmissionResult } from "@conform-to/react";

/** What an action sends back to its form: conform's reply, and a success message when the work was done (decision 027). */
export type FormReply = SubmissionResult<string[]> & { done?: string };

/** The form's own message in a reply, for a page that reads a reply without `useForm` (a fetcher, a form with no fields). */
export function replyFormError(reply: SubmissionResult<string[]> | undefined): string | undefined {
  return reply?.error?.[""]?.[0];
}

/** The first error of one field in a reply. */
export function replyFieldError(reply: SubmissionResult<string[]> | undefined, name: string): string | undefined {
  return reply?.error?.[name]?.[0];
}
