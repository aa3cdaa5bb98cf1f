import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganizationAdmin } from "~/auth/permissions.server";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { RowActionForm } from "~/components/row-action-form";
import { ROLES, type Role } from "~/db/schema";
import { idField, roleField } from "~/forms/fields";
import { formDone, orRefusal, parseSubmission } from "~/forms/submission.server";
import { changeMemberRole, listMembers, removeMember } from "~/models/accounts/membership.server";

const MemberActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("change-role"), userId: idField, role: roleField }),
  z.object({ intent: z.literal("remove"), userId: idField }),
], { error: "Choose what to do: change the role or remove the person." });

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  return { currentUserId: user.id, organizationName: organization.name, members: await listMembers(organization.id) };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  // The members table shows no field errors of its own.
  const parsed = await parseSubmission(request, MemberActionSchema, { shownFields: [] });
  if (!parsed.ok) return parsed.refusal;
  const form = parsed.value;
  const changed = await orRefusal(parsed.submission, () =>
    form.intent === "remove"
      ? removeMember({ organizationId: organization.id, actorId: user.id, userId: form.userId })
      : changeMemberRole({ organizationId: organization.id, actorId: user.id, userId: form.userId, role: form.role as Role }),
  );
  if (!changed.ok) return changed.refusal;
  // Someone who removed themselves or gave up being an admin may no longer see this page.
  if (form.userId === user.id && (form.intent === "remove" || form.role !== "admin")) {
    return redirect(form.intent === "remove" ? "/" : `/o/${organization.slug}`);
  }
  return formDone(parsed.submission, form.intent === "remove" ? "The person has been removed." : "The role has been changed.");
}

export default function MembersPage() {
  const { members, organizationName, currentUserId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main id="main" className="page">
      <h1>Members of {organizationName}</h1>
      {result?.done ? <SuccessNotice><p>{result.done}</p></SuccessNotice> : null}
      <ErrorSummary errors={result?.error?.[""]} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Members, their roles and actions</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Remove</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id}>
                <th scope="row">
                  {member.display_name}
                  {member.id === currentUserId ? <span className="muted"> (you)</span> : null}
                </th>
                <td data-label="Email">{member.email}</td>
                <td data-label="Role">
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="change-role" />
                    <input type="hidden" name="userId" value={member.id} />
                    <label htmlFor={`role-${member.id}`} className="visually-hidden">
                      Role of {member.display_name}
                    </label>
                    <select id={`role-${member.id}`} name="role" defaultValue={member.role}>
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {role}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="button button--small">
                      Save<span className="visually-hidden"> role of {member.display_name}</span>
                    </button>
                  </Form>
                </td>
                <td>
                  <RowActionForm fields={{ intent: "remove", userId: member.id }} label="Remove" detail={member.display_name} tone="danger" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
