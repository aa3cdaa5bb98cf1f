import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { orNotFound, requireItemStatisticsReach } from "~/auth/permissions.server";
import { HowToRead, reachWords, ReachForm } from "~/components/item-statistics";
import { TRACK_TITLES, TRACKS } from "~/content/frontmatter";
import { itemStatisticsQueryFrom, itemStatisticsQueryString } from "~/forms/item-statistics-query";
import { loadItemStatisticsIndex } from "~/models/learning/item-statistics.server";

export const meta: MetaFunction = () => [{ title: "Question statistics · Peer Support Training" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { cohortId } = itemStatisticsQueryFrom(new URL(request.url).searchParams);
  const { user, organization, role, reach } = await requireItemStatisticsReach(context, request, params.orgSlug, cohortId);
  const page = await orNotFound(() => loadItemStatisticsIndex({ reach, viewer: { id: user.id, role } }));
  return { ...page, role, cohortId, teach: `/o/${organization.slug}/teach` };
}

export default function QuestionStatisticsIndex() {
  const { modules, cohorts, cohort, cohortId, role, teach } = useLoaderData<typeof loader>();
  const query = itemStatisticsQueryString({ cohortId });
  return (
    <main id="main" className="page">
      <p className="eyebrow">
        <Link to={teach}>Cohorts</Link>
      </p>
      <h1>Question statistics</h1>
      <p>
        How each quiz question works: how many answered, the share right, whether it tells apart those who learned the module, and how often
        each option was chosen. Answers of {reachWords({ role, cohort })}; no names are shown. Choose a module to see its questions.
      </p>
      <ReachForm role={role} cohorts={cohorts} cohortId={cohortId} />
      <HowToRead />
      {TRACKS.map((track) => {
        const inTrack = modules.filter((m) => m.track === track);
        if (inTrack.length === 0) return null;
        return (
          <section key={track} aria-labelledby={`track-${track}`}>
            <h2 id={`track-${track}`}>{TRACK_TITLES[track]}</h2>
            <div className="table-wrap">
              {/* On a phone CSS shows each row as a card; the roles keep it a table for screen readers, which Safari would otherwise lose. */}
              {/* eslint-disable jsx-a11y/no-redundant-roles, jsx-a11y/no-interactive-element-to-noninteractive-role -- see above */}
              <table className="table--stacks" role="table">
                <caption className="visually-hidden">Modules of {TRACK_TITLES[track]}, with how many people answered their current quiz</caption>
                <thead role="rowgroup">
                  <tr role="row">
                    <th scope="col" role="columnheader">
                      Module
                    </th>
                    <th scope="col" role="columnheader">
                      Questions
                    </th>
                    <th scope="col" role="columnheader">
                      People who answered (current version)
                    </th>
                  </tr>
                </thead>
                <tbody role="rowgroup">
                  {inTrack.map((module) => (
                    <tr key={module.slug} role="row">
                      <th scope="row" role="rowheader">
                        <Link to={`${teach}/questions/${module.slug}${query}`}>{module.title}</Link>
                      </th>
                      <td role="cell" data-label="Questions">
                        {module.questions}
                      </td>
                      <td role="cell" data-label="People who answered (current version)">
                        {module.people}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {/* eslint-enable jsx-a11y/no-redundant-roles, jsx-a11y/no-interactive-element-to-noninteractive-role */}
            </div>
          </section>
        );
      })}
    </main>
  );
}
