import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useForm } from "@conform-to/react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganizationAdmin } from "~/auth/permissions.server";
import { CopyLink } from "~/components/copy-link";
import { Field, SelectField } from "~/components/field";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { RowActionForm } from "~/components/row-action-form";
import { ROLES, type Role } from "~/db/schema";
import { emailField, idField, roleField } from "~/forms/fields";
import { formDone, orRefusal, parseSubmission } from "~/forms/submission.server";
import { INVITATION_VALID_DAYS } from "~/limits";
import { mailReachesInboxes } from "~/mail/mailer.server";
import { createInvitation, listCohortsOpenForInvitation, listPendingInvitations, revokeInvitation } from "~/models/accounts/invitation.server";

const InvitationActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    email: emailField,
    role: roleField,
    cohortId: z.union([z.literal(""), idField], { error: "Choose a cohort from the list, or no cohort." }).optional(),
  }),
  z.object({ intent: z.literal("revoke"), invitationId: idField }),
], { error: "Choose what to do: invite someone or withdraw an invitation." });

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  const [pending, cohorts] = await Promise.all([listPendingInvitations(organization.id), listCohortsOpenForInvitation(organization.id)]);
  return { organizationName: organization.name, pending, cohorts, mailReachesInboxes: mailReachesInboxes() };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  // Only the invitation form's email and role show their own errors.
  const parsed = await parseSubmission(request, InvitationActionSchema, { shownFields: ["email", "role", "cohortId"] });
  if (!parsed.ok) return parsed.refusal;
  const form = parsed.value;
  if (form.intent === "revoke") {
    const revoked = await orRefusal(parsed.submission, () =>
      revokeInvitation({ organizationId: organization.id, actorId: user.id, invitationId: form.invitationId }),
    );
    return revoked.ok ? formDone(parsed.submission, "The invitation has been withdrawn. Its link no longer works.") : revoked.refusal;
  }
  const created = await orRefusal(parsed.submission, () =>
    createInvitation({
      organizationId: organization.id,
      actorId: user.id,
      email: form.email,
      role: form.role as Role,
      cohortId: form.cohortId || null,
      appOrigin: context.appOrigin,
    }),
  );
  if (!created.ok) return created.refusal;
  // The form is emptied, so the invitation is not sent twice by mistake.
  return { ...formDone(parsed.submission, `Invitation created for ${form.email}.`), link: created.value.link };
}

export default function InvitationsPage() {
  const { pending, organizationName, cohorts, mailReachesInboxes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useForm<{ email: string; role: string; cohortId: string }>({ lastResult: result, defaultValue: { role: "trainee", cohortId: "" } });
  return (
    <main id="main" className="page">
      <h1>Invite people to {organizationName}</h1>
      {result?.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
          {"link" in result && result.link ? (
            <>
              {mailReachesInboxes ? (
                <p>
                  We emailed them the invitation. If it does not arrive, copy this link and send it to them yourself,
                  by email or a message. It works once and expires in {INVITATION_VALID_DAYS} days.
                </p>
              ) : (
                <p>
                  This site does not send email yet, so nobody has been told. Copy this link and send it to them yourself,
                  by email or a message. It works once and expires in {INVITATION_VALID_DAYS} days.
                </p>
              )}
              <CopyLink id="invitation-link" label="Invitation link" url={result.link} />
            </>
          ) : null}
        </SuccessNotice>
      ) : null}
      <ErrorSummary errors={form.errors} />
      {mailReachesInboxes ? (
        <p>We email the person an invitation link. You also get the link, to send yourself if the email does not arrive.</p>
      ) : (
        <p>You get a link to send to the person yourself: this site does not send email yet.</p>
      )}
      <Form method="post" id={form.id} noValidate className="stack">
        <input type="hidden" name="intent" value="invite" />
        <Field label="Email address" meta={fields.email} type="email" autoComplete="off" />
        <SelectField label="Role" meta={fields.role}>
          {ROLES.map((role) => (
            <option key={role} value={role}>{role}</option>
          ))}
        </SelectField>
        {cohorts.length > 0 ? (
          <SelectField label="Cohort (optional, for a trainee)" meta={fields.cohortId}
            description="A trainee invited into a cohort joins it when they accept. The invitation page names the cohort and its trainers.">
            <option value="">No cohort</option>
            {cohorts.map((cohort) => (
              <option key={cohort.id} value={cohort.id}>{cohort.name}</option>
            ))}
          </SelectField>
        ) : null}
        <button type="submit" className="button">Create invitation</button>
      </Form>

      <h2>Waiting to be accepted</h2>
      <p>
        The link of each invitation is shown only once, when it is made. If one is lost, withdraw the invitation and
        create a new one.
      </p>
      {pending.length === 0 ? (
        <p>No invitations are waiting.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Cohort</th>
                <th scope="col">Expires</th>
                <th scope="col">Withdraw</th>
              </tr>
            </thead>
            <tbody>
              {pending.map((invitation) => (
                <tr key={invitation.id}>
                  <th scope="row">{invitation.email}</th>
                  <td data-label="Role">{invitation.role}</td>
                  <td data-label="Cohort">{invitation.cohort_name ?? "None"}</td>
                  <td data-label="Expires">{invitation.expires_at.slice(0, 10)}</td>
                  <td>
                    <RowActionForm fields={{ intent: "revoke", invitationId: invitation.id }} label="Withdraw" detail={`invitation for ${invitation.email}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
