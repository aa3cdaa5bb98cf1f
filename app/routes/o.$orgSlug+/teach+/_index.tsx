import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrganizationRole, viewerOf } from "~/auth/permissions.server";
import { DateRange, phaseWords } from "~/components/cohort-progress";
import { listCohortsForViewer } from "~/models/cohorts/cohort.server";

export const meta: MetaFunction = () => [{ title: "Cohorts · Peer Support Training" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireOrganizationRole(context, request, params.orgSlug, ["admin", "trainer"]);
  const { organization, role } = access;
  return {
    base: `/o/${organization.slug}/teach`,
    role,
    cohorts: await listCohortsForViewer(viewerOf(access)),
  };
}

export default function CohortListPage() {
  const { base, role, cohorts } = useLoaderData<typeof loader>();
  const current = cohorts.filter((c) => c.phase !== "archived");
  const archived = cohorts.filter((c) => c.phase === "archived");
  return (
    <main id="main" className="page">
      <h1>Cohorts</h1>
      <p>
        {role === "admin"
          ? "Every cohort of the organization. A cohort is a group of trainees who work through assigned modules with their trainers."
          : "The cohorts you train. A cohort is a group of trainees who work through assigned modules with you."}
      </p>
      <p>
        <Link to={`${base}/cohorts/new`} className="button">
          Create a cohort
        </Link>
      </p>
      <p>
        <Link to={`${base}/questions`}>Question statistics</Link>: how each quiz question works for{" "}
        {role === "admin" ? "the organization's trainees" : "the trainees you train"}, to find questions that need rewriting.
      </p>
      {cohorts.length === 0 ? <p>There are no cohorts yet.</p> : null}
      {current.length > 0 ? <CohortCards title="Current and upcoming" id="current" cohorts={current} base={base} /> : null}
      {archived.length > 0 ? <CohortCards title="Archived" id="archived" cohorts={archived} base={base} /> : null}
    </main>
  );
}

function CohortCards({ title, id, cohorts, base }: { title: string; id: string; cohorts: ReturnType<typeof useLoaderData<typeof loader>>["cohorts"]; base: string }) {
  return (
    <section aria-labelledby={`cohorts-${id}`}>
      <h2 id={`cohorts-${id}`}>{title}</h2>
      <ul className="card-list cohort-cards">
        {cohorts.map((cohort) => (
          <li key={cohort.id} className="card">
            <Link to={`${base}/cohorts/${cohort.id}`}>{cohort.name}</Link>
            <p>
              <DateRange startsOn={cohort.startsOn} endsOn={cohort.endsOn} />
            </p>
            <p className="muted">
              {phaseWords[cohort.phase]} · {cohort.trainees} {cohort.trainees === 1 ? "trainee" : "trainees"} · {cohort.modules}{" "}
              {cohort.modules === 1 ? "module" : "modules"}
            </p>
            <p className="muted">Trainers: {cohort.trainers.length > 0 ? cohort.trainers.join(", ") : "none"}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
