import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useForm } from "@conform-to/react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { requireUser } from "~/auth/permissions.server";
import { SelectField } from "~/components/field";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { formDone, orRefusal, parseSubmission } from "~/forms/submission.server";
import { chooseTimeZone, findTimeZoneOfUser, rememberDetectedTimeZone } from "~/models/accounts/user.server";
import { canonicalTimeZone, DEFAULT_TIME_ZONE, describeTimeZone, isUtc, listTimeZoneGroups } from "~/time-format";

const zoneField = z.string({ error: "Choose a time zone from the list." }).trim().min(1, "Choose a time zone from the list.").max(64, "Choose a time zone from the list.");

const TimeZoneAction = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("choose"), timeZone: zoneField }), z.object({ intent: z.literal("detected"), timeZone: zoneField })],
  { error: "We did not understand that request. Reload the page and try again." },
);

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const stored = await findTimeZoneOfUser(user.id);
  return { stored, groups: listTimeZoneGroups(stored) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const parsed = await parseSubmission(request, TimeZoneAction, { shownFields: ["timeZone"] });
  if (!parsed.ok) return parsed.refusal;
  const { intent, timeZone } = parsed.value;
  if (intent === "detected") {
    const saved = await orRefusal(parsed.submission, () => rememberDetectedTimeZone(user.id, timeZone));
    return saved.ok ? { status: "success" as const, remembered: saved.value } : saved.refusal;
  }
  const saved = await orRefusal(parsed.submission, () => chooseTimeZone(user.id, timeZone));
  if (!saved.ok) return saved.refusal;
  return formDone(parsed.submission, `Times are now shown in ${describeTimeZone(saved.value)}.`);
}

/** The zone this browser is set to, known only once the page runs in it (never during the server render). */
function useDeviceTimeZone(): string | null {
  const [zone, setZone] = useState<string | null>(null);
  useEffect(() => {
    const detected = canonicalTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone ?? "");
    setZone(detected);
  }, []);
  return zone;
}

export default function AccountTimeZonePage() {
  const { stored, groups } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const device = useDeviceTimeZone();
  const current = stored ?? DEFAULT_TIME_ZONE;
  const [form, fields] = useForm<z.input<typeof TimeZoneAction>>({ lastResult: result, defaultValue: { timeZone: isUtc(current) ? "UTC" : current } });
  const offerDevice = device !== null && device !== current && !(isUtc(device) && isUtc(current));
  return (
    <section aria-labelledby="time-zone-heading">
      <h2 id="time-zone-heading">Time zone</h2>
      {result && "done" in result && result.done ? (
        <SuccessNotice>
          <p>{result.done}</p>
        </SuccessNotice>
      ) : null}
      <ErrorSummary errors={form.errors} />
      <p>
        {stored
          ? `Times on every page are shown in ${describeTimeZone(stored)}.`
          : "We do not know your time zone yet, so times are shown in UTC (Coordinated Universal Time). With JavaScript on, your browser tells us on your first visit."}
      </p>
      {offerDevice ? (
        <Form method="post" className="inline-form device-zone">
          <input type="hidden" name="intent" value="choose" />
          <input type="hidden" name="timeZone" value={device} />
          <span>This device is set to {describeTimeZone(device)}.</span>
          <button type="submit" className="button button--secondary">
            Use {isUtc(device) ? "UTC" : device}
          </button>
        </Form>
      ) : null}
      <Form method="post" id={form.id} noValidate>
        <input type="hidden" name="intent" value="choose" />
        <SelectField label="Your time zone" meta={fields.timeZone} description="Choose the region, then the city whose clock matches yours.">
            <option value="UTC">UTC (Coordinated Universal Time)</option>
            {groups.map((group) => (
              <optgroup key={group.region} label={group.region}>
                {group.zones.map((zone) => (
                  <option key={zone.value} value={zone.value}>
                    {zone.label}
                  </option>
                ))}
              </optgroup>
            ))}
        </SelectField>
        <button type="submit" className="button">
          Save time zone
        </button>
      </Form>
    </section>
  );
}
