import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrganizationMember } from "~/auth/permissions.server";
import { SuccessNotice } from "~/components/form";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization, role } = await requireOrganizationMember(context, request, params.orgSlug);
  return { displayName: user.displayName, organization: { slug: organization.slug, name: organization.name }, role };
}

const roleDescriptions = {
  admin: "As an admin you manage who belongs to this organization and what role each person has.",
  trainer: "As a trainer you run cohorts: you follow trainees' progress and answer the reflections they share with you.",
  trainee: "As a trainee you work through modules at your own pace. Your reflections stay private unless you choose to share them.",
} as const;

export default function OrganizationHomePage() {
  const { displayName, organization, role } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <main id="main" className="page">
      {searchParams.get("joined") ? (
        <SuccessNotice>
          <p>Welcome! You have joined {organization.name}.</p>
        </SuccessNotice>
      ) : null}
      <h1>{organization.name}</h1>
      <p className="lead">
        Hello, {displayName}. Your role here: <strong>{role}</strong>.
      </p>
      <p>{roleDescriptions[role]}</p>
      {role === "admin" ? (
        <ul className="card-list">
          <li className="card">
            <Link to={`/o/${organization.slug}/admin/invitations`}>Invite people</Link>
            <p className="muted">Send an invitation link to a trainer, trainee or another admin.</p>
          </li>
          <li className="card">
            <Link to={`/o/${organization.slug}/admin/members`}>Members and roles</Link>
            <p className="muted">Change someone's role or remove them from the organization.</p>
          </li>
        </ul>
      ) : null}
    </main>
  );
}
