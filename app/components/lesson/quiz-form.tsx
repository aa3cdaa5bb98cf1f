import { Form, Link, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { percent, type AttemptResult, type PaperView, type QuizView } from "~/models/learning/lesson-view";
import { Time } from "~/components/time";
import { describeWait } from "~/content/attempt-standing";

interface QuizFormProps {
  view: QuizView;
  contentHash: string;
  sectionId: string;
  passMark: number;
  error?: string;
}

/**
 * A quiz as plain forms: "Start the quiz" asks the server to draw this
 * attempt's paper, the paper's form is graded on the server. Both work
 * without JavaScript.
 */
export function QuizForm({ view, contentHash, sectionId, passMark, error }: QuizFormProps) {
  const { quiz, result, attempts, paper, standing } = view;
  const headingId = `quiz-${quiz.id}-heading`;
  const errorNotice = error ? (
    <div className="notice notice--error" role="alert">
      <p>{error}</p>
    </div>
  ) : null;
  return (
    <section className="quiz" id={`quiz-${quiz.id}`} aria-labelledby={headingId}>
      <h3 id={headingId}>{quiz.title}</h3>
      {result ? (
        <QuizResultView view={view} result={result} sectionId={sectionId} passMark={passMark} />
      ) : paper ? (
        <PaperForm quizId={quiz.id} paper={paper} contentHash={contentHash} sectionId={sectionId} errorNotice={errorNotice} />
      ) : (
        <>
          <QuizRules view={view} passMark={passMark} />
          {errorNotice}
          {standing.canStart ? (
            <Form method="post" preventScrollReset action={`?section=${sectionId}`}>
              <input type="hidden" name="intent" value="start-quiz" />
              <input type="hidden" name="quizId" value={quiz.id} />
              <input type="hidden" name="contentHash" value={contentHash} />
              <input type="hidden" name="section" value={sectionId} />
              <button type="submit" className="button">
                Start the quiz
              </button>
            </Form>
          ) : null}
        </>
      )}
      {attempts.length > 0 ? (
        <details className="attempts">
          <summary>Your attempts ({attempts.length})</summary>
          <ol>
            {attempts.map((attempt) => (
              <li key={attempt.id}>
                <Time value={attempt.submittedAt} show="date-time" />: {percent(attempt.score, attempt.maxScore)}% —{" "}
                {attempt.passed ? "passed" : "not passed yet"}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}

/** The quiz's rules in plain words, where the trainee stands with them, and when the next attempt opens. */
function QuizRules({ view, passMark }: { view: QuizView; passMark: number }) {
  const { quiz, rules, standing } = view;
  const wait = rules.waitMinutes > 0 ? `, at least ${describeWait(rules.waitMinutes)} apart` : "";
  const extra = standing.extraAttempts > 0 ? ` (${standing.extraAttempts} of them extra, granted to you)` : "";
  return (
    <div className="quiz__rules">
      <p className="muted">
        {quiz.asked} question{quiz.asked === 1 ? "" : "s"}
        {quiz.asked < quiz.pool ? `, drawn at random from ${quiz.pool} for each attempt` : ""}. You need {Math.round(passMark * 100)}% to pass.{" "}
        {standing.allowed === null ? `You can try as many times as you like${wait}.` : `You can take this quiz ${standing.allowed} times${extra}${wait}.`}
        {rules.showAnswers === "after-passing" ? " Right answers are shown once you pass." : ""}
        {rules.showAnswers === "after-last-attempt" ? " Right answers are shown after your last attempt." : ""}
      </p>
      {standing.allowed !== null && standing.used > 0 ? (
        <p>
          You have used {standing.used} of {standing.allowed} attempts.
        </p>
      ) : null}
      {standing.nextOpensAt && standing.allowed !== standing.used ? (
        <div className="notice notice--info" role="status">
          <p>
            Your next attempt opens on <Time value={standing.nextOpensAt} show="date-time" />.
          </p>
        </div>
      ) : standing.refusal ? (
        <div className="notice notice--info" role="status">
          <p>{standing.refusal}</p>
        </div>
      ) : null}
    </div>
  );
}

function PaperForm(props: { quizId: string; paper: PaperView; contentHash: string; sectionId: string; errorNotice: ReactNode }) {
  const { quizId, paper, contentHash, sectionId } = props;
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("paperId") === paper.id;
  return (
    <Form method="post" preventScrollReset action={`?section=${sectionId}`}>
      <input type="hidden" name="intent" value="submit-quiz" />
      <input type="hidden" name="quizId" value={quizId} />
      <input type="hidden" name="paperId" value={paper.id} />
      <input type="hidden" name="contentHash" value={contentHash} />
      <input type="hidden" name="section" value={sectionId} />
      {props.errorNotice}
      {paper.questions.map((question, index) => (
        <fieldset key={question.id} className="question">
          <legend>
            <span className="question__number">Question {index + 1}. </span>
            {question.prompt}
            {question.kind === "multiple" ? <span className="question__hint"> Choose all that apply.</span> : null}
          </legend>
          {question.options.map((option) => {
            const id = `${quizId}-${question.id}-${option.value}`;
            return (
              <div key={option.value} className="option">
                <input type={question.kind === "multiple" ? "checkbox" : "radio"} id={id} name={`q.${question.id}`} value={option.value} />
                <label htmlFor={id}>{option.label}</label>
              </div>
            );
          })}
        </fieldset>
      ))}
      <button type="submit" className="button" disabled={submitting}>
        {submitting ? "Checking your answers…" : "Check my answers"}
      </button>
    </Form>
  );
}

function QuizResultView({ view, result, sectionId, passMark }: { view: QuizView; result: AttemptResult; sectionId: string; passMark: number }) {
  const { quiz } = view;
  return (
    <div className="quiz-result">
      <div className={result.passed ? "notice notice--success" : "notice notice--info"} role="status">
        <p>
          <strong>
            You scored {percent(result.score, result.maxScore)}%
            {result.passed ? " and passed this quiz." : `. You need ${Math.round(passMark * 100)}% to pass.`}
          </strong>
        </p>
        {!result.passed && result.answersShown ? <p>Read the feedback below, then try again whenever you are ready.</p> : null}
        {!result.answersShown ? (
          <p>
            {view.rules.showAnswers === "after-passing" ? "Right answers are shown once you pass" : "Right answers are shown after your last attempt"}
            : below are the questions and what you chose.
          </p>
        ) : null}
      </div>
      {!result.sameVersion ? (
        <p>This attempt was on an earlier version of the module, so only its score is shown.</p>
      ) : (
        <ol className="feedback-list">
          {result.questions.map((question) => {
            const chosen = question.options.filter((o) => o.chosen).map((o) => o.label);
            const correct = question.options.filter((o) => o.right).map((o) => o.label);
            const outcome = question.outcome;
            return (
              <li key={question.id} className={outcome === null ? "feedback" : outcome === "right" ? "feedback feedback--right" : "feedback feedback--wrong"}>
                <p className="feedback__prompt">{question.prompt}</p>
                <p>
                  {outcome ? <strong>{outcome === "right" ? "Right." : outcome === "partly" ? "Partly right." : "Not quite."} </strong> : null}
                  You chose: {chosen.join("; ")}
                </p>
                {outcome && outcome !== "right" ? <p>The answer: {correct.join("; ")}</p> : null}
                {question.messages.map((message) => (
                  <p key={message}>{message}</p>
                ))}
              </li>
            );
          })}
        </ol>
      )}
      <p>
        <Link to={`?section=${sectionId}#quiz-${quiz.id}`} preventScrollReset className="button button--secondary">
          {!view.standing.canStart ? "Back to the quiz" : result.passed ? "Take the quiz again" : "Try again"}
        </Link>
      </p>
    </div>
  );
}
