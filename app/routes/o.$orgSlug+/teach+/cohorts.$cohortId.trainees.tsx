import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { z } from "zod";
import { mailReachesInboxes } from "~/mail/mailer.server";
import { requireCohortManager } from "~/auth/permissions.server";
import { addsTraineesWithoutAsking } from "~/auth/roles";
import { formatDay } from "~/time-format";
import { FormErrorSummary, SuccessNotice } from "~/components/form";
import { idField } from "~/forms/fields";
import { formFailure, orFormFailure, parseForm, withUnshownFieldErrors, type FormFailure } from "~/forms/parse-form.server";
import { INVITATION_VALID_DAYS, MAX_ROSTER_ROWS } from "~/limits";
import { withdrawCohortRequest } from "~/models/cohorts/cohort-request.server";
import {
  addTraineesFromFile,
  addTraineesFromList,
  getCohortRoster,
  removeTraineeFromCohort,
  withdrawCohortInvitation,
  type RosterOutcome,
} from "~/models/cohorts/roster.server";
import { cohortSectionMeta } from "./cohorts.$cohortId";

export const meta = cohortSectionMeta("Trainees");

const RosterAction = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("add-list"),
      addresses: z.string({ error: "Paste at least one email address." }).max(200_000, "The list is too long. Add at most 1,000 addresses at a time."),
    }),
    z.object({
      intent: z.literal("add-file"),
      file: z
        .instanceof(File, { error: "Choose a CSV file to upload." })
        .refine((file) => file.size > 0 || file.name !== "", "Choose a CSV file to upload."),
    }),
    z.object({ intent: z.literal("remove-trainee"), userId: idField }),
    z.object({ intent: z.literal("withdraw-invitation"), invitationId: idField }),
    z.object({ intent: z.literal("withdraw-request"), requestId: idField }),
  ],
  { error: "We did not understand that request. Reload the page and try again." },
);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization, role, cohortId } = await requireCohortManager(context, request, params.orgSlug, params.cohortId);
  return {
    base: `/o/${organization.slug}/teach`,
    addsAtOnce: addsTraineesWithoutAsking(role),
    maxRows: MAX_ROSTER_ROWS,
    roster: await getCohortRoster(organization.id, cohortId),
    mailReachesInboxes: mailReachesInboxes(),
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { user, role, organization, cohortId } = await requireCohortManager(context, request, params.orgSlug, params.cohortId);
  const parsed = await parseForm(request, RosterAction);
  if (!parsed.ok) return formFailure(withUnshownFieldErrors(parsed.failure, ["addresses"]));
  const form = parsed.data;
  const target = { organizationId: organization.id, cohortId, actorId: user.id, actorRole: role, appOrigin: context.appOrigin };

  if (form.intent === "remove-trainee" || form.intent === "withdraw-invitation" || form.intent === "withdraw-request") {
    const scope = { organizationId: organization.id, cohortId, actorId: user.id };
    const done = await orFormFailure(() =>
      form.intent === "remove-trainee"
        ? removeTraineeFromCohort({ ...scope, userId: form.userId })
        : form.intent === "withdraw-invitation"
          ? withdrawCohortInvitation({ ...scope, invitationId: form.invitationId })
          : withdrawCohortRequest({ ...scope, requestId: form.requestId }),
    );
    if (!done.ok) return done.response;
    return { done: DONE_MESSAGES[form.intent] };
  }

  const source = form.intent === "add-list" ? "list" : "file";
  const added = await orFormFailure(async () =>
    form.intent === "add-list"
      ? addTraineesFromList({ ...target, text: form.addresses })
      : addTraineesFromFile({ ...target, bytes: new Uint8Array(await form.file.arrayBuffer()) }),
  );
  if (!added.ok) return data({ ...(added.response.data as FormFailure), source }, added.response.init ?? { status: 400 });
  const outcome = added.value;
  const nothingAdded = outcome.joined.length + outcome.asked.length + outcome.invited.length === 0;
  return data({ outcome, source }, { status: nothingAdded ? 400 : 200 });
}

const DONE_MESSAGES = {
  "remove-trainee": "The trainee has left the cohort. They are still in the organization and keep their learning.",
  "withdraw-invitation": "The invitation has been withdrawn. Its link no longer works.",
  "withdraw-request": "The request has been withdrawn. The person is no longer asked to join.",
} as const;

type RosterResult = (FormFailure & { done?: string; outcome?: RosterOutcome; source?: "list" | "file" }) | undefined;

export default function CohortTraineesPage() {
  const { base, roster, maxRows, addsAtOnce, mailReachesInboxes } = useLoaderData<typeof loader>();
  // Until mail really leaves (MAIL_TRANSPORT=log), invitation links reach people only if someone passes them on.
  const inviteWay = mailReachesInboxes ? "gets an email with an invitation link" : "gets an invitation link, which you copy and send them yourself";
  const result = useActionData<typeof action>() as RosterResult;
  const [searchParams] = useSearchParams();
  const outcome = result?.outcome;
  // After a list is added, the box holds only what was refused, ready to be corrected.
  const refusedFromList = outcome && result?.source === "list" ? outcome.refused.map((r) => r.value).filter(Boolean).join("\n") : null;
  const listForm = useRef<HTMLFormElement>(null);
  const fileForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!outcome) return;
    const box = listForm.current?.elements.namedItem("addresses");
    if (refusedFromList !== null && box instanceof HTMLTextAreaElement) box.value = refusedFromList;
    if (result?.source === "file") fileForm.current?.reset();
  }, [outcome, refusedFromList, result?.source]);
  const formError = result?.formError ? result : undefined;

  return (
    <>
      {searchParams.get("created") && !result ? (
        <SuccessNotice>
          <p>The cohort has been created. Now add its trainees, then assign modules.</p>
        </SuccessNotice>
      ) : null}
      {result?.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
        </SuccessNotice>
      ) : null}
      {outcome ? <RosterOutcomeReport outcome={outcome} mailReachesInboxes={mailReachesInboxes} /> : null}
      {outcome && outcome.refused.length > 0 ? <RosterRefusals outcome={outcome} source={result?.source ?? "list"} /> : null}

      {roster.archived ? null : (
        <section aria-labelledby="add-heading">
          <h2 id="add-heading">Add trainees</h2>
          {addsAtOnce ? (
            <p>
              As an admin, you add people who are already trainees in this organization at once. Anyone else {inviteWay}, and joins
              the cohort when they accept it.
            </p>
          ) : (
            <p>
              People who are already trainees in this organization are asked to join. They see this cohort, its trainers and
              what you will see of their learning, and join only if they say yes. Until then you see nothing of their learning.
              Anyone else {inviteWay}, and joins the cohort when they accept it.
            </p>
          )}
          <p>You can add up to {maxRows.toLocaleString("en")} people at a time.</p>
          {formError && result?.source !== "file" ? <FormErrorSummary result={formError} /> : null}
          <Form method="post" className="stack roster-form" ref={listForm}>
            <input type="hidden" name="intent" value="add-list" />
            <div className={result?.fieldErrors?.addresses ? "field field--error" : "field"}>
              <label htmlFor="field-addresses">Email addresses</label>
              <p className="field__hint" id="field-addresses-hint">
                One per line, or separated by commas. You can paste them from a spreadsheet or an email.
              </p>
              <textarea id="field-addresses" name="addresses" rows={6} aria-describedby="field-addresses-hint" defaultValue={refusedFromList ?? ""} />
            </div>
            <button type="submit" className="button">
              Add these people
            </button>
          </Form>
          <h3 id="upload-heading">Or upload a CSV file</h3>
          {formError && result?.source === "file" ? <FormErrorSummary result={formError} /> : null}
          <Form method="post" encType="multipart/form-data" className="stack roster-form" ref={fileForm} aria-labelledby="upload-heading">
            <input type="hidden" name="intent" value="add-file" />
            <div className="field">
              <label htmlFor="field-file">CSV file</label>
              <p className="field__hint" id="field-file-hint">
                Saved from a spreadsheet as CSV. Put the addresses in a column headed “email”; other columns, such as names, are
                ignored. Each row is checked on its own: the people in rows that can be read are added, and any row that cannot is
                listed with the reason. If the file as a whole cannot be read, nobody from it is added.
              </p>
              <input id="field-file" name="file" type="file" accept=".csv,text/csv,text/plain" aria-describedby="field-file-hint" />
            </div>
            <button type="submit" className="button">
              Upload and add
            </button>
          </Form>
        </section>
      )}

      <section aria-labelledby="trainees-heading">
        <h2 id="trainees-heading">Trainees ({roster.trainees.length})</h2>
        {roster.trainees.length === 0 ? (
          <p>Nobody has joined yet.</p>
        ) : (
          <RosterTable
            caption="Trainees in this cohort"
            columns={["Name", "Email", "Joined"]}
            action={roster.archived ? null : "Remove"}
            rows={roster.trainees.map((trainee) => ({
              key: trainee.id,
              heading: <Link to={`${base}/trainees/${trainee.id}`}>{trainee.name}</Link>,
              cells: [trainee.email, formatDay(trainee.addedAt)],
              action: <RowAction intent="remove-trainee" field={["userId", trainee.id]} danger label="Remove" detail={`${trainee.name} from the cohort`} />,
            }))}
          />
        )}
      </section>

      {roster.waiting.length > 0 ? (
        <section aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">Waiting for them to accept ({roster.waiting.length})</h2>
          <p>
            These people were asked to join and have not answered yet. You see nothing of their learning until they accept.
          </p>
          <RosterTable
            caption="People asked to join this cohort who have not answered yet"
            columns={["Name", "Email", "Asked"]}
            action={roster.archived ? null : "Withdraw"}
            rows={roster.waiting.map((person) => ({
              key: person.requestId,
              heading: person.name,
              cells: [person.email, formatDay(person.requestedAt)],
              action: <RowAction intent="withdraw-request" field={["requestId", person.requestId]} label="Withdraw" detail={`the request to ${person.name}`} />,
            }))}
          />
        </section>
      ) : null}

      {roster.pending.length > 0 ? (
        <section aria-labelledby="pending-heading">
          <h2 id="pending-heading">Invited, not joined yet ({roster.pending.length})</h2>
          <RosterTable
            caption="Invitations to this cohort waiting for an answer"
            columns={["Email", "Invited", "Link expires"]}
            action={roster.archived ? null : "Withdraw"}
            rows={roster.pending.map((invitation) => ({
              key: invitation.id,
              heading: invitation.email,
              cells: [formatDay(invitation.createdAt), formatDay(invitation.expiresAt)],
              action: <RowAction intent="withdraw-invitation" field={["invitationId", invitation.id]} label="Withdraw" detail={`invitation for ${invitation.email}`} />,
            }))}
          />
        </section>
      ) : null}
    </>
  );
}

interface RosterRow {
  key: string;
  heading: ReactNode;
  cells: string[];
  action: ReactNode;
}

/** One list of the roster: a heading cell per person, then the other columns, then the row's button unless archived. */
function RosterTable({ caption, columns, action, rows }: { caption: string; columns: string[]; action: string | null; rows: RosterRow[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            {action ? <th scope="col">{action}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.heading}</th>
              {row.cells.map((cell, index) => (
                <td key={columns[index + 1]} data-label={columns[index + 1]}>
                  {cell}
                </td>
              ))}
              {action ? <td>{row.action}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One row's button (remove, withdraw), named in full for screen readers. */
function RowAction(props: { intent: string; field: [name: string, value: string]; label: string; detail: string; danger?: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name={props.field[0]} value={props.field[1]} />
      <button type="submit" className={`button button--small ${props.danger ? "button--danger" : "button--secondary"}`}>
        {props.label}
        <span className="visually-hidden"> {props.detail}</span>
      </button>
    </Form>
  );
}

const people = (n: number) => `${n} ${n === 1 ? "person" : "people"}`;

/** What was done: only what succeeded, in a success panel. Refusals have a panel of their own. */
function RosterOutcomeReport({ outcome, mailReachesInboxes }: { outcome: RosterOutcome; mailReachesInboxes: boolean }) {
  const { joined, asked, invited, refused } = outcome;
  if (joined.length + asked.length + invited.length === 0) return null;
  return (
    <div className="notice notice--success roster-outcome" role="status">
      {joined.length > 0 ? (
        <p>
          {people(joined.length)} joined the cohort: {joined.map((j) => j.name).join(", ")}.
        </p>
      ) : null}
      {asked.length > 0 ? (
        <p>
          {people(asked.length)} {asked.length === 1 ? "was" : "were"} asked to join: {asked.map((a) => a.name).join(", ")}. They join
          the cohort when they accept. Until then you see nothing of their learning.
        </p>
      ) : null}
      {invited.length > 0 ? (
        <>
          <p>
            {people(invited.length)} {invited.length === 1 ? "has" : "have"} an invitation. They join the cohort when they accept it.
            {mailReachesInboxes ? null : " This site does not send email yet, so nobody has been told: copy each link below and send it to them yourself."}
          </p>
          <details className="roster-links" open={!mailReachesInboxes}>
            <summary>Invitation links ({invited.length}){mailReachesInboxes ? ", to send yourself if an email does not arrive" : ""}</summary>
            <p>Each link works once, for that address only, and expires in {INVITATION_VALID_DAYS} days.</p>
            <ul>
              {invited.map((i) => (
                <li key={i.email}>
                  {i.email}: <span className="copy-text">{i.link}</span>
                </li>
              ))}
            </ul>
          </details>
        </>
      ) : null}
      {refused.length > 0 ? <p>{people(refused.length)} could not be added: see below.</p> : null}
    </div>
  );
}

/** Each refused row and why, in a panel marked as a problem, whether or not anyone else was added. */
function RosterRefusals({ outcome, source }: { outcome: RosterOutcome; source: "list" | "file" }) {
  const { refused } = outcome;
  const nobodyAdded = outcome.joined.length + outcome.asked.length + outcome.invited.length === 0;
  const what = source === "list" ? "addresses" : "rows";
  return (
    <div className="notice notice--error roster-outcome roster-refusals" role="alert" aria-labelledby="refused-heading">
      <h2 id="refused-heading">
        {nobodyAdded ? "Nobody was added" : `${people(refused.length)} could not be added`}
      </h2>
      <p>
        {refused.length === 1 ? `The ${source === "list" ? "address" : "row"} below was refused.` : `The ${what} below were refused.`}{" "}
        {source === "list" ? "The list box below now holds only these addresses, so you can correct them and add them again." : "Correct these rows and upload them again."}
      </p>
      <div className="table-wrap">
        <table>
          <caption>Refused {what} and why</caption>
          <thead>
            <tr>
              <th scope="col">{source === "list" ? "Line" : "Row"}</th>
              <th scope="col">What it said</th>
              <th scope="col">Why it was refused</th>
            </tr>
          </thead>
          <tbody>
            {refused.map((r, index) => (
              <tr key={`${r.place}-${index}`}>
                <th scope="row">{r.place}</th>
                <td data-label="What it said">{r.value || "(empty)"}</td>
                <td data-label="Why it was refused">{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
