import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { requireOrganizationAdmin } from "~/auth/permissions.server";
import { formatDay } from "~/components/competency-record";
import { FormErrorSummary, SuccessNotice } from "~/components/form";
import { formFailure } from "~/forms/parse-form.server";
import { CasePackageError, importCasePackage, type CaseImportResult } from "~/models/case-package.server";
import { listOrganizationFrameworks } from "~/models/framework.server";

export const meta: MetaFunction = () => [{ title: "Competency frameworks · Peer Support Training" }];

/** The pasted package; a file upload arrives as `packageFile` and is read the same way. */
const ImportSchema = z.object({
  packageText: z.string().max(1_000_000, "That is too long to paste. Upload the file instead.").optional(),
});

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  const frameworks = await listOrganizationFrameworks(organization.id);
  return {
    organizationName: organization.name,
    frameworks: frameworks.map((framework) => ({
      id: framework.id,
      title: framework.title,
      publisher: framework.publisher,
      source: framework.source,
      competencyCount: framework.competencyCount,
      updatedAt: formatDay(framework.updatedAt),
      caseUrl:
        framework.source === "content"
          ? `/case/frameworks/${framework.caseIdentifier}.json`
          : `/o/${organization.slug}/admin/frameworks/${framework.caseIdentifier}.json`,
    })),
  };
}

type ImportActionResult =
  | { formError?: string; fieldErrors?: Record<string, string>; problems?: string[]; done?: string; outcome?: CaseImportResult["outcome"] }
  | undefined;

function describeImport(result: CaseImportResult): string {
  switch (result.outcome) {
    case "built-in":
      return `This is "${result.title}", which every organization here already has. Nothing was imported.`;
    case "created":
      return `Imported "${result.title}" with ${result.competencies} competencies. Your trainees can now rate themselves on them and trainers can record observations.`;
    case "unchanged":
      return `"${result.title}" is already here and the package has no changes. Nothing was changed.`;
    case "updated":
      return `Updated "${result.title}": ${result.added} added, ${result.changed} changed, ${result.retired} retired. Evidence for retired competencies is kept.`;
  }
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    return formFailure({ formError: "We could not read the form. Reload the page and try again." });
  }
  const file = formData.get("packageFile");
  const pasted = ImportSchema.safeParse({ packageText: formData.get("packageText") ?? undefined });
  if (!pasted.success) return formFailure({ fieldErrors: { packageText: pasted.error.issues[0]!.message }, formError: pasted.error.issues[0]!.message });
  let text = pasted.data.packageText?.trim() ?? "";
  if (file instanceof File && file.size > 0) {
    if (text) {
      const message = "Upload a file or paste the package, not both.";
      return formFailure({ fieldErrors: { packageFile: message }, formError: message });
    }
    text = await file.text();
  }
  if (!text) {
    const message = "Choose a CASE package file (.json) to upload, or paste the package.";
    return formFailure({ fieldErrors: { packageFile: message }, formError: message });
  }
  try {
    const result = await importCasePackage({ organizationId: organization.id, actorId: user.id, text });
    return { done: describeImport(result), outcome: result.outcome };
  } catch (error) {
    if (error instanceof CasePackageError) return data({ formError: error.message, problems: error.problems }, { status: error.status });
    throw error;
  }
}

export default function FrameworksPage() {
  const { frameworks, organizationName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ImportActionResult;
  const form = useRef<HTMLFormElement>(null);
  const problemsRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result?.done) form.current?.reset();
    // Move focus to the list of problems, so a keyboard or screen reader user starts there.
    if (result?.problems) problemsRef.current?.focus();
  }, [result]);
  const errors = result?.fieldErrors ?? {};
  return (
    <main id="main" className="page">
      <h1>Competency frameworks of {organizationName}</h1>
      <p>
        Trainees are rated against these frameworks. The built-in ones come with the platform; you can add your own
        from a 1EdTech CASE 1.0 package, the format competency frameworks are published in.
      </p>
      <div className="table-wrap">
        <table className="frameworks-table">
          <thead>
            <tr>
              <th scope="col">Framework</th>
              <th scope="col">Competencies</th>
              <th scope="col">Where from</th>
              <th scope="col">CASE package</th>
            </tr>
          </thead>
          <tbody>
            {frameworks.map((framework) => (
              <tr key={framework.id}>
                <th scope="row">
                  {framework.title}
                  <span className="muted framework-publisher">{framework.publisher}</span>
                </th>
                <td data-label="Competencies">{framework.competencyCount}</td>
                <td data-label="Where from">{framework.source === "content" ? "Built in" : `Imported, last changed ${framework.updatedAt}`}</td>
                <td data-label="CASE package">
                  <a href={framework.caseUrl}>
                    Download<span className="visually-hidden"> the CASE package of {framework.title}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="import-heading">Import a framework</h2>
      <p>
        Upload a CASE 1.0 package (a JSON file). If your organization already has a framework with the same identifier,
        it is updated instead: competencies no longer in the package are retired, and their evidence is kept. A package
        with a mistake is refused as a whole, with a list of what to fix.
      </p>
      {result?.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
        </SuccessNotice>
      ) : null}
      {result?.problems ? (
        <div className="notice notice--error" role="alert" tabIndex={-1} ref={problemsRef}>
          <p>{result.formError}</p>
          <ul>
            {result.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : (
        <FormErrorSummary result={result?.done ? undefined : result} />
      )}
      <Form method="post" encType="multipart/form-data" noValidate className="stack" ref={form} aria-labelledby="import-heading">
        <div className={errors.packageFile ? "field field--error" : "field"}>
          <label htmlFor="field-packageFile">CASE package file</label>
          {errors.packageFile ? (
            <p className="field__error" id="field-packageFile-error">
              {errors.packageFile}
            </p>
          ) : null}
          <input
            id="field-packageFile"
            name="packageFile"
            type="file"
            accept=".json,application/json"
            aria-describedby={errors.packageFile ? "field-packageFile-error" : undefined}
          />
        </div>
        <details className="paste-package">
          <summary>Or paste the package instead</summary>
          <div className={errors.packageText ? "field field--error" : "field"}>
            <label htmlFor="field-packageText">CASE package (JSON)</label>
            {errors.packageText ? (
              <p className="field__error" id="field-packageText-error">
                {errors.packageText}
              </p>
            ) : null}
            <textarea id="field-packageText" name="packageText" rows={8} spellCheck={false} aria-describedby={errors.packageText ? "field-packageText-error" : undefined} />
          </div>
        </details>
        <button type="submit" className="button">
          Import framework
        </button>
      </Form>
    </main>
  );
}
