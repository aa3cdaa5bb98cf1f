import { SupportLinesPanel } from "~/components/support-lines";
import { PRACTICE_KIND_LABELS, RUBRIC_STEPS, type PracticeGuide } from "~/content/practice";
import type { SupportLines } from "~/content/support-lines";

/*
 * A competency's practice task and its rubric (content/practice, decision 030):
 * trainers read them on the observation form, trainees on their competency
 * page to prepare. Plain HTML with no script, so both work without JavaScript.
 */

/** Said once wherever a role-play is shown: nobody has to relive anything to practise. */
export const ROLE_PLAY_SAFETY =
  "Role-plays use made-up people. Anyone playing a part can pause or stop at any time, and nobody has to use their own hard experiences.";

export function PracticeTask({ guide, supportLines, headingLevel }: { guide: PracticeGuide; supportLines: SupportLines; headingLevel: 3 | 4 }) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <div className="practice-task">
      <Heading className="practice-task__title">
        {PRACTICE_KIND_LABELS[guide.kind]}: {guide.title}
      </Heading>
      {guide.contentNote ? (
        <aside className="content-note" aria-label="Content note">
          <p className="content-note__label">Content note</p>
          <p>{guide.contentNote}</p>
          <SupportLinesPanel supportLines={supportLines} compact />
        </aside>
      ) : null}
      <p>{guide.setup}</p>
      <ol className="practice-task__steps">
        {guide.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {guide.otherPart ? (
        <p>
          <strong>For the other part:</strong> {guide.otherPart}
        </p>
      ) : null}
      {guide.kind === "role-play" ? <p className="muted">{ROLE_PLAY_SAFETY}</p> : null}
    </div>
  );
}

/** What a trainer sees at each rating of the observation scale, and the level each rating gives. */
export function PracticeRubric({ guide, caption, audience }: { guide: PracticeGuide; caption: string; audience: "trainer" | "trainee" }) {
  return (
    <table className="rubric">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Rating</th>
          <th scope="col">{audience === "trainer" ? "What you see" : "What the trainer sees"}</th>
        </tr>
      </thead>
      <tbody>
        {RUBRIC_STEPS.map((step) => (
          <tr key={step.key}>
            <th scope="row">
              {step.rating}. {step.label}
              <span className="rubric__effect">{step.effect}</span>
            </th>
            <td>
              <ul>
                {guide.rubric[step.key].map((behaviour) => (
                  <li key={behaviour}>{behaviour}</li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PracticeAttribution({ guide }: { guide: PracticeGuide }) {
  return guide.attribution ? <p className="muted practice-task__attribution">{guide.attribution}</p> : null;
}
