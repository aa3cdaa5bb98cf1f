import type { LoaderFunctionArgs } from "@remix-run/node";
import { casePackageHeaders } from "~/codecs/case-package.server";
import { listShippedFrameworks } from "~/models/competencies/framework.server";

/**
 * GET /case/frameworks: the frameworks this platform publishes as CASE 1.0
 * packages, shaped like CASE's CFDocuments list. Public, no sign-in: the
 * frameworks are published material, not anyone's data.
 */
export async function loader({ context }: LoaderFunctionArgs) {
  const frameworks = await listShippedFrameworks();
  const body = {
    CFDocuments: frameworks.map((framework) => {
      const uri = `${context.appOrigin}/case/frameworks/${framework.caseIdentifier}.json`;
      return {
        identifier: framework.caseIdentifier,
        uri,
        creator: framework.publisher,
        title: framework.title,
        lastChangeDateTime: framework.updatedAt,
        publisher: framework.publisher,
        language: "en",
        CFPackageURI: { title: framework.title, identifier: framework.caseIdentifier, uri },
      };
    }),
  };
  return new Response(JSON.stringify(body, null, 2), { headers: casePackageHeaders() });
}
