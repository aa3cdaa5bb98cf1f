import { Form } from "@remix-run/react";
import { useState } from "react";
import { TextField } from "~/components/form";
import { acceptanceToken, findUnbuiltCompetencies, modulesBuildingEach } from "~/models/records/programme-coverage";

/*
 * The fields of a programme, shared by "Define a programme" and "Change the
 * programme". Works without JavaScript: every choice is a plain input. Each
 * module says which competencies it builds; each required competency says
 * which chosen modules build it, and a check above the button lists those
 * that no chosen module builds (the server refuses to save them until the
 * admin ticks "Save anyway"). With JavaScript all of it follows the choices
 * as they are made; without, it shows what the page was sent.
 */

export interface ProgrammeFormChoices {
  /** `builds`: ids of the competencies the module builds. */
  modules: { slug: string; title: string; track: string; builds: string[] }[];
  frameworks: { id: string; title: string; competencies: { id: string; code: string; title: string }[] }[];
}

export interface ProgrammeFormValues {
  title: string;
  description: string;
  modules: string[];
  levels: Record<string, string>;
  requiresSignOff: boolean;
  validityMonths: string;
}

const TRACK_NAMES: Record<string, string> = {
  foundations: "Foundations",
  "who-qualityrights": "WHO QualityRights",
  "peer-support-canada": "Peer Support Canada skills",
};

const LEVEL_CHOICES = [
  { value: "", label: "Not required" },
  { value: "developing", label: "Developing" },
  { value: "demonstrated", label: "Demonstrated" },
  { value: "verified", label: "Verified (seen by a trainer)" },
];

/** Turns what the page got back (a refusal's values, or the saved programme) into field values. */
export function programmeFormValues(values: Record<string, unknown> | undefined, fallback: ProgrammeFormValues): ProgrammeFormValues {
  if (!values) return fallback;
  const text = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : "");
  const list = (key: string) => {
    const value = values[key];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : typeof value === "string" ? [value] : [];
  };
  const levels: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (key.startsWith("level.") && typeof value === "string") levels[key.slice(6)] = value;
  return {
    title: text("title"),
    description: text("description"),
    modules: list("modules"),
    levels,
    requiresSignOff: text("requiresSignOff") === "yes",
    validityMonths: text("validityMonths"),
  };
}

export function ProgrammeForm({
  choices,
  values,
  errors,
  submitLabel,
}: {
  choices: ProgrammeFormChoices;
  values: ProgrammeFormValues;
  errors: Record<string, string>;
  submitLabel: string;
}) {
  const tracks = [...new Set(choices.modules.map((m) => m.track))];
  const described = (field: string, hint?: string) => [hint, errors[field] ? `field-${field}-error` : null].filter(Boolean).join(" ") || undefined;
  const [chosen, setChosen] = useState(() => new Set(values.modules));
  const [levels, setLevels] = useState(values.levels);
  const competencies = choices.frameworks.flatMap((f) => f.competencies);
  const competencyTitle = new Map(competencies.map((c) => [c.id, c.title]));
  const moduleTitle = new Map(choices.modules.map((m) => [m.slug, m.title]));
  const builds = Object.fromEntries(choices.modules.map((m) => [m.slug, m.builds]));
  const chosenSlugs = choices.modules.filter((m) => chosen.has(m.slug)).map((m) => m.slug);
  const required = competencies.filter((c) => levels[c.id]).map((c) => c.id);
  const buildingEach = modulesBuildingEach(required, chosenSlugs, builds);
  const unbuilt = findUnbuiltCompetencies(required, chosenSlugs, builds);
  const toggleModule = (slug: string, on: boolean) =>
    setChosen((previous) => {
      const next = new Set(previous);
      if (on) next.add(slug);
      else next.delete(slug);
      return next;
    });
  return (
    <Form method="post" noValidate className="stack programme-form">
      <TextField label="Name" name="title" maxLength={150} error={errors.title} defaultValue={values.title} autoComplete="off"
        hint="Shown on the certificate, for example: Peer Support Worker Foundation Certificate" />
      <div className={errors.description ? "field field--error" : "field"}>
        <label htmlFor="field-description">What it is</label>
        <p className="field__hint" id="field-description-hint">
          One or two sentences for employers: who it is for and what it shows.
        </p>
        {errors.description ? (
          <p className="field__error" id="field-description-error">
            {errors.description}
          </p>
        ) : null}
        <textarea id="field-description" name="description" rows={3} maxLength={2000} defaultValue={values.description}
          aria-invalid={errors.description ? true : undefined} aria-describedby={described("description", "field-description-hint")} />
      </div>

      <h2>Modules to complete</h2>
      {errors.modules ? (
        <p className="field__error" id="field-modules-error">
          {errors.modules}
        </p>
      ) : null}
      {tracks.map((track) => (
        <fieldset key={track} className="checkbox-group" aria-describedby={errors.modules ? "field-modules-error" : undefined}>
          <legend>{TRACK_NAMES[track] ?? track}</legend>
          {choices.modules
            .filter((m) => m.track === track)
            .map((module) => {
              const built = module.builds.map((id) => competencyTitle.get(id)).filter(Boolean);
              return (
                <div className="option" key={module.slug}>
                  <input type="checkbox" id={`module-${module.slug}`} name="modules" value={module.slug} defaultChecked={values.modules.includes(module.slug)}
                    onChange={(event) => toggleModule(module.slug, event.currentTarget.checked)}
                    aria-describedby={built.length > 0 ? `module-${module.slug}-builds` : undefined} />
                  <span>
                    <label htmlFor={`module-${module.slug}`}>{module.title}</label>
                    {built.length > 0 ? (
                      <span className="option__hint" id={`module-${module.slug}-builds`}>
                        Builds: {built.join("; ")}
                      </span>
                    ) : null}
                  </span>
                </div>
              );
            })}
        </fieldset>
      ))}

      <h2>Competencies and the level needed</h2>
      <p className="field__hint" id="competencies-hint">
        Levels come from the trainee&apos;s evidence. Developing: a passed quiz or an answered reflection. Demonstrated:
        both. Verified: a trainer saw it in practice.
      </p>
      {errors.competencies ? (
        <p className="field__error" id="field-competencies-error">
          {errors.competencies}
        </p>
      ) : null}
      {choices.frameworks.map((framework) => (
        <fieldset key={framework.id} className="checkbox-group level-choices">
          <legend>{framework.title}</legend>
          {framework.competencies.map((competency) => {
            const builtBy = buildingEach.get(competency.id);
            const coverageId = `level-${competency.id}-coverage`;
            return (
              <div className="level-choice" key={competency.id}>
                <label htmlFor={`level-${competency.id}`}>
                  {competency.title} <span className="muted">({competency.code})</span>
                </label>
                <select id={`level-${competency.id}`} name={`level.${competency.id}`} defaultValue={values.levels[competency.id] ?? ""}
                  onChange={(event) => {
                    const level = event.currentTarget.value;
                    setLevels((previous) => ({ ...previous, [competency.id]: level }));
                  }}
                  aria-describedby={[builtBy ? coverageId : null, errors.competencies ? "field-competencies-error" : null].filter(Boolean).join(" ") || undefined}>
                  {LEVEL_CHOICES.map((choice) => (
                    <option key={choice.value} value={choice.value}>
                      {choice.label}
                    </option>
                  ))}
                </select>
                {builtBy ? (
                  <p id={coverageId} className={builtBy.length > 0 ? "level-choice__coverage" : "level-choice__coverage level-choice__coverage--gap"}>
                    {builtBy.length > 0
                      ? `Built by: ${builtBy.map((slug) => moduleTitle.get(slug)).join("; ")}`
                      : "No chosen module builds this."}
                  </p>
                ) : null}
              </div>
            );
          })}
        </fieldset>
      ))}

      <CoverageCheck required={required.length} unbuilt={unbuilt.map((id) => competencyTitle.get(id) ?? id)} token={acceptanceToken(unbuilt)}
        error={errors.acceptedGaps} />

      <h2>Sign-off and expiry</h2>
      <div className="option">
        <input type="checkbox" id="field-requiresSignOff" name="requiresSignOff" value="yes" defaultChecked={values.requiresSignOff}
          aria-describedby="field-requiresSignOff-hint" />
        <label htmlFor="field-requiresSignOff">A trainer must sign the trainee off as ready</label>
      </div>
      <p className="field__hint" id="field-requiresSignOff-hint">
        The trainee&apos;s trainer (or an admin) does this on the trainee&apos;s records page.
      </p>
      <div className={errors.validityMonths ? "field field--error" : "field"}>
        <label htmlFor="field-validityMonths">Valid for (months)</label>
        <p className="field__hint" id="field-validityMonths-hint">
          For example 24. Leave empty if the record never expires.
        </p>
        {errors.validityMonths ? (
          <p className="field__error" id="field-validityMonths-error">
            {errors.validityMonths}
          </p>
        ) : null}
        <input id="field-validityMonths" name="validityMonths" type="text" inputMode="numeric" autoComplete="off" className="input--short"
          defaultValue={values.validityMonths} aria-invalid={errors.validityMonths ? true : undefined}
          aria-describedby={described("validityMonths", "field-validityMonths-hint")} />
      </div>
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}

/**
 * Required competencies that none of the chosen modules builds, and the box
 * to save anyway. The box is made anew whenever the list changes (its key),
 * so a tick never carries over to gaps the admin has not seen.
 */
function CoverageCheck({ required, unbuilt, token, error }: { required: number; unbuilt: string[]; token: string; error?: string }) {
  return (
    <section className="coverage-check" aria-labelledby="coverage-heading" id="coverage">
      <h2 id="coverage-heading">Check the modules against the competencies</h2>
      <div role="status" className={unbuilt.length > 0 ? "notice notice--warning" : "notice notice--info"}>
        {required === 0 ? (
          <p>No competency is required, so there is nothing to check.</p>
        ) : unbuilt.length === 0 ? (
          <p>Each required competency is built by at least one chosen module.</p>
        ) : (
          <>
            <p>
              <strong>
                {unbuilt.length === 1 ? "1 required competency is" : `${unbuilt.length} required competencies are`} not built by any chosen module:
              </strong>
            </p>
            <ul>
              {unbuilt.map((title) => (
                <li key={title}>{title}</li>
              ))}
            </ul>
            <p>Trainees could reach {unbuilt.length === 1 ? "it" : "them"} only through other modules or a trainer&apos;s observation.</p>
          </>
        )}
      </div>
      {unbuilt.length > 0 ? (
        <div className={error ? "field field--error" : "field"}>
          {error ? (
            <p className="field__error" id="field-acceptedGaps-error">
              {error}
            </p>
          ) : null}
          <div className="option" key={token}>
            <input type="checkbox" id="field-acceptedGaps" name="acceptedGaps" value={token} aria-describedby={error ? "field-acceptedGaps-error" : undefined} />
            <label htmlFor="field-acceptedGaps">
              Save anyway: I know no chosen module builds {unbuilt.length === 1 ? "this competency" : "these competencies"}
            </label>
          </div>
        </div>
      ) : null}
    </section>
  );
}
