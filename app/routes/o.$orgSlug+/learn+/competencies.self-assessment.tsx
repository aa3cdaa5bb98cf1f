import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganizationMember } from "~/auth/permissions.server";
import { ErrorSummary } from "~/components/form";
import { idField } from "~/forms/fields";
import { orRefusal, readForm, refuse, UNREADABLE_FORM } from "~/forms/submission.server";
import { recordSelfAssessment } from "~/models/competencies/competency-evidence.server";
import { SELF_RATINGS } from "~/models/competencies/competency-level";
import { loadCompetencyRecord } from "~/models/competencies/competency.server";

export const meta: MetaFunction = () => [{ title: "Rate yourself · Peer Support Training" }];

/** One field per rated competency: rating.<competency id> = 1 to 4. Unrated ones are simply absent. */
const RATING_PREFIX = "rating.";
const RatingField = z.object({
  competencyId: idField,
  rating: z.enum(["1", "2", "3", "4"], { error: "Ratings go from 1 to 4. Reload the page and try again." }),
});
const MAX_FIELDS = 1000;

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization } = await requireOrganizationMember(context, request, params.orgSlug);
  const record = await loadCompetencyRecord({ organizationId: organization.id, userId: user.id });
  return {
    base: `/o/${organization.slug}/learn/competencies`,
    frameworks: record.frameworks
      .map((framework) => ({
        id: framework.id,
        title: framework.title,
        competencies: framework.competencies
          .filter((c) => !c.retired)
          .map((c) => ({ id: c.id, title: c.title, description: c.description, latest: c.self.latest?.rating ?? null })),
      }))
      .filter((framework) => framework.competencies.length > 0),
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization } = await requireOrganizationMember(context, request, params.orgSlug);
  // One field per competency, named by its id: read here rather than through a fixed schema.
  const formData = await readForm(request);
  if (!formData) return refuse(null, { formError: UNREADABLE_FORM });
  const keys = [...formData.keys()];
  if (keys.length > MAX_FIELDS) return refuse(null, { formError: "The form has too many answers. Reload the page and try again." });
  const ratings = new Map<string, number>();
  for (const key of new Set(keys)) {
    if (!key.startsWith(RATING_PREFIX)) continue;
    const values = formData.getAll(key);
    const parsed = RatingField.safeParse({ competencyId: key.slice(RATING_PREFIX.length), rating: values.length === 1 ? values[0] : values });
    if (!parsed.success) return refuse(null, { formError: parsed.error.issues[0]!.message });
    ratings.set(parsed.data.competencyId, Number(parsed.data.rating));
  }
  const saved = await orRefusal(null, () => recordSelfAssessment({ scope: { organizationId: organization.id, userId: user.id }, ratings }));
  if (!saved.ok) return saved.refusal;
  return redirect(`/o/${organization.slug}/learn/competencies?saved=${saved.value.saved}`);
}

export default function SelfAssessmentPage() {
  const { frameworks, base } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main id="main" className="page self-assessment">
      <p>
        <Link to={base}>Back to your competencies</Link>
      </p>
      <h1>Rate yourself</h1>
      <p className="lead">
        How do you see yourself today? There are no wrong answers, and nobody is graded on this. Skip anything you are
        not sure about, and come back whenever you like.
      </p>
      <p>
        Each time you change a rating, the earlier one is kept. Your competencies page shows your first and your latest
        rating side by side with what your evidence shows. Your trainers can see your ratings too.
      </p>
      <ErrorSummary errors={result?.error?.[""]} />
      <Form method="post" className="self-assessment__form">
        {frameworks.map((framework) => (
          <section key={framework.id} aria-labelledby={`rate-framework-${framework.id}`}>
            <h2 id={`rate-framework-${framework.id}`}>{framework.title}</h2>
            {framework.competencies.map((competency) => (
              <fieldset key={competency.id} id={`rate-${competency.id}`} className="rating-group" aria-describedby={competency.description ? `rate-${competency.id}-about` : undefined}>
                <legend>{competency.title}</legend>
                {competency.description ? (
                  <p className="field__hint" id={`rate-${competency.id}-about`}>
                    {competency.description}
                  </p>
                ) : null}
                <div className="rating-group__options">
                  {SELF_RATINGS.map((step) => {
                    const id = `rate-${competency.id}-${step.value}`;
                    return (
                      <div key={step.value} className="option">
                        <input
                          type="radio"
                          id={id}
                          name={`rating.${competency.id}`}
                          value={step.value}
                          defaultChecked={competency.latest === step.value}
                        />
                        <label htmlFor={id}>
                          <strong>{step.label}</strong>: {step.description}
                        </label>
                      </div>
                    );
                  })}
                </div>
              </fieldset>
            ))}
            <button type="submit" className="button">
              Save my ratings
            </button>
          </section>
        ))}
      </Form>
    </main>
  );
}
