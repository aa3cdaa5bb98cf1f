import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrganizationAdmin } from "~/auth/permissions.server";
import { buildCasePackage } from "~/codecs/case-package.server";
import { findOrganizationFramework, listActiveCompetencies } from "~/models/competencies/framework.server";

/**
 * GET /o/<slug>/admin/frameworks/<identifier>.json: a framework the
 * organization imported, as the CASE package it came in as (same
 * identifiers), for an admin to keep or take elsewhere. Imported frameworks
 * are the organization's own, so this is not public like /case/frameworks.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  const identifier = (params.file ?? "").replace(/\.json$/, "");
  const framework = /^[0-9a-f-]{36}$/i.test(identifier) ? await findOrganizationFramework(organization.id, identifier) : undefined;
  if (!framework) throw new Response("We could not find that framework.", { status: 404, statusText: "Not Found" });
  const competencies = await listActiveCompetencies(framework.id);
  const packageUrl =
    framework.source === "content"
      ? `${context.appOrigin}/case/frameworks/${framework.caseIdentifier}.json`
      : `${context.appOrigin}/o/${organization.slug}/admin/frameworks/${framework.caseIdentifier}.json`;
  return new Response(JSON.stringify(buildCasePackage({ framework, competencies, packageUrl }), null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "private, no-store",
      "Content-Disposition": `attachment; filename="${framework.slug}.case.json"`,
    },
  });
}
