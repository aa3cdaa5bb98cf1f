import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, orNotFound, requireOrganizationMember } from "~/auth/permissions.server";
import { completionRecordFile, isRecordFileFormat } from "~/downloads/completion-record-file.server";
import { getOwnCompletionRecord } from "~/models/records/record-listing.server";

/** The holder's own record as a file (pdf, json or jwt); a revoked one is gone (410). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { user, organization } = await requireOrganizationMember(context, request, params.orgSlug);
  const format = params.format;
  if (!isRecordFileFormat(format)) throw notFound("You can download a record as pdf, json or jwt.");
  const record = await orNotFound(() => getOwnCompletionRecord({ organizationId: organization.id, userId: user.id }, params.recordId ?? ""));
  return completionRecordFile(record, format);
}
