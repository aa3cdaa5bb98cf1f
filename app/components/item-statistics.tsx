import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type { QuestionKind } from "~/content/types";
import { describeFlag, DISCRIMINATION_MIN_ANSWERS, FACILITY_MIN_ANSWERS, type ItemFlag } from "~/models/learning/item-statistics";
import type { ModuleVersionSummary, QuestionStatistics, QuizStatistics } from "~/models/learning/item-statistics.server";
import { Time, useDates } from "~/components/time";

const KIND_LABELS: Record<QuestionKind, string> = {
  single: "one answer",
  multiple: "several answers",
  "true-false": "true or false",
  scenario: "scenario, one answer",
};

const SHORT_FLAGS: Record<ItemFlag["kind"], string> = {
  "too-easy": "Too easy",
  "too-hard": "Too hard",
  "weak-discrimination": "Does not tell apart",
  "negative-discrimination": "Favours weaker attempts",
  "option-never-chosen": "Option never chosen",
};

export const percent = (share: number) => `${Math.round(share * 100)}%`;
/** "+0.35", "−0.10" (a real minus sign, read as "minus"). */
export function signed(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return `${rounded < 0 ? "−" : "+"}${Math.abs(rounded).toFixed(2)}`;
}

function tooFew(needed: number) {
  return <span className="muted">Too few answers (needs {needed})</span>;
}

/** Whose answers these are, as a phrase after "Answers of". */
export function reachWords(input: { role: string; cohort: { name: string } | null }): string {
  if (input.cohort) return `the trainees of “${input.cohort.name}”`;
  return input.role === "admin" ? "everyone in the organization" : "the trainees of the cohorts you train";
}

/** A GET form to choose whose answers count (and, on a module's page, which version). */
export function ReachForm(props: {
  role: string;
  cohorts: { id: string; name: string; archived: boolean }[];
  cohortId: string | null;
  versions?: ModuleVersionSummary[];
  version?: string;
}) {
  const dates = useDates();
  if (props.cohorts.length === 0 && (props.versions?.length ?? 0) <= 1) return null;
  return (
    <Form method="get" className="matrix-filter" aria-label="Whose answers to count">
      {props.cohorts.length > 0 ? (
        <div className="field">
          <label htmlFor="reach-cohort">Whose answers</label>
          <select id="reach-cohort" name="cohort" defaultValue={props.cohortId ?? ""}>
            <option value="">{props.role === "admin" ? "Everyone in the organization" : "All the cohorts you train"}</option>
            {props.cohorts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
                {c.archived ? " (archived)" : ""}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {props.versions && props.versions.length > 1 ? (
        <div className="field">
          <label htmlFor="reach-version">Version of the module</label>
          <select id="reach-version" name="version" defaultValue={props.version}>
            {props.versions.map((v) => (
              <option key={v.contentHash} value={v.contentHash}>
                {v.current ? "Current version" : `Earlier version ${v.contentHash.slice(0, 7)}`}
                {v.publishedAt ? `, first served ${dates.day(v.publishedAt)}` : ""} ({v.people} {v.people === 1 ? "person" : "people"})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="matrix-filter__actions">
        <button type="submit" className="button button--secondary">
          Show
        </button>
      </div>
    </Form>
  );
}

/** What the numbers mean, in plain words, with the limits the code uses. */
export function HowToRead() {
  return (
    <details className="card item-help">
      <summary>How to read these numbers</summary>
      <dl>
        <dt>Answered</dt>
        <dd>
          How many people answered the question. Each person counts once, with their first attempt at this version of the quiz: after an
          attempt they have seen the feedback, so a retake shows what they remember of it rather than how the question works. No names are
          shown.
        </dd>
        <dt>Right</dt>
        <dd>
          The share of answers that were right (called facility). On a question with several right answers, an answer counts with its
          partial credit. Shown from {FACILITY_MIN_ANSWERS} answers.
        </dd>
        <dt>Discrimination</dt>
        <dd>
          Whether the question tells apart people who did well on the whole quiz from people who did not. We rank the attempts by their quiz
          score, take the best third and the weakest third, and subtract the share right in the weakest third from the share right in the
          best third. +0.30 or more is good; near 0 means the question does not separate them; below 0 means the weaker attempts got it
          right more often, which often points to a wrong answer key or a misleading word. Shown from {DISCRIMINATION_MIN_ANSWERS} answers
          (5 in each third): with fewer, one person moves it too much.
        </dd>
        <dt>Needs a look</dt>
        <dd>
          A question is marked when more than 95% or fewer than 20% get it right, when its discrimination is below 0.1 or negative, or when
          one of its options was never chosen (a wrong option nobody picks does not test anything).
        </dd>
        <dt>Versions</dt>
        <dd>
          Each version of the module is counted on its own. A question keeps its id when it is rewritten, so adding versions together would
          mix answers to different questions. Only the current version&apos;s text is kept: an earlier version shows its questions and
          options by their ids.
        </dd>
      </dl>
    </details>
  );
}

export function VersionNote({ version, textKnown }: { version: ModuleVersionSummary; textKnown: boolean }) {
  return (
    <p>
      {version.current ? "Current version" : `Earlier version ${version.contentHash}`}
      {version.publishedAt ? (
        <>
          , first served <Time value={version.publishedAt} />
        </>
      ) : null}
      : {version.people} {version.people === 1 ? "person" : "people"} answered.
      {textKnown ? null : " The text of this version is not kept, so questions and options show by their ids, without the answer key."}
    </p>
  );
}

const questionAnchor = (quizId: string, questionId: string) => `q-${quizId}-${questionId}`;

function questionName(question: QuestionStatistics): string {
  return question.prompt ? `${question.number}. ${question.prompt}` : `${question.number}. Question ${question.id}`;
}

/** The table of a quiz's questions with their figures, for scanning; details follow below it. */
export function QuizSummaryTable({ quiz }: { quiz: QuizStatistics }) {
  return (
    <div className="table-wrap">
      {/* On a phone CSS shows each row as a card; the roles keep it a table for screen readers, which Safari would otherwise lose. */}
      {/* eslint-disable jsx-a11y/no-redundant-roles, jsx-a11y/no-interactive-element-to-noninteractive-role -- see above */}
      <table className="item-table table--stacks" role="table">
        <caption>Questions of “{quiz.title ?? quiz.id}”: answers, share right, discrimination</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">
              Question
            </th>
            <th scope="col" role="columnheader">
              Answered
            </th>
            <th scope="col" role="columnheader">
              Right
            </th>
            <th scope="col" role="columnheader">
              Discrimination
            </th>
            <th scope="col" role="columnheader">
              Needs a look
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {quiz.questions.map((question) => (
            <tr key={question.id} role="row">
              <th scope="row" role="rowheader" className="item-table__question">
                <a href={`#${questionAnchor(quiz.id, question.id)}`}>{questionName(question)}</a>
              </th>
              <td role="cell" data-label="Answered">
                {question.answered}
              </td>
              <td role="cell" data-label="Right">
                {question.facility === null ? tooFew(FACILITY_MIN_ANSWERS) : percent(question.facility)}
              </td>
              <td role="cell" data-label="Discrimination">
                {question.discrimination === null ? tooFew(DISCRIMINATION_MIN_ANSWERS) : signed(question.discrimination)}
              </td>
              <td role="cell" data-label="Needs a look">
                {question.flags.length === 0 ? "No" : question.flags.map((f) => SHORT_FLAGS[f.kind]).join(", ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* eslint-enable jsx-a11y/no-redundant-roles, jsx-a11y/no-interactive-element-to-noninteractive-role */}
    </div>
  );
}

function Figure({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** One question: its text, figures, what needs a look, and how often each option was chosen. */
export function QuestionDetail({ quizId, question }: { quizId: string; question: QuestionStatistics }) {
  const anchor = questionAnchor(quizId, question.id);
  return (
    <section aria-labelledby={`${anchor}-heading`} id={anchor} className="item-question">
      <h3 id={`${anchor}-heading`}>
        Question {question.number}
        {question.kind ? <span className="muted"> ({KIND_LABELS[question.kind]})</span> : <span className="muted"> (id {question.id})</span>}
      </h3>
      {question.prompt ? <p className="item-question__prompt">{question.prompt}</p> : null}
      <dl className="item-figures">
        <Figure term="Answered">{question.answered}</Figure>
        <Figure term="Right">{question.facility === null ? tooFew(FACILITY_MIN_ANSWERS) : percent(question.facility)}</Figure>
        <Figure term="Discrimination">{question.discrimination === null ? tooFew(DISCRIMINATION_MIN_ANSWERS) : signed(question.discrimination)}</Figure>
      </dl>
      {question.flags.length > 0 ? (
        <div className="notice notice--warning">
          <p>
            <strong>Needs a look:</strong>
          </p>
          <ul>
            {question.flags.map((flag) => (
              <li key={flag.kind}>{describeFlag(flag)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {question.options.length === 0 ? (
        <p>Nobody has answered this question yet.</p>
      ) : (
        <div className="table-wrap">
          {/* eslint-disable jsx-a11y/no-redundant-roles, jsx-a11y/no-interactive-element-to-noninteractive-role -- as above: a table on a phone too */}
          <table className="item-options table--stacks" role="table">
            <caption>Question {question.number}: how often each option was chosen</caption>
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">
                  Option
                </th>
                <th scope="col" role="columnheader">
                  Right answer
                </th>
                <th scope="col" role="columnheader">
                  Chosen
                </th>
                <th scope="col" role="columnheader">
                  Share of answers
                </th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {question.options.map((option) => (
                <tr key={option.id} role="row" className={option.right ? "item-options__right" : undefined}>
                  <th scope="row" role="rowheader">
                    <span className="muted">{option.id}.</span> {option.label ?? <span className="muted">(text not kept)</span>}
                  </th>
                  <td role="cell" data-label="Right answer">
                    {option.right === null ? "Not known" : option.right ? <strong>Yes</strong> : "No"}
                  </td>
                  <td role="cell" data-label="Chosen">
                    {option.chosen}
                  </td>
                  <td role="cell" data-label="Share of answers">
                    {option.share === null ? "–" : percent(option.share)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {/* eslint-enable jsx-a11y/no-redundant-roles, jsx-a11y/no-interactive-element-to-noninteractive-role */}
        </div>
      )}
      {question.kind === "multiple" ? <p className="muted">Several options can be ticked in one answer, so the shares add up to more than 100%.</p> : null}
    </section>
  );
}
