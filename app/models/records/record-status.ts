import type { CompletionRecordTable, RequiredLevel } from "~/db/schema";
import { LEVEL_LABELS, type CompetencyLevel } from "~/models/competencies/competency-level";

/* What a completion record says and where it stands (valid, expired or revoked): pure, for the models and the pages. */

export type RecordStatus = "valid" | "expired" | "revoked";
export const RECORD_STATUSES: readonly RecordStatus[] = ["valid", "expired", "revoked"];

/** What a record says, kept with it as it was on the day it was issued. */
export interface RecordSummary {
  programmeVersion: number;
  description: string;
  criteria: string;
  modules: { slug: string; title: string }[];
  competencies: { code: string; title: string; frameworkTitle: string; minLevel: RequiredLevel; level: CompetencyLevel; caseUrl: string }[];
  signOff: { by: string; at: string } | null;
}

export function recordStatus(row: Pick<CompletionRecordTable, "revoked_at" | "valid_until">, now = new Date()): RecordStatus {
  if (row.revoked_at) return "revoked";
  if (row.valid_until && row.valid_until <= now.toISOString()) return "expired";
  return "valid";
}

/** The issue time plus whole months; a day past the end of the month falls back to its last day. */
export function addMonths(iso: string, months: number): string {
  const start = new Date(iso);
  const end = new Date(start);
  end.setUTCMonth(start.getUTCMonth() + months);
  if (end.getUTCDate() !== start.getUTCDate()) end.setUTCDate(0);
  return end.toISOString();
}

export const RECORD_STATUS_LABELS: Record<RecordStatus, string> = { valid: "Valid", expired: "Expired", revoked: "Revoked" };

/** The summary's competencies in words, for lists and the certificate: "Title (code): Demonstrated". */
export function describeRecordCompetency(c: RecordSummary["competencies"][number]): string {
  return `${c.title} (${c.code}): ${LEVEL_LABELS[c.level]}`;
}
