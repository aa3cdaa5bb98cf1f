import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireCohortManager } from "~/auth/permissions.server";
import { cohortPageTitle, DateRange, phaseWords } from "~/components/cohort-progress";
import { getCohortHeader } from "~/models/cohorts/cohort.server";

const COHORT_LAYOUT_ID = "routes/o.$orgSlug+/teach+/cohorts.$cohortId";

/** The title of a section of this cohort, read from this layout's data. */
export function cohortSectionMeta(section: string): MetaFunction<unknown, { [COHORT_LAYOUT_ID]: typeof loader }> {
  return ({ matches }) => [{ title: cohortPageTitle(section, matches.find((m) => m.id === COHORT_LAYOUT_ID)?.data?.cohort.name) }];
}

/** The frame of every page about one cohort: its name, dates, trainers and the cohort's sections. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization, cohortId } = await requireCohortManager(context, request, params.orgSlug, params.cohortId);
  return { teach: `/o/${organization.slug}/teach`, cohort: await getCohortHeader(organization.id, cohortId) };
}

export default function CohortLayout() {
  const { teach, cohort } = useLoaderData<typeof loader>();
  const base = `${teach}/cohorts/${cohort.id}`;
  return (
    <main id="main" className="page cohort-page">
      <p className="eyebrow">
        <Link to={teach}>Cohorts</Link>
      </p>
      <h1>{cohort.name}</h1>
      <p className="cohort-meta">
        <DateRange startsOn={cohort.startsOn} endsOn={cohort.endsOn} /> · {phaseWords[cohort.phase]}
        <br />
        Trainers: {cohort.trainers.length > 0 ? cohort.trainers.map((t) => t.name).join(", ") : "none"}
      </p>
      {cohort.archivedAt ? (
        <div className="notice notice--info">
          <p>This cohort is archived. You can read its progress and download it, but nothing in it can be changed.</p>
        </div>
      ) : null}
      <nav aria-label="Parts of this cohort" className="subnav">
        <ul>
          <li>
            <NavLink to={base} end>
              Progress
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/trainees`}>Trainees</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/modules`}>Modules and due dates</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/settings`}>Settings</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </main>
  );
}
