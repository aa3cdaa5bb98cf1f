import { Form, Link, useNavigation } from "@remix-run/react";
import { percent, type AttemptResult, type QuizView } from "~/models/learning/lesson-view";
import { Time } from "~/components/time";

interface QuizFormProps {
  view: QuizView;
  contentHash: string;
  sectionId: string;
  passMark: number;
  error?: string;
}

/** A quiz as a plain form: it works without JavaScript and is graded on the server. */
export function QuizForm({ view, contentHash, sectionId, passMark, error }: QuizFormProps) {
  const { quiz, result, attempts } = view;
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("quizId") === quiz.id;
  const headingId = `quiz-${quiz.id}-heading`;
  return (
    <section className="quiz" id={`quiz-${quiz.id}`} aria-labelledby={headingId}>
      <h3 id={headingId}>{quiz.title}</h3>
      {result ? (
        <QuizResultView view={view} result={result} sectionId={sectionId} passMark={passMark} />
      ) : (
        <Form method="post" preventScrollReset action={`?section=${sectionId}`}>
          <input type="hidden" name="intent" value="submit-quiz" />
          <input type="hidden" name="quizId" value={quiz.id} />
          <input type="hidden" name="contentHash" value={contentHash} />
          <input type="hidden" name="section" value={sectionId} />
          <p className="muted">
            {quiz.questions.length} question{quiz.questions.length === 1 ? "" : "s"}. You need {Math.round(passMark * 100)}% to
            pass. You can try as many times as you like.
          </p>
          {error ? (
            <div className="notice notice--error" role="alert">
              <p>{error}</p>
            </div>
          ) : null}
          {quiz.questions.map((question, index) => (
            <fieldset key={question.id} className="question">
              <legend>
                <span className="question__number">Question {index + 1}. </span>
                {question.prompt}
                {question.kind === "multiple" ? <span className="question__hint"> Choose all that apply.</span> : null}
              </legend>
              {question.options.map((option) => {
                const id = `${quiz.id}-${question.id}-${option.id}`;
                return (
                  <div key={option.id} className="option">
                    <input
                      type={question.kind === "multiple" ? "checkbox" : "radio"}
                      id={id}
                      name={`q.${question.id}`}
                      value={option.id}
                    />
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
        {!result.passed ? <p>Read the feedback below, then try again whenever you are ready.</p> : null}
      </div>
      {result.sameVersion ? (
        <ol className="feedback-list">
          {quiz.questions.map((question) => {
            const answer = result.questions.find((q) => q.questionId === question.id);
            if (!answer) return null;
            const right = answer.score === 1;
            const chosen = question.options.filter((o) => answer.selected.includes(o.id)).map((o) => o.label);
            const correct = question.options.filter((o) => answer.correctOptions.includes(o.id)).map((o) => o.label);
            return (
              <li key={question.id} className={right ? "feedback feedback--right" : "feedback feedback--wrong"}>
                <p className="feedback__prompt">{question.prompt}</p>
                <p>
                  <strong>{right ? "Right." : answer.score > 0 ? "Partly right." : "Not quite."}</strong> You chose:{" "}
                  {chosen.join("; ")}
                </p>
                {!right ? <p>The answer: {correct.join("; ")}</p> : null}
                {answer.messages.map((message) => (
                  <p key={message}>{message}</p>
                ))}
              </li>
            );
          })}
        </ol>
      ) : (
        <p>This attempt was on an earlier version of the module, so only its score is shown.</p>
      )}
      <p>
        <Link to={`?section=${sectionId}#quiz-${quiz.id}`} preventScrollReset className="button button--secondary">
          {result.passed ? "Take the quiz again" : "Try again"}
        </Link>
      </p>
    </div>
  );
}
