import { Link } from "@remix-run/react";
import { ChartLegend, CompetencyChart, CompetencyPatterns, LevelMeter } from "~/components/competency-chart";
import { PracticeAttribution, PracticeRubric, PracticeTask } from "~/components/practice-guide";
import { Time } from "~/components/time";
import type { PracticeGuide } from "~/content/practice";
import type { SupportLines } from "~/content/support-lines";
import { LEVEL_DESCRIPTIONS, LEVEL_LABELS, LEVELS, selfRatingLabel } from "~/models/competencies/competency-level";
import type { CompetencyRecord, CompetencyView, EvidenceView, FrameworkView } from "~/models/competencies/competency.server";

/*
 * The picture of one trainee's competencies, shared by the trainee's own page
 * and their trainer's: an overview (chart and table), then each framework
 * with each competency's level, self-assessment and evidence. `viewer`
 * decides the words ("you" or the trainee's name) and the links: a trainee's
 * evidence links to their own attempt or reflection, a trainer's only to the
 * module content. Reflection text is never part of the data.
 */

export type RecordViewer = { kind: "learner" } | { kind: "trainer"; learnerName: string; observeHref: (competencyId: string) => string };

export function CompetencyOverview({ record, viewer }: { record: CompetencyRecord; viewer: RecordViewer }) {
  const current = record.frameworks.map((f) => ({ ...f, competencies: f.competencies.filter((c) => !c.retired) })).filter((f) => f.competencies.length > 0);
  const all = current.flatMap((f) => f.competencies);
  const counts = LEVELS.map((level) => `${all.filter((c) => c.derived.level === level).length} ${LEVEL_LABELS[level].toLowerCase()}`);
  const summary = `Bar chart of ${all.length} competencies by level: ${counts.join(", ")}. The tables next to it give the same information.`;
  const ratingHeading = viewer.kind === "learner" ? "Your latest rating" : "Their latest self-rating";
  return (
    <section aria-labelledby="overview-heading" className="competency-overview">
      <h2 id="overview-heading">All competencies at a glance</h2>
      <CompetencyPatterns />
      <div className="competency-overview__grid">
        <figure className="competency-figure">
          <CompetencyChart
            titleId="competency-chart-title"
            summary={summary}
            groups={current.map((f) => ({ title: f.title, rows: f.competencies.map((c) => ({ id: c.id, title: c.title, level: c.derived.level })) }))}
          />
          <figcaption>
            <ChartLegend />
            <p className="muted">Each bar fills one box per level reached. The word beside it names the level.</p>
          </figcaption>
        </figure>
        <div className="competency-overview__tables">
          {current.map((framework) => (
            <div className="table-wrap" key={framework.id}>
              <table className="competency-table">
                <caption>{framework.title}</caption>
                <thead>
                  <tr>
                    <th scope="col">Competency</th>
                    <th scope="col">Level from evidence</th>
                    <th scope="col">{ratingHeading}</th>
                  </tr>
                </thead>
                <tbody>
                  {framework.competencies.map((competency) => (
                    <tr key={competency.id}>
                      <th scope="row">
                        <a href={`#competency-${competency.id}`}>{competency.title}</a>
                      </th>
                      <td data-label="Level from evidence">{LEVEL_LABELS[competency.derived.level]}</td>
                      <td data-label={ratingHeading}>{selfRatingLabel(competency.self.latest?.rating) ?? "Not rated"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}

export function LevelKey() {
  return (
    <details className="level-key">
      <summary>What the levels mean</summary>
      <dl>
        {LEVELS.map((level) => (
          <div key={level}>
            <dt>
              <LevelMeter level={level} /> {LEVEL_LABELS[level]}
            </dt>
            <dd>{LEVEL_DESCRIPTIONS[level]}</dd>
          </div>
        ))}
      </dl>
      <p>
        Rating yourself does not change the level. Your own rating is shown next to it, so you can compare how you see
        yourself with what the evidence shows.
      </p>
    </details>
  );
}

export function FrameworkProgress({ framework }: { framework: FrameworkView }) {
  const total = framework.competencies.filter((c) => !c.retired).length;
  const done = framework.counts.demonstrated + framework.counts.verified;
  return (
    <div className="progress">
      <progress max={total} value={done} aria-label={`Competencies demonstrated or verified in ${framework.title}`} />
      <span className="progress__text">
        {done} of {total} demonstrated or verified
      </span>
    </div>
  );
}

function EvidenceItem({ evidence, viewer, learnBase }: { evidence: EvidenceView; viewer: RecordViewer; learnBase: string }) {
  const source = evidence.source;
  const own = viewer.kind === "learner";
  const date = (
    <span className="evidence__date">
      <Time value={evidence.recordedAt} />
    </span>
  );
  switch (source.type) {
    case "quiz": {
      const section = source.sectionId ? `?section=${source.sectionId}` : "";
      const href = own
        ? `${learnBase}/${source.moduleSlug}${section}${section ? "&" : "?"}attempt=${source.attemptId}#quiz-${source.quizId}`
        : `${learnBase}/${source.moduleSlug}${section}#quiz-${source.quizId}`;
      return (
        <li className="evidence evidence--quiz">
          {date} Passed a quiz{source.scorePercent !== null ? ` (${source.scorePercent}%)` : ""} in{" "}
          <Link to={href}>
            {source.moduleTitle}: {source.quizTitle}
          </Link>
        </li>
      );
    }
    case "reflection": {
      const section = source.sectionId ? `?section=${source.sectionId}` : "";
      return (
        <li className="evidence evidence--reflection">
          {date} Answered a reflection in{" "}
          <Link to={`${learnBase}/${source.moduleSlug}${section}#reflection-${source.promptId}`}>{source.moduleTitle}</Link>:{" "}
          <q>{source.prompt}</q>
          {own ? null : <span className="muted"> (shared with trainers)</span>}
        </li>
      );
    }
    case "deleted-reflection":
      return (
        <li className="evidence evidence--reflection">
          {date} Answered a reflection {own ? "that you later deleted" : "that was later deleted"}.
        </li>
      );
    case "observation":
      return (
        <li className="evidence evidence--observation">
          {date} Observed by {evidence.recordedBy.name}: <strong>{evidence.ratingLabel}</strong>
          {evidence.note ? <p className="evidence__note">{evidence.note}</p> : null}
        </li>
      );
    case "self_assessment":
      return (
        <li className="evidence evidence--self">
          {date} {own ? "You rated yourself" : "Rated themselves"}: <strong>{evidence.ratingLabel}</strong>
        </li>
      );
  }
}

function SelfAssessmentLine({ competency, viewer, selfAssessmentHref }: { competency: CompetencyView; viewer: RecordViewer; selfAssessmentHref?: string }) {
  const { first, latest, change } = competency.self;
  const own = viewer.kind === "learner";
  if (!latest) {
    return (
      <p className="competency-card__self">
        {own ? "You have not rated yourself on this yet." : "They have not rated themselves on this yet."}{" "}
        {own && selfAssessmentHref ? <Link to={`${selfAssessmentHref}#rate-${competency.id}`}>Rate yourself</Link> : null}
      </p>
    );
  }
  const movement =
    change === null ? null : change === 0 ? "the same as at first" : `${Math.abs(change)} step${Math.abs(change) === 1 ? "" : "s"} ${change > 0 ? "up" : "down"} since the first`;
  return (
    <p className="competency-card__self">
      {own ? "Your own rating" : "Their own rating"}: <strong>{selfRatingLabel(latest.rating)}</strong> (<Time value={latest.recordedAt} />)
      {first && competency.self.count > 1 ? (
        <>
          . First rating: {selfRatingLabel(first.rating)} (<Time value={first.recordedAt} />), {movement}.
        </>
      ) : (
        "."
      )}
    </p>
  );
}

export function FrameworkSection({
  framework,
  viewer,
  learnBase,
  selfAssessmentHref,
  practice,
}: {
  framework: FrameworkView;
  viewer: RecordViewer;
  learnBase: string;
  selfAssessmentHref?: string;
  /** Practice tasks by competency id, shown in each card so a trainee can prepare (decision 030). */
  practice?: { guides: Record<string, PracticeGuide>; supportLines: SupportLines };
}) {
  const headingId = `framework-${framework.id}`;
  return (
    <section aria-labelledby={headingId} className="framework-section">
      <h2 id={headingId}>{framework.title}</h2>
      <p className="muted framework-section__source">
        {framework.publisher}
        {framework.licence ? ` · ${framework.licence}` : ""}
        {framework.source === "imported" ? " · Imported by your organization" : ""}
      </p>
      <FrameworkProgress framework={framework} />
      <ul className="competency-cards">
        {framework.competencies.map((competency) => (
          <li key={competency.id} id={`competency-${competency.id}`} className={`competency-card competency-card--${competency.derived.level}`}>
            <h3>{competency.title}</h3>
            <p className="competency-card__code muted">
              {competency.code}
              {competency.retired ? " · no longer in this framework" : ""}
            </p>
            <p className="competency-card__level">
              <LevelMeter level={competency.derived.level} />
              <span>
                Level from evidence: <strong>{LEVEL_LABELS[competency.derived.level]}</strong>
              </span>
            </p>
            {viewer.kind === "learner" && competency.derived.next && !competency.retired ? (
              <p className="competency-card__next">{competency.derived.next}</p>
            ) : null}
            <SelfAssessmentLine competency={competency} viewer={viewer} selfAssessmentHref={selfAssessmentHref} />
            {competency.evidence.length + competency.privateReflections > 0 ? (
              <details className="competency-card__evidence">
                <summary>
                  Evidence ({competency.evidence.length + competency.privateReflections})
                  <span className="visually-hidden"> for {competency.title}</span>
                </summary>
                <ul>
                  {competency.evidence.map((evidence) => (
                    <EvidenceItem key={evidence.id} evidence={evidence} viewer={viewer} learnBase={learnBase} />
                  ))}
                  {competency.privateReflections > 0 ? (
                    <li className="evidence evidence--reflection">
                      {`${competency.privateReflections} private reflection${competency.privateReflections === 1 ? "" : "s"} answered. Which prompt, when and what they wrote stay private.`}
                    </li>
                  ) : null}
                </ul>
              </details>
            ) : (
              <p className="muted">No evidence yet.</p>
            )}
            {competency.description || competency.behaviours.length > 0 ? (
              <details className="competency-card__about">
                <summary>
                  What this looks like<span className="visually-hidden"> for {competency.title}</span>
                </summary>
                {competency.description ? <p>{competency.description}</p> : null}
                {competency.behaviours.length > 0 ? (
                  <ul>
                    {competency.behaviours.map((behaviour) => (
                      <li key={behaviour}>{behaviour}</li>
                    ))}
                  </ul>
                ) : null}
              </details>
            ) : null}
            {practice?.guides[competency.id] && !competency.retired ? (
              <details className="competency-card__practice">
                <summary>
                  Practice task<span className="visually-hidden"> for {competency.title}</span>
                </summary>
                <PracticeTask guide={practice.guides[competency.id]!} supportLines={practice.supportLines} headingLevel={4} />
                <PracticeRubric guide={practice.guides[competency.id]!} caption="What a trainer looks for" audience="trainee" />
                <PracticeAttribution guide={practice.guides[competency.id]!} />
              </details>
            ) : null}
            {viewer.kind === "trainer" && !competency.retired ? (
              <p>
                {/* A full page load, so that focus moves to the form the way a fragment link moves it. */}
                <a href={viewer.observeHref(competency.id)}>
                  Record an observation<span className="visually-hidden"> of {competency.title}</span>
                </a>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {framework.attribution ? <p className="muted framework-section__attribution">{framework.attribution}</p> : null}
    </section>
  );
}

/** Links to each framework on the page, for a long page read with a keyboard or a phone. */
export function RecordContents({ record, extra = [] }: { record: CompetencyRecord; extra?: { href: string; label: string }[] }) {
  return (
    <nav aria-label="On this page" className="page-contents">
      <ul>
        <li>
          <a href="#overview-heading">All competencies at a glance</a>
        </li>
        {record.frameworks.map((framework) => (
          <li key={framework.id}>
            <a href={`#framework-${framework.id}`}>{framework.title}</a>
          </li>
        ))}
        {extra.map((item) => (
          <li key={item.href}>
            <a href={item.href}>{item.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
