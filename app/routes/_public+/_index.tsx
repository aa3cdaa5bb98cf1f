import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/auth/permissions.server";
import { listOrganizationsOfUser } from "~/models/organizations/organization.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const user = getOptionalUser(context);
  if (!user) return { signedIn: false as const };
  const organizations = await listOrganizationsOfUser(user.id);
  if (organizations.length === 1) throw redirect(`/o/${organizations[0]!.slug}`);
  return { signedIn: true as const, displayName: user.displayName, organizations };
}

export default function HomePage() {
  const data = useLoaderData<typeof loader>();
  if (!data.signedIn) {
    return (
      <main id="main" className="page">
        <h1>Training for peer support workers</h1>
        <p className="lead">
          Learn the skills of one-to-one peer support at your own pace, reflect privately on your own experience,
          and earn a completion record that employers can check.
        </p>
        <p>Courses follow the WHO QualityRights guidance on peer support and the Peer Support Canada core skills.</p>
        <p className="actions">
          <Link to="/signin" className="button">Sign in</Link>
          <Link to="/signup" className="button button--secondary">Create an account</Link>
        </p>
      </main>
    );
  }
  return (
    <main id="main" className="page">
      <h1>Welcome, {data.displayName}</h1>
      {data.organizations.length === 0 ? (
        <>
          <p>You are not part of an organization yet.</p>
          <p>
            If your organization invited you, open the invitation link they gave you. You can also start a new
            organization yourself.
          </p>
          <p>
            <Link to="/orgs/new" className="button">Create an organization</Link>
          </p>
        </>
      ) : (
        <>
          <h2>Your organizations</h2>
          <ul className="card-list">
            {data.organizations.map((organization) => (
              <li key={organization.slug} className="card">
                <Link to={`/o/${organization.slug}`}>{organization.name}</Link>
                <p className="muted">Your role: {organization.role}</p>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/orgs/new">Create another organization</Link>
          </p>
        </>
      )}
    </main>
  );
}
