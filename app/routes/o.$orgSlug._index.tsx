import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrganizationMember } from "~/auth/permissions.server";
import { SuccessNotice } from "~/components/form";
import { ProgressBar } from "~/components/progress-bar";
import { listModules } from "~/content/catalog.server";
import { listModuleOverviews } from "~/models/module-progress.server";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization, role } = await requireOrganizationMember(context, request, params.orgSlug);
  const modules = listModules();
  const overviews = await listModuleOverviews({ organizationId: organization.id, userId: user.id }, modules);
  const resume = overviews
    .filter((o) => o.status === "in-progress")
    .sort((a, b) => (b.updatedAt ?? "").localeCompare(a.updatedAt ?? ""))[0];
  const resumeModule = resume ? modules.find((m) => m.slug === resume.slug) : undefined;
  return {
    displayName: user.displayName,
    organization: { slug: organization.slug, name: organization.name },
    role,
    learning: {
      total: modules.length,
      completed: overviews.filter((o) => o.status === "completed").length,
      resume: resume && resumeModule
        ? {
            slug: resume.slug,
            title: resumeModule.frontmatter.title,
            fraction: resume.fraction,
            section: resume.lastSection,
            sectionTitle: resumeModule.sections.find((s) => s.id === resume.lastSection)?.title ?? null,
          }
        : null,
    },
  };
}

const roleDescriptions = {
  admin: "As an admin you manage who belongs to this organization and what role each person has.",
  trainer: "As a trainer you run cohorts: you follow trainees' progress and answer the reflections they share with you.",
  trainee: "As a trainee you work through modules at your own pace. Your reflections stay private unless you choose to share them.",
} as const;

export default function OrganizationHomePage() {
  const { displayName, organization, role, learning } = useLoaderData<typeof loader>();
  const learn = `/o/${organization.slug}/learn`;
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
      <section aria-labelledby="learning-heading" className="dashboard-learning">
        <h2 id="learning-heading">Your learning</h2>
        {learning.resume ? (
          <div className="card resume-card">
            <p className="eyebrow">Continue where you left off</p>
            <p className="resume-card__title">
              <Link to={`${learn}/${learning.resume.slug}${learning.resume.section ? `?section=${learning.resume.section}` : ""}`}>
                {learning.resume.title}
                {learning.resume.sectionTitle ? `: ${learning.resume.sectionTitle}` : ""}
              </Link>
            </p>
            <ProgressBar fraction={learning.resume.fraction} label={`Progress in ${learning.resume.title}`} />
          </div>
        ) : null}
        <p>
          You have completed {learning.completed} of {learning.total} modules.{" "}
          <Link to={learn}>{learning.resume || learning.completed ? "See all modules" : "Start with the modules"}</Link>
        </p>
      </section>
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
