import type { ReactNode } from "react";
import { formatDay } from "~/time-format";

/*
 * A record's status in words and a symbol, never by colour alone: the
 * colour only repeats what the word already says.
 */

export type RecordStatusValue = "valid" | "expired" | "revoked";

export const RECORD_STATUS_WORDS: Record<RecordStatusValue, string> = { valid: "Valid", expired: "Expired", revoked: "Revoked" };

const SYMBOLS: Record<RecordStatusValue, string> = { valid: "✓", expired: "!", revoked: "✕" };

export function RecordStatusBadge({ status }: { status: RecordStatusValue }) {
  return (
    <span className={`record-status record-status--${status}`}>
      <span className="record-status__icon" aria-hidden="true">
        {SYMBOLS[status]}
      </span>
      {RECORD_STATUS_WORDS[status]}
    </span>
  );
}

/**
 * A record's own dates (issued, valid until, revoked) as "3 May 2026": the UTC
 * days written into the signed credential and the certificate, so the holder,
 * the admin and an employer all read the same day (decision 024).
 */
export function formatLongDate(iso: string): string {
  return formatDay(iso, "UTC");
}

export function RequirementList({ checks, children }: { checks: { key: string; kind: string; label: string; met: boolean; status: string }[]; children?: ReactNode }) {
  return (
    <ul className="requirement-list">
      {checks.map((check) => (
        <li key={`${check.kind}:${check.key}`} className={check.met ? "requirement requirement--met" : "requirement"}>
          <span className="requirement__icon" aria-hidden="true">
            {check.met ? "✓" : ""}
          </span>
          <span>
            <span className="requirement__label">
              <span className="visually-hidden">{check.met ? "Done: " : "Not yet: "}</span>
              {check.label}
            </span>
            <span className="requirement__status">{check.status}</span>
          </span>
        </li>
      ))}
      {children}
    </ul>
  );
}
