import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, orNotFound, requireOrganizationAdmin } from "~/auth/permissions.server";
import { completionRecordFile, isRecordFileFormat } from "~/downloads/completion-record-file.server";
import { getCompletionRecord } from "~/models/records/record-listing.server";

/**
 * A record the organization issued, as a file (pdf, json or jwt), for its
 * admins: the same people who may open the record's page. A revoked one is
 * gone (410), as it is for the holder.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganizationAdmin(context, request, params.orgSlug);
  const format = params.format;
  if (!isRecordFileFormat(format)) throw notFound("You can download a record as pdf, json or jwt.");
  const record = await orNotFound(() => getCompletionRecord(organization.id, params.recordId ?? ""));
  return completionRecordFile(record, format);
}
