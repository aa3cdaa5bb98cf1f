import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { requireOrganizationAdmin } from "~/auth/permissions.server";
import { CopyLink } from "~/components/copy-link";
import { FormErrorSummary, SuccessNotice, TextField } from "~/components/form";
import { ROLES, type Role } from "~/db/schema";
import { emailField, idField, roleField } from "~/forms/fields";
import { formFailure, orFormFailure, parseForm, withUnshownFieldErrors, type FormFailure } from "~/forms/parse-form.server";
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
  const parsed = await parseForm(request, InvitationActionSchema);
  // Only the invitation form's email and role show their own errors.
  if (!parsed.ok) return formFailure(withUnshownFieldErrors(parsed.failure, ["email", "role", "cohortId"]));
  const form = parsed.data;
  if (form.intent === "revoke") {
    const revoked = await orFormFailure(() =>
      revokeInvitation({ organizationId: organization.id, actorId: user.id, invitationId: form.invitationId }),
    );
    return revoked.ok ? { done: "The invitation has been withdrawn. Its link no longer works." } : revoked.response;
  }
  const created = await orFormFailure(() =>
    createInvitation({
      organizationId: organization.id,
      actorId: user.id,
      email: form.email,
      role: form.role as Role,
      cohortId: form.cohortId || null,
      appOrigin: context.appOrigin,
    }),
  );
  if (!created.ok) return created.response;
  return { done: `Invitation created for ${form.email}.`, link: created.value.link };
}

type InvitationResult = (FormFailure & { done?: string; link?: string }) | undefined;

export default function InvitationsPage() {
  const { pending, organizationName, cohorts, mailReachesInboxes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as InvitationResult;
  // Empty the form once an invitation is made, so it is not sent twice by mistake.
  const inviteForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.link) inviteForm.current?.reset();
  }, [result]);
  return (
    <main id="main" className="page">
      <h1>Invite people to {organizationName}</h1>
      {result?.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
          {result.link ? (
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
      <FormErrorSummary result={result} />
      {mailReachesInboxes ? (
        <p>We email the person an invitation link. You also get the link, to send yourself if the email does not arrive.</p>
      ) : (
        <p>You get a link to send to the person yourself: this site does not send email yet.</p>
      )}
      <Form method="post" noValidate className="stack" ref={inviteForm}>
        <input type="hidden" name="intent" value="invite" />
        <TextField label="Email address" name="email" type="email" autoComplete="off"
          error={result?.fieldErrors?.email} />
        <div className={result?.fieldErrors?.role ? "field field--error" : "field"}>
          <label htmlFor="field-role">Role</label>
          {result?.fieldErrors?.role ? <p className="field__error" id="field-role-error">{result.fieldErrors.role}</p> : null}
          <select id="field-role" name="role" defaultValue="trainee"
            aria-describedby={result?.fieldErrors?.role ? "field-role-error" : undefined}>
            {ROLES.map((role) => (
              <option key={role} value={role}>{role}</option>
            ))}
          </select>
        </div>
        {cohorts.length > 0 ? (
          <div className={result?.fieldErrors?.cohortId ? "field field--error" : "field"}>
            <label htmlFor="field-cohortId">Cohort (optional, for a trainee)</label>
            <p className="field__hint" id="field-cohortId-hint">
              A trainee invited into a cohort joins it when they accept. The invitation page names the cohort and its trainers.
            </p>
            {result?.fieldErrors?.cohortId ? <p className="field__error" id="field-cohortId-error">{result.fieldErrors.cohortId}</p> : null}
            <select id="field-cohortId" name="cohortId" defaultValue=""
              aria-describedby={result?.fieldErrors?.cohortId ? "field-cohortId-hint field-cohortId-error" : "field-cohortId-hint"}>
              <option value="">No cohort</option>
              {cohorts.map((cohort) => (
                <option key={cohort.id} value={cohort.id}>{cohort.name}</option>
              ))}
            </select>
          </div>
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
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <button type="submit" className="button button--small button--secondary">
                        Withdraw<span className="visually-hidden"> invitation for {invitation.email}</span>
                      </button>
                    </Form>
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
