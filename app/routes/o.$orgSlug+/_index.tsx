import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrganizationMember } from "~/auth/permissions.server";
import { CohortRequestsNotice } from "~/components/cohort-requests-notice";
import { SuccessNotice } from "~/components/form";
import { isSetupComplete, OrganizationSetupChecklist } from "~/components/organization-setup";
import { ProgressBar } from "~/components/progress-bar";
import { listModules } from "~/content/catalog.server";
import { StatusBadge } from "~/components/cohort-progress";
import { formatDay } from "~/time-format";
import { Time } from "~/components/time";
import { listAssignedModulesForLearner } from "~/models/cohorts/assignment.server";
import { listOpenCohortRequests } from "~/models/cohorts/cohort-request.server";
import { listModuleOverviews } from "~/models/learning/module-progress.server";
import { getOrganizationSetup } from "~/models/organizations/organization.server";
import { listCommentsAwaitingTrainee } from "~/models/learning/reflection-comment.server";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization, role } = await requireOrganizationMember(context, request, params.orgSlug);
  const modules = listModules();
  const scope = { organizationId: organization.id, userId: user.id };
  const [overviews, assigned, replies, cohortRequests, setup] = await Promise.all([
    listModuleOverviews(scope, modules),
    listAssignedModulesForLearner(scope),
    listCommentsAwaitingTrainee(scope),
    listOpenCohortRequests(scope),
    role === "admin" ? getOrganizationSetup(organization.id) : null,
  ]);
  const resume = overviews
    .filter((o) => o.status === "in-progress")
    .sort((a, b) => (b.updatedAt ?? "").localeCompare(a.updatedAt ?? ""))[0];
  const resumeModule = resume ? modules.find((m) => m.slug === resume.slug) : undefined;
  return {
    displayName: user.displayName,
    organization: { slug: organization.slug, name: organization.name },
    role,
    assigned,
    replies,
    cohortRequests,
    setup,
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
  trainee: "As a trainee you work through modules at your own pace. Only you can read your reflections, unless you choose to share one with your trainers.",
} as const;

export default function OrganizationHomePage() {
  const { displayName, organization, role, learning, assigned, replies, cohortRequests, setup } = useLoaderData<typeof loader>();
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
      <CohortRequestsNotice requests={cohortRequests} href={`${learn}/cohort-requests`} />
      {setup && !isSetupComplete(setup) ? <OrganizationSetupChecklist base={`/o/${organization.slug}`} setup={setup} /> : null}
      {replies.length > 0 ? (
        <section aria-labelledby="replies-heading" className="notice notice--info dashboard-replies">
          <h2 id="replies-heading">Your trainers answered</h2>
          <ul>
            {replies.map((reply) => (
              <li key={reply.reflectionId}>
                <Link to={`${learn}/journal#entry-${reply.reflectionId}`}>
                  {reply.authorName} commented on your reflection in “{reply.moduleTitle}”
                </Link>{" "}
                <span className="muted">
                  (<Time value={reply.createdAt} />)
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {assigned.length > 0 ? (
        <section aria-labelledby="assigned-heading" className="dashboard-assigned">
          <h2 id="assigned-heading">Assigned to you</h2>
          <p>Your trainers chose these modules for your training group. The ones to do first are at the top.</p>
          <ul className="assigned-list">
            {assigned.map((module) => (
              <li key={module.moduleSlug} className={module.overdue ? "assigned-item assigned-item--overdue" : "assigned-item"}>
                <p className="assigned-item__title">
                  <Link to={`${learn}/${module.moduleSlug}`}>{module.title}</Link>
                </p>
                <p className="assigned-item__meta">
                  <StatusBadge
                    status={module.overdue ? "overdue" : module.status}
                    started={module.status !== "not-started"}
                    completedAt={module.completedAt}
                  />
                  <span>{module.dueOn ? `Due ${formatDay(module.dueOn)}` : "No due date"}</span>
                  <span>About {module.minutes} minutes</span>
                </p>
                {module.overdue ? (
                  <p className="assigned-item__note">
                    The due date has passed. You can still do it. If you need more time, talk to your trainer.
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
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
      {role !== "trainee" ? (
        <ul className="card-list">
          <li className="card">
            <Link to={`/o/${organization.slug}/teach`}>Cohorts</Link>
            <p className="muted">
              {role === "admin" ? "Every cohort: its trainees, assigned modules and progress." : "Your cohorts: add trainees, assign modules, follow progress."}
            </p>
          </li>
          {role === "admin" ? (
            <>
              <li className="card">
                <Link to={`/o/${organization.slug}/admin/invitations`}>Invite people</Link>
                <p className="muted">Send an invitation link to a trainer, trainee or another admin.</p>
              </li>
              <li className="card">
                <Link to={`/o/${organization.slug}/admin/members`}>Members and roles</Link>
                <p className="muted">Change someone's role or remove them from the organization.</p>
              </li>
            </>
          ) : null}
        </ul>
      ) : null}
    </main>
  );
}
