import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireOrganizationMember } from "~/auth/permissions.server";
import { DomainError } from "~/domain-error";
import { renderCertificatePdf } from "~/models/certificate.server";
import { getOwnCompletionRecord } from "~/models/completion-record.server";
import { CREDENTIAL_MEDIA_TYPE, JWT_MEDIA_TYPE } from "~/models/credential.server";
import { slugify } from "~/models/organization.server";

/**
 * The holder's own record as a file: the certificate (pdf), the Open Badges
 * credential (json) or the same credential signed (jwt). A revoked record is
 * gone (410): its files would tell an employer something untrue.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization } = await requireOrganizationMember(context, request, params.orgSlug);
  const format = params.format;
  if (format !== "pdf" && format !== "json" && format !== "jwt") throw notFound("You can download a record as pdf, json or jwt.");
  let record;
  try {
    record = await getOwnCompletionRecord({ organizationId: organization.id, userId: user.id }, params.recordId ?? "");
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw notFound("We could not find that record among yours.");
    throw error;
  }
  if (record.status === "revoked") {
    throw new Response("This record was revoked, so it can no longer be downloaded. Its verification page says why.", { status: 410 });
  }
  const name = `${slugify(record.programmeTitle)}-${record.verificationCode.toLowerCase()}`;
  const headers = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };
  if (format === "json") {
    return new Response(JSON.stringify(JSON.parse(record.credential), null, 2), {
      headers: { ...headers, "Content-Type": `${CREDENTIAL_MEDIA_TYPE}; charset=utf-8`, "Content-Disposition": `attachment; filename="${name}.json"` },
    });
  }
  if (format === "jwt") {
    return new Response(record.credentialJwt, {
      headers: { ...headers, "Content-Type": JWT_MEDIA_TYPE, "Content-Disposition": `attachment; filename="${name}.jwt"` },
    });
  }
  // The QR code carries the address the credential itself names, whatever host served this download.
  const verificationUrl = (JSON.parse(record.credential) as { id: string }).id;
  const pdf = await renderCertificatePdf({ record, verificationUrl });
  return new Response(new Uint8Array(pdf), {
    headers: { ...headers, "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${name}.pdf"` },
  });
}
