/**
 * What the trainers of a cohort see of a trainee who joins it, said before
 * the trainee agrees (decision 021). It must stay true to the trainer's pages:
 * teach/trainees/<id> (modules, quiz attempts, shared reflections and their
 * comments), its competencies page (levels and evidence) and its records page
 * (programmes, sign-off, records). A change to those pages changes this list.
 */
export function TrainerVisibilityList({ headingId, headingLevel = 3 }: { headingId: string; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="trainer-visibility">
      <Heading id={headingId}>What its trainers will see</Heading>
      <ul>
        <li>Your name and email address.</li>
        <li>Which modules you have started and finished, and when.</li>
        <li>Your quiz results, with the scores.</li>
        <li>The reflections you choose to share with your trainers, and the comments on them.</li>
        <li>
          Your competency levels. For each one: the quizzes you passed, how you rated yourself, what a trainer observed, and that you
          answered a reflection, with its question and date, but not what you wrote.
        </li>
        <li>How far you are in the organization&apos;s programmes, and the completion records you were given.</li>
      </ul>
      <p>
        <strong>They will not see what you wrote in a reflection you keep private.</strong>
      </p>
    </div>
  );
}
