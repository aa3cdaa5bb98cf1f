import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrganizationMember } from "~/auth/permissions.server";
import { SuccessNotice } from "~/components/form";
import { CompetencyOverview, FrameworkSection, LevelKey, RecordContents, type RecordViewer } from "~/components/competency-record";
import { practiceGuidesFor } from "~/content/practice.server";
import { loadCompetencyRecord } from "~/models/competencies/competency.server";
import { listSupportLines } from "~/models/organizations/support-line.server";

export const meta: MetaFunction = () => [{ title: "Your competencies · Peer Support Training" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization, role } = await requireOrganizationMember(context, request, params.orgSlug);
  const [record, supportLines] = await Promise.all([
    loadCompetencyRecord({ organizationId: organization.id, userId: user.id }),
    listSupportLines(organization.id),
  ]);
  // How many ratings the self-assessment just saved (it redirects here).
  const saved = new URL(request.url).searchParams.get("saved");
  return {
    record,
    practice: { guides: practiceGuidesFor(record.frameworks), supportLines },
    base: `/o/${organization.slug}`,
    isAdmin: role === "admin",
    saved: saved !== null && /^\d{1,4}$/.test(saved) ? Number(saved) : null,
  };
}

const viewer: RecordViewer = { kind: "learner" };

export default function CompetenciesPage() {
  const { record, practice, base, isAdmin, saved } = useLoaderData<typeof loader>();
  const learn = `${base}/learn`;
  return (
    <main id="main" className="page competency-page">
      <h1>Your competencies</h1>
      {saved !== null ? (
        <SuccessNotice>
          <p>
            {saved === 0
              ? "Nothing changed: your ratings are the same as last time."
              : `Saved ${saved} rating${saved === 1 ? "" : "s"}. Your earlier ratings are kept, so you can see how you have grown.`}
          </p>
        </SuccessNotice>
      ) : null}
      <p className="lead">
        Each competency has a level that comes from your evidence: quizzes you passed, reflections you answered and
        what a trainer saw you do. You can also rate yourself at any time. Each competency has a practice task, with
        what a trainer looks for when they watch you do it, so you can prepare.
      </p>
      <LevelKey />
      <p className="actions">
        <Link to={`${learn}/competencies/self-assessment`} className="button">
          Rate yourself
        </Link>
        <a href={`${learn}/competencies/export/csv`} className="button button--secondary" download>
          Download as CSV
        </a>
        <a href={`${learn}/competencies/export/json`} className="button button--secondary" download>
          Download as JSON
        </a>
      </p>
      {isAdmin ? (
        <p>
          <Link to={`${base}/admin/frameworks`}>Import or download competency frameworks</Link>
        </p>
      ) : null}
      {record.frameworks.length === 0 ? (
        <p>There are no competency frameworks here yet.</p>
      ) : (
        <>
          <RecordContents record={record} />
          <CompetencyOverview record={record} viewer={viewer} />
          {record.frameworks.map((framework) => (
            <FrameworkSection
              key={framework.id}
              framework={framework}
              viewer={viewer}
              learnBase={learn}
              selfAssessmentHref={`${learn}/competencies/self-assessment`}
              practice={practice}
            />
          ))}
        </>
      )}
    </main>
  );
}
