import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { orNotFound, requireItemStatisticsReach } from "~/auth/permissions.server";
import { HowToRead, QuestionDetail, QuizSummaryTable, reachWords, ReachForm, VersionNote } from "~/components/item-statistics";
import { itemStatisticsQueryFrom, itemStatisticsQueryString } from "~/forms/item-statistics-query";
import { loadItemStatisticsPage } from "~/models/learning/item-statistics.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Question statistics: ${data.module.title} · Peer Support Training` : "Question statistics · Peer Support Training" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { cohortId, version } = itemStatisticsQueryFrom(new URL(request.url).searchParams);
  const { user, organization, role, reach } = await requireItemStatisticsReach(context, request, params.orgSlug, cohortId);
  const page = await orNotFound(() => loadItemStatisticsPage({ reach, viewer: { id: user.id, role }, moduleSlug: params.moduleSlug, version }));
  return { ...page, role, cohortId, base: `/o/${organization.slug}/teach/questions` };
}

export default function ModuleQuestionStatistics() {
  const page = useLoaderData<typeof loader>();
  const version = page.version.current ? null : page.version.contentHash;
  return (
    <main id="main" className="page item-statistics">
      <p className="eyebrow">
        <Link to={`${page.base}${itemStatisticsQueryString({ cohortId: page.cohortId })}`}>Question statistics</Link>
      </p>
      <h1>{page.module.title}: question statistics</h1>
      <p>Answers of {reachWords(page)}; no names are shown.</p>
      <VersionNote version={page.version} textKnown={page.textKnown} />
      <ReachForm role={page.role} cohorts={page.cohorts} cohortId={page.cohortId} versions={page.versions} version={page.version.contentHash} />
      <p>
        <a href={`${page.base}/${page.module.slug}/export.csv${itemStatisticsQueryString({ cohortId: page.cohortId, version })}`} download>
          Download these statistics as CSV
        </a>
      </p>
      <HowToRead />
      {page.quizzes.length === 0 ? <p>Nobody has answered a quiz of this version yet.</p> : null}
      {page.quizzes.map((quiz) => (
        <section key={quiz.id} aria-labelledby={`quiz-${quiz.id}`}>
          <h2 id={`quiz-${quiz.id}`}>{quiz.title ?? `Quiz ${quiz.id}`}</h2>
          <p>
            {quiz.people === 0 ? "Nobody has answered this quiz yet." : `${quiz.people} ${quiz.people === 1 ? "person" : "people"} answered it.`}
          </p>
          <QuizSummaryTable quiz={quiz} />
          {quiz.questions.map((question) => (
            <QuestionDetail key={question.id} quizId={quiz.id} question={question} />
          ))}
        </section>
      ))}
    </main>
  );
}
