import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/permissions.server";
import { countOtherSessions, endOtherSessions } from "~/auth/session.server";
import { SuccessNotice } from "~/components/form";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return { otherSessions: await countOtherSessions(user.id, context.auth!.session.id) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  await endOtherSessions(user.id, context.auth!.session.id);
  return { done: "You have been signed out on every other device." };
}

export default function AccountSessionsPage() {
  const { otherSessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Signed-in devices</h2>
      {result?.done ? <SuccessNotice><p>{result.done}</p></SuccessNotice> : null}
      <p>
        {otherSessions === 0
          ? "You are signed in only here."
          : `You are signed in here and on ${otherSessions} other ${otherSessions === 1 ? "device or browser" : "devices or browsers"}.`}
      </p>
      <p>If you used a shared computer or lost a phone, sign out everywhere else. This device stays signed in.</p>
      <Form method="post">
        <button type="submit" className="button">Sign out of every other session</button>
      </Form>
    </section>
  );
}
