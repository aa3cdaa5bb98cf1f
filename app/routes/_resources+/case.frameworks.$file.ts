import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildCasePackage, casePackageHeaders } from "~/codecs/case-package.server";
import { findShippedFramework, listActiveCompetencies } from "~/models/competencies/framework.server";

/**
 * GET /case/frameworks/<identifier>.json (or <framework id>.json, e.g.
 * who-qualityrights.json): a shipped framework as a 1EdTech CASE 1.0
 * CFPackage. The identifier form is the canonical URL, used inside the package.
 */
export async function loader({ context, params }: LoaderFunctionArgs) {
  const key = (params.file ?? "").replace(/\.json$/, "");
  const framework = /^[a-z0-9-]{1,80}$/i.test(key) ? await findShippedFramework(key) : undefined;
  if (!framework) {
    return new Response(JSON.stringify({ error: "There is no published framework with that identifier. See /case/frameworks for the list." }), {
      status: 404,
      headers: { ...casePackageHeaders(), "Cache-Control": "no-store" },
    });
  }
  const competencies = await listActiveCompetencies(framework.id);
  const packageUrl = `${context.appOrigin}/case/frameworks/${framework.caseIdentifier}.json`;
  return new Response(JSON.stringify(buildCasePackage({ framework, competencies, packageUrl }), null, 2), { headers: casePackageHeaders() });
}
