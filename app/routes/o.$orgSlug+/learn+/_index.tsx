import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrganizationMember } from "~/auth/permissions.server";
import { CohortRequestsNotice } from "~/components/cohort-requests-notice";
import { ProgressBar } from "~/components/progress-bar";
import { listModules } from "~/content/catalog.server";
import { TRACK_TITLES, TRACKS } from "~/content/frontmatter";
import { listOpenCohortRequests } from "~/models/cohorts/cohort-request.server";
import { listModuleOverviews } from "~/models/learning/module-progress.server";

export const meta: MetaFunction = () => [{ title: "Modules · Peer Support Training" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization } = await requireOrganizationMember(context, request, params.orgSlug);
  const modules = listModules();
  const scope = { organizationId: organization.id, userId: user.id };
  const [overviews, cohortRequests] = await Promise.all([listModuleOverviews(scope, modules), listOpenCohortRequests(scope)]);
  const rows = modules.map((module, index) => ({
    ...overviews[index]!,
    title: module.frontmatter.title,
    summary: module.frontmatter.summary,
    minutes: module.frontmatter.minutes,
    track: module.frontmatter.track,
  }));
  return {
    base: `/o/${organization.slug}/learn`,
    cohortRequests,
    tracks: TRACKS.map((track) => ({ id: track, title: TRACK_TITLES[track], modules: rows.filter((r) => r.track === track) })).filter(
      (t) => t.modules.length > 0,
    ),
  };
}

const statusLabels = { "not-started": "Not started", "in-progress": "In progress", completed: "Completed" } as const;

export default function ModuleListPage() {
  const { tracks, base, cohortRequests } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="page">
      <h1>Modules</h1>
      <p>Work through the modules in any order, at your own pace. Your progress is saved as you go.</p>
      <CohortRequestsNotice requests={cohortRequests} href={`${base}/cohort-requests`} />
      {tracks.map((track) => (
        <section key={track.id} aria-labelledby={`track-${track.id}`}>
          <h2 id={`track-${track.id}`}>{track.title}</h2>
          <ul className="module-list">
            {track.modules.map((module) => (
              <li key={module.slug} className={`module-card module-card--${module.status}`}>
                <h3>
                  <Link to={`${base}/${module.slug}`}>{module.title}</Link>
                </h3>
                <p>{module.summary}</p>
                <p className="module-card__meta">
                  <span className={`status status--${module.status}`}>{statusLabels[module.status]}</span>
                  <span>About {module.minutes} minutes</span>
                </p>
                <ProgressBar fraction={module.fraction} label={`Progress in ${module.title}`} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </main>
  );
}
