import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireOrganizationRole } from "~/auth/permissions.server";

/** The list of cohorts lives at /teach; this address leads there. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganizationRole(context, request, params.orgSlug, ["admin", "trainer"]);
  return redirect(`/o/${organization.slug}/teach`);
}
