import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganizationAdmin } from "~/auth/permissions.server";
import { FormErrorSummary, SuccessNotice, TextField } from "~/components/form";
import { SupportLinesPanel } from "~/components/support-lines";
import type { SupportLine } from "~/content/support-lines";
import { idField } from "~/forms/fields";
import { formFailure, orFormFailure, parseForm, withUnshownFieldErrors, type FormFailure } from "~/forms/parse-form.server";
import {
  addSupportLine,
  listSupportLines,
  MAX_SUPPORT_LINES,
  removeSupportLine,
  updateSupportLine,
} from "~/models/organizations/support-line.server";

export const meta: MetaFunction = () => [{ title: "Crisis and support lines · Peer Support Training" }];

const requiredText = (label: string, max: number) =>
  z.string({ error: `Enter ${label}.` }).trim().min(1, `Enter ${label}.`).max(max, `Keep ${label} to ${max} characters or fewer.`);
const optionalNumber = (label: string) =>
  z
    .string()
    .trim()
    .max(40, `Keep ${label} to 40 characters or fewer.`)
    .regex(/^[0-9+()\-.\s]*[0-9][0-9+()\-.\s]*$|^$/, `Write ${label} with digits, spaces, dashes or a leading +.`)
    .optional();

const lineFields = {
  name: requiredText("the name of the line", 120),
  region: requiredText("where the line serves (a country, province, state or city)", 80),
  phone: optionalNumber("the phone number"),
  textNumber: optionalNumber("the number to text"),
  website: z
    .string()
    .trim()
    .max(300, "Keep the website address to 300 characters or fewer.")
    .regex(/^(https?:\/\/[^\s<>"]+)?$/, "Write the website address in full, starting with https://.")
    .optional(),
  hours: requiredText("when the line is open", 200),
};

const SupportLineActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("add"), ...lineFields }),
    z.object({ intent: z.literal("update"), lineId: idField, ...lineFields }),
    z.object({ intent: z.literal("remove"), lineId: idField }),
  ],
  { error: "Choose what to do: add, change or remove a line." },
);

const shownFields = ["name", "region", "phone", "textNumber", "website", "hours"];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  return { organizationName: organization.name, supportLines: await listSupportLines(organization.id), max: MAX_SUPPORT_LINES };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  const parsed = await parseForm(request, SupportLineActionSchema);
  if (!parsed.ok) return formFailure(withUnshownFieldErrors(parsed.failure, shownFields));
  const form = parsed.data;
  const scope = { organizationId: organization.id, actorId: user.id };
  if (form.intent === "remove") {
    const removed = await orFormFailure(() => removeSupportLine({ ...scope, lineId: form.lineId }));
    return removed.ok ? { done: "The line was removed. Trainees no longer see it." } : removed.response;
  }
  const { intent: _intent, ...line } = form;
  if (form.intent === "update") {
    const updated = await orFormFailure(() => updateSupportLine({ ...scope, lineId: form.lineId, line }));
    return updated.ok ? { done: `${form.name} was changed.` } : updated.response;
  }
  const added = await orFormFailure(() => addSupportLine({ ...scope, line }));
  return added.ok ? { done: `${form.name} was added. Trainees see it beside content notes and on every module page.` } : added.response;
}

type SupportLineResult = (FormFailure & { done?: string }) | undefined;

function LineFields({ line, errors, prefix }: { line?: SupportLine; errors?: Record<string, string>; prefix: string }) {
  // Field ids carry a prefix so the add form and each edit form keep their labels apart.
  const error = (name: string) => (prefix === "new" ? errors?.[name] : undefined);
  return (
    <>
      <TextField label="Name of the line" name="name" idPrefix={prefix} defaultValue={line?.name} error={error("name")} maxLength={120} />
      <TextField
        label="Where it serves"
        name="region"
        idPrefix={prefix}
        hint="A country, province, state or city, for example: Ontario."
        defaultValue={line?.region}
        error={error("region")}
        maxLength={80}
      />
      <TextField label="Phone number (optional)" name="phone" idPrefix={prefix} required={false} defaultValue={line?.phone ?? ""} error={error("phone")} maxLength={40} />
      <TextField label="Number to text (optional)" name="textNumber" idPrefix={prefix} required={false} defaultValue={line?.textNumber ?? ""} error={error("textNumber")} maxLength={40} />
      <TextField label="Website (optional)" name="website" idPrefix={prefix} required={false} hint="Starting with https://" defaultValue={line?.website ?? ""} error={error("website")} maxLength={300} />
      <TextField
        label="When it is open"
        name="hours"
        idPrefix={prefix}
        hint="For example: Any time, day or night. English and French."
        defaultValue={line?.hours}
        error={error("hours")}
        maxLength={200}
      />
    </>
  );
}

export default function SupportLinesSettingsPage() {
  const { organizationName, supportLines, max } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as SupportLineResult;
  return (
    <main id="main" className="page narrow">
      <h1>Crisis and support lines</h1>
      <p>
        Trainees of {organizationName} see these lines beside every content note, at the foot of every module page and
        in the crisis module. List the lines that serve the places your trainees live. Check each number on the line's
        own website before you add it.
      </p>
      {result?.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
        </SuccessNotice>
      ) : null}
      <FormErrorSummary result={result} />

      <h2>What trainees see now</h2>
      {supportLines.isDefault ? (
        <div className="notice notice--info">
          <p>
            You have not added any lines, so trainees see the Canadian 9-8-8 line below. If your trainees are not in
            Canada, or you know local lines, add them: the default goes away once you add your first line.
          </p>
        </div>
      ) : null}
      <SupportLinesPanel supportLines={supportLines} headingLevel={3} />

      {supportLines.isDefault ? null : (
        <>
          <h2>Change or remove a line</h2>
          <ul className="plain-list stack">
            {supportLines.lines.map((line) => (
              <li key={line.id}>
                <details>
                  <summary>
                    Change {line.name} ({line.region})
                  </summary>
                  <Form method="post" noValidate className="stack">
                    <input type="hidden" name="intent" value="update" />
                    <input type="hidden" name="lineId" value={line.id} />
                    <LineFields line={line} prefix={`line-${line.id}`} />
                    <button type="submit" className="button">
                      Save changes<span className="visually-hidden"> to {line.name}</span>
                    </button>
                  </Form>
                </details>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="lineId" value={line.id} />
                  <button type="submit" className="button button--small button--secondary">
                    Remove<span className="visually-hidden"> {line.name}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>Add a line</h2>
      {supportLines.isDefault || supportLines.lines.length < max ? (
        <Form method="post" noValidate className="stack">
          <input type="hidden" name="intent" value="add" />
          <p className="muted">Give at least one way to reach it: a phone number, a number to text, or a website.</p>
          <LineFields errors={result?.fieldErrors} prefix="new" />
          <button type="submit" className="button">
            Add this line
          </button>
        </Form>
      ) : (
        <p>You have listed {max} lines, the most a page can show clearly. Remove one to add another.</p>
      )}
    </main>
  );
}
