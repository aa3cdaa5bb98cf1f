import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { orNotFound, requireOrganizationAdmin } from "~/auth/permissions.server";
import { formatDay } from "~/time-format";
import { CaseTree } from "~/components/case-tree";
import { FormErrorSummary, SuccessNotice } from "~/components/form";
import { idField } from "~/forms/fields";
import { formFailure, orFormFailure, parseFormData, withUnshownFieldErrors } from "~/forms/parse-form.server";
import { CasePackageError, importCasePackage, previewCasePackage, type CaseImportResult, type CasePreview } from "~/models/competencies/case-import.server";
import {
  describeRemovalBlockers,
  getImportedFramework,
  listOrganizationFrameworks,
  removeImportedFramework,
  setImportedFrameworkInUse,
} from "~/models/competencies/framework.server";

export const meta: MetaFunction = () => [{ title: "Competency frameworks · Peer Support Training" }];

const MAX_PACKAGE_TEXT = 1_000_000;
const packageTextField = z.string().max(MAX_PACKAGE_TEXT, "That is too long to paste. Upload the file instead.").optional();

/**
 * Uploading or pasting a package previews it; the preview's button sends the
 * same package back to import it. The file arrives as `packageFile`.
 */
const FrameworkActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("preview"), packageText: packageTextField }),
    z.object({ intent: z.literal("import"), packageText: packageTextField }),
    z.object({ intent: z.literal("turn-on"), frameworkId: idField }),
    z.object({ intent: z.literal("turn-off"), frameworkId: idField }),
    z.object({ intent: z.literal("remove"), frameworkId: idField }),
  ],
  { error: "We did not understand that request. Reload the page and try again." },
);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  const removeId = new URL(request.url).searchParams.get("remove");
  let removing = null;
  if (removeId !== null) {
    const framework = await orNotFound(() => getImportedFramework(organization.id, removeId));
    removing = { id: framework.id, title: framework.title, competencyCount: framework.competencyCount, blockers: describeRemovalBlockers(framework) };
  }
  const frameworks = await listOrganizationFrameworks(organization.id);
  return {
    organizationName: organization.name,
    path: `/o/${organization.slug}/admin/frameworks`,
    removing,
    frameworks: frameworks.map((framework) => ({
      id: framework.id,
      title: framework.title,
      publisher: framework.publisher,
      source: framework.source,
      inUse: framework.inUse,
      competencyCount: framework.competencyCount,
      updatedAt: formatDay(framework.updatedAt),
      caseUrl:
        framework.source === "content"
          ? `/case/frameworks/${framework.caseIdentifier}.json`
          : `/o/${organization.slug}/admin/frameworks/${framework.caseIdentifier}.json`,
    })),
  };
}

interface FrameworkActionResult {
  formError?: string;
  fieldErrors?: Record<string, string>;
  problems?: string[];
  done?: string;
  preview?: Omit<CasePreview, "definition"> & { title: string; publisher: string; competencyCount: number };
  /** The previewed package, minified, for the preview's import button to send back. */
  packageText?: string;
}

function describeImport(result: CaseImportResult): string {
  switch (result.outcome) {
    case "built-in":
      return `This is "${result.title}", which every organization here already has. Nothing was imported.`;
    case "created":
      return `Imported "${result.title}" with ${result.competencies} competencies. It is turned off: trainees and trainers see it once you turn it on in the list above.`;
    case "unchanged":
      return `"${result.title}" is already here and the package has no changes. Nothing was changed.`;
    case "updated":
      return `Updated "${result.title}": ${result.added} added, ${result.changed} changed, ${result.retired} retired. Evidence for retired competencies is kept.`;
  }
}

/** The package from the form: an uploaded file, or pasted text (or the preview's hidden copy). */
async function packageTextOf(formData: FormData, pasted: string | undefined): Promise<{ text: string } | { error: string; field: string }> {
  const file = formData.get("packageFile");
  let text = pasted?.trim() ?? "";
  if (file instanceof File && file.size > 0) {
    if (text) return { error: "Upload a file or paste the package, not both.", field: "packageFile" };
    text = await file.text();
  }
  if (!text) return { error: "Choose a CASE package file (.json) to upload, or paste the package.", field: "packageFile" };
  return { text };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    return formFailure({ formError: "We could not read the form. Reload the page and try again." });
  }
  // A form with no intent is the upload form of a browser without JavaScript: a preview.
  if (!formData.has("intent")) formData.set("intent", "preview");
  const parsed = parseFormData(formData, FrameworkActionSchema);
  if (!parsed.ok) return formFailure(withUnshownFieldErrors(parsed.failure, ["packageText"]));
  const form = parsed.data;
  const actor = { organizationId: organization.id, actorId: user.id };

  if (form.intent === "turn-on" || form.intent === "turn-off") {
    const changed = await orFormFailure(() => setImportedFrameworkInUse({ ...actor, frameworkId: form.frameworkId, inUse: form.intent === "turn-on" }));
    if (!changed.ok) return changed.response;
    return {
      done: changed.value.inUse
        ? `“${changed.value.title}” is on. Trainees see it on their competencies page, and trainers can record observations on it.`
        : `“${changed.value.title}” is off. Trainees and trainers no longer see it; its evidence is kept.`,
    };
  }
  if (form.intent === "remove") {
    const removed = await orFormFailure(() => removeImportedFramework({ ...actor, frameworkId: form.frameworkId }));
    if (!removed.ok) return removed.response;
    return { done: `“${removed.value.title}” is removed, with its competencies.` };
  }

  const source = await packageTextOf(formData, form.packageText);
  if ("error" in source) return formFailure({ fieldErrors: { [source.field]: source.error }, formError: source.error });
  try {
    if (form.intent === "import") {
      const result = await importCasePackage({ ...actor, text: source.text });
      return { done: describeImport(result) };
    }
    const { definition, ...preview } = await previewCasePackage({ ...actor, text: source.text });
    return {
      preview: { ...preview, title: definition.title, publisher: definition.publisher, competencyCount: definition.competencies.length },
      packageText: JSON.stringify(JSON.parse(source.text)),
    };
  } catch (error) {
    if (error instanceof CasePackageError) return data({ formError: error.message, problems: error.problems }, { status: error.status });
    throw error;
  }
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

function describeOutcome(preview: NonNullable<FrameworkActionResult["preview"]>): string {
  const { result } = preview;
  switch (result.outcome) {
    case "built-in":
      return `This is “${result.title}”, which every organization here already has. There is nothing to import.`;
    case "unchanged":
      return `Your organization already has “${result.title}”, and this package has no changes. Importing would change nothing.`;
    case "updated":
      return `Your organization already has “${result.title}”. Importing updates it: ${result.added} added, ${result.changed} changed, ${result.retired} retired (their evidence is kept). It stays ${result.inUse ? "on" : "off"}.`;
    case "created":
      return `Importing adds “${result.title}” as a new framework with ${count(result.competencies, "competency", "competencies")}. It starts turned off: trainees and trainers see it only once you turn it on.`;
  }
}

function ImportPreview({ preview, packageText, path }: { preview: NonNullable<FrameworkActionResult["preview"]>; packageText: string; path: string }) {
  const canImport = preview.result.outcome === "created" || preview.result.outcome === "updated";
  return (
    <section aria-labelledby="preview-heading" className="import-preview" tabIndex={-1} id="preview">
      <h3 id="preview-heading">Check before importing</h3>
      <dl className="facts">
        <div>
          <dt>Framework</dt>
          <dd>{preview.title}</dd>
        </div>
        <div>
          <dt>Publisher</dt>
          <dd>{preview.publisher}</dd>
        </div>
        <div>
          <dt>Items</dt>
          <dd>
            {count(preview.itemCount, "item", "items")}: {count(preview.competencyCount, "competency", "competencies")}
            {preview.behaviourCount > 0 ? ` and ${count(preview.behaviourCount, "behaviour", "behaviours")} (shown under their competency)` : ""}
          </dd>
        </div>
        <div>
          <dt>What happens</dt>
          <dd>{describeOutcome(preview)}</dd>
        </div>
      </dl>
      <h4>What we read differently from the file</h4>
      {preview.normalizations.length > 0 ? (
        <>
          <p>The package does not follow CASE exactly in these places. We read them the way they are meant:</p>
          <ul>
            {preview.normalizations.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>Nothing: the package follows CASE exactly.</p>
      )}
      <details className="case-tree-details" open={preview.itemCount <= 60}>
        <summary>The framework as it will be imported ({count(preview.itemCount, "item", "items")})</summary>
        <CaseTree nodes={preview.tree} />
      </details>
      <div className="actions">
        {canImport ? (
          <Form method="post" action={path} encType="multipart/form-data">
            <input type="hidden" name="intent" value="import" />
            <input type="hidden" name="packageText" value={packageText} />
            <button type="submit" className="button">
              {preview.result.outcome === "updated" ? "Update the framework" : "Import the framework"}
            </button>
          </Form>
        ) : null}
        <Link to={path} className="button button--secondary">
          {canImport ? "Cancel" : "Choose another file"}
        </Link>
      </div>
    </section>
  );
}

function RemoveConfirmation({ removing, path }: { removing: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["removing"]>; path: string }) {
  return (
    <section aria-labelledby="remove-heading" className="danger-zone remove-confirmation" id="remove">
      <h2 id="remove-heading">Remove “{removing.title}”?</h2>
      {removing.blockers ? (
        <>
          <p>{removing.blockers}</p>
          <p>
            <Link to={path}>Back to the frameworks</Link>
          </p>
        </>
      ) : (
        <>
          <p>
            This deletes the framework and its {count(removing.competencyCount, "competency", "competencies")} for good. Nobody has
            evidence on them and no programme requires them. You can import the package again later; it comes back turned off.
          </p>
          <div className="actions">
            <Form method="post" action={path}>
              <input type="hidden" name="intent" value="remove" />
              <input type="hidden" name="frameworkId" value={removing.id} />
              <button type="submit" className="button button--danger">
                Remove the framework
              </button>
            </Form>
            <Link to={path} className="button button--secondary">
              Keep it
            </Link>
          </div>
        </>
      )}
    </section>
  );
}

export default function FrameworksPage() {
  const { frameworks, organizationName, path, removing } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FrameworkActionResult | undefined;
  const form = useRef<HTMLFormElement>(null);
  const problemsRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result?.done) form.current?.reset();
    // Move focus to what the answer shows first, so a keyboard or screen reader user starts there.
    if (result?.problems) problemsRef.current?.focus();
    if (result?.preview) document.getElementById("preview")?.focus();
  }, [result]);
  const errors = result?.fieldErrors ?? {};
  return (
    <main id="main" className="page">
      <h1>Competency frameworks of {organizationName}</h1>
      <p>
        Trainees are rated against these frameworks. The built-in ones come with the platform; you can add your own
        from a 1EdTech CASE 1.0 package, the format competency frameworks are published in. A framework you import
        is shown to trainees and trainers only once you turn it on.
      </p>
      {result?.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
        </SuccessNotice>
      ) : null}
      {result?.problems ? null : <FormErrorSummary result={result?.done || result?.preview ? undefined : result} />}
      {removing && !result?.done ? <RemoveConfirmation removing={removing} path={path} /> : null}
      <div className="table-wrap">
        <table className="frameworks-table">
          <thead>
            <tr>
              <th scope="col">Framework</th>
              <th scope="col">Competencies</th>
              <th scope="col">Where from</th>
              <th scope="col">Trainees see it</th>
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
                <td data-label="Trainees see it">
                  {framework.source === "content" ? (
                    "Yes, always"
                  ) : (
                    <div className="framework-switch">
                      <span>{framework.inUse ? "Yes: on" : "No: off"}</span>
                      <Form method="post" action={path}>
                        <input type="hidden" name="intent" value={framework.inUse ? "turn-off" : "turn-on"} />
                        <input type="hidden" name="frameworkId" value={framework.id} />
                        <button type="submit" className="button button--small button--secondary">
                          {framework.inUse ? "Turn off" : "Turn on"}
                          <span className="visually-hidden"> {framework.title}</span>
                        </button>
                      </Form>
                      <Link to={`${path}?remove=${framework.id}#remove`}>
                        Remove<span className="visually-hidden"> {framework.title}</span>
                      </Link>
                    </div>
                  )}
                </td>
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
      {result?.problems ? (
        <div className="notice notice--error" role="alert" tabIndex={-1} ref={problemsRef}>
          <p>{result.formError}</p>
          <ul>
            {result.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {result?.preview && result.packageText ? (
        <ImportPreview preview={result.preview} packageText={result.packageText} path={path} />
      ) : (
        <>
          <p>
            Upload a CASE 1.0 package (a JSON file). You see what it holds before anything is imported. If your organization
            already has a framework with the same identifier, it is updated instead: competencies no longer in the package
            are retired, and their evidence is kept. Small departures from CASE that real editors make (dates without a
            time zone, numbers written as text, empty fields written as null) are read as meant and listed in the preview;
            a package that cannot be understood is refused with a list of what to fix.
          </p>
          <Form method="post" action={path} encType="multipart/form-data" noValidate className="stack" ref={form} aria-labelledby="import-heading">
            <input type="hidden" name="intent" value="preview" />
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
              Check the package
            </button>
          </Form>
        </>
      )}
    </main>
  );
}
