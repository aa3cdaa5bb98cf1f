import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganizationAdmin } from "~/auth/permissions.server";
import { FormErrorSummary, SuccessNotice } from "~/components/form";
import { Time } from "~/components/time";
import { idField } from "~/forms/fields";
import { formFailure, orFormFailure, parseForm, type FormFailure } from "~/forms/parse-form.server";
import { mailDelivery } from "~/mail/mailer.server";
import { countRecentMail, listMailProblems, resendFailedMail } from "~/models/mail/mail-admin.server";
import { listRecentJobRuns } from "~/models/system/scheduler.server";

export const meta: MetaFunction = () => [{ title: "Mail · Peer Support Training" }];

const MailActionSchema = z.object(
  { intent: z.literal("resend", { error: "Choose a mail to send again." }), outboxId: idField },
  { error: "Choose a mail to send again." },
);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  const [problems, recent, jobRuns] = await Promise.all([listMailProblems(organization.id), countRecentMail(organization.id), listRecentJobRuns(20)]);
  return { organizationName: organization.name, problems, recent, jobRuns, delivery: mailDelivery() };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  const parsed = await parseForm(request, MailActionSchema);
  if (!parsed.ok) return formFailure(parsed.failure);
  const resent = await orFormFailure(() => resendFailedMail({ organizationId: organization.id, actorId: user.id, outboxId: parsed.data.outboxId }));
  return resent.ok ? { done: `The mail to ${resent.value.to} is being sent again.` } : resent.response;
}

export default function MailPage() {
  const { organizationName, problems, recent, jobRuns, delivery } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (FormFailure & { done?: string }) | undefined;
  const failed = problems.filter((p) => p.status === "failed");
  const retrying = problems.filter((p) => p.status === "queued");
  return (
    <main id="main" className="page">
      <h1>Mail from {organizationName}</h1>
      {result?.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
        </SuccessNotice>
      ) : null}
      <FormErrorSummary result={result} />
      {delivery === "sent" ? (
        <p>This site sends email. In the last 30 days: {recent.sent} sent, {recent.waiting} waiting, {recent.failed} failed.</p>
      ) : (
        <p>
          This site does not send email: it is not set up with a mail server ({delivery === "server-log" ? "mail is written to the server's log" : "mail is dropped"}).
          Invitation links are shown to copy when you make them. The person who runs this site can set it up (SMTP_URL and MAIL_FROM).
        </p>
      )}
      <p>
        A mail the mail server turns away for a while is tried again, less and less often, for about four hours, then listed as failed.
        One it refuses outright (an address that does not exist, say) is listed at once. The message itself is not shown here: it may
        hold a link meant only for the person it was sent to.
      </p>

      <h2>Failed</h2>
      {failed.length === 0 ? <p>No mail has failed.</p> : <MailTable problems={failed} resend />}

      <h2>Being tried again</h2>
      {retrying.length === 0 ? <p>No mail is waiting for another try.</p> : <MailTable problems={retrying} />}

      <h2>Scheduled work</h2>
      <p>
        Work the site does on its own, for every organization on it (such as forgetting old mail). A run that fails is tried again at its
        next time; one cut short when the server stopped is run again.
      </p>
      {jobRuns.length === 0 ? (
        <p>Nothing has run yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Job</th>
                <th scope="col">Outcome</th>
                <th scope="col">What it did</th>
              </tr>
            </thead>
            <tbody>
              {jobRuns.map((run) => (
                <tr key={run.id}>
                  <th scope="row">
                    <Time value={run.startedAt} show="date-time" />
                  </th>
                  <td data-label="Job">{run.job}</td>
                  <td data-label="Outcome">{RUN_OUTCOMES[run.outcome]}</td>
                  <td data-label="What it did">{run.detail ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

const RUN_OUTCOMES = { ok: "Done", failed: "Failed", running: "Running", interrupted: "Cut short (the server stopped)" } as const;

function MailTable({ problems, resend = false }: { problems: ReturnType<typeof useLoaderData<typeof loader>>["problems"]; resend?: boolean }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">To</th>
            <th scope="col">What</th>
            <th scope="col">Why it did not go</th>
            <th scope="col">Tries</th>
            <th scope="col">{resend ? "Queued" : "Next try"}</th>
            {resend ? <th scope="col">Send again</th> : null}
          </tr>
        </thead>
        <tbody>
          {problems.map((problem) => (
            <tr key={problem.id}>
              <th scope="row">{problem.to}</th>
              <td data-label="What">
                {problem.what}: {problem.subject}
              </td>
              <td data-label="Why it did not go">{problem.reason ?? "Unknown"}</td>
              <td data-label="Tries">{problem.attempts}</td>
              <td data-label={resend ? "Queued" : "Next try"}>
                <Time value={resend ? problem.queuedAt : problem.nextAttemptAt} show="date-time" />
              </td>
              {resend ? (
                <td>
                  {problem.canResend ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="resend" />
                      <input type="hidden" name="outboxId" value={problem.id} />
                      <button type="submit" className="button button--small button--secondary">
                        Send again<span className="visually-hidden"> to {problem.to}</span>
                      </button>
                    </Form>
                  ) : (
                    "Cannot be sent again"
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
