import { Link } from "@remix-run/react";
import type { OrganizationSetup } from "~/models/organizations/organization.server";

/*
 * A new organization's first steps, on its home page for admins. Each step
 * ticks itself from what exists (getOrganizationSetup); the list goes away
 * once all three are done. Status is in words, with the cohort pages' icons
 * beside them, never colour alone.
 */

type StepState = "done" | "waiting" | "to-do";

const stateWords: Record<StepState, { className: string; words: string }> = {
  done: { className: "cell-status cell-status--completed", words: "Done" },
  waiting: { className: "cell-status cell-status--in-progress", words: "Waiting" },
  "to-do": { className: "cell-status cell-status--not-started", words: "To do" },
};

export function isSetupComplete(setup: OrganizationSetup): boolean {
  return setup.trainer === "done" && setup.programme && setup.cohort;
}

export function OrganizationSetupChecklist({ base, setup }: { base: string; setup: OrganizationSetup }) {
  const steps: { id: string; state: StepState; title: string; href: string; about: string }[] = [
    {
      id: "trainer",
      state: setup.trainer === "done" ? "done" : setup.trainer === "invited" ? "waiting" : "to-do",
      title: "Invite a trainer",
      href: `${base}/admin/invitations`,
      about:
        setup.trainer === "invited"
          ? "An invitation is waiting for them to accept it. This step ticks itself when they do."
          : "A trainer runs cohorts: adds trainees, assigns modules and answers the reflections trainees share. As an admin you can run cohorts too.",
    },
    {
      id: "programme",
      state: setup.programme ? "done" : "to-do",
      title: "Define a programme",
      href: setup.programme ? `${base}/admin/programmes` : `${base}/admin/programmes/new`,
      about: "A programme says what a trainee must do to get a completion record: modules, competencies and, if you want, a trainer's sign-off.",
    },
    {
      id: "cohort",
      state: setup.cohort ? "done" : "to-do",
      title: "Create a cohort",
      href: setup.cohort ? `${base}/teach` : `${base}/teach/cohorts/new`,
      about: "A cohort is a group of trainees who work through the same modules, with their trainers, between two dates.",
    },
  ];
  const done = steps.filter((step) => step.state === "done").length;
  return (
    <section aria-labelledby="setup-heading" className="setup">
      <h2 id="setup-heading">Get your organization ready</h2>
      <p>
        {done} of {steps.length} first steps done. Each one ticks itself when it is done.
      </p>
      <ol className="setup__steps">
        {steps.map((step) => (
          <li key={step.id} className={`setup__step setup__step--${step.state}`}>
            <span className={stateWords[step.state].className}>{stateWords[step.state].words}</span>
            <div>
              <Link to={step.href} className="setup__title">
                {step.title}
              </Link>
              <p className="muted">{step.about}</p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
