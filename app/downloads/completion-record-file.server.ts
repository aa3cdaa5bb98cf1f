import { renderCertificatePdf } from "~/codecs/certificate-pdf.server";
import type { RecordDetail } from "~/models/records/record-listing.server";
import { CREDENTIAL_MEDIA_TYPE, JWT_MEDIA_TYPE } from "~/codecs/credential.server";
import { slugify } from "~/models/organizations/organization.server";

export const RECORD_FILE_FORMATS = ["pdf", "json", "jwt"] as const;
export type RecordFileFormat = (typeof RECORD_FILE_FORMATS)[number];

export function isRecordFileFormat(value: string | undefined): value is RecordFileFormat {
  return (RECORD_FILE_FORMATS as readonly string[]).includes(value ?? "");
}

/**
 * A completion record as a file to download: the certificate (pdf), the Open
 * Badges credential (json) or the same credential signed (jwt). The caller
 * has already decided who may have it. A revoked record is gone (410): its
 * files would tell an employer something untrue.
 */
export async function completionRecordFile(record: RecordDetail, format: RecordFileFormat): Promise<Response> {
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
