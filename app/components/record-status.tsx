import type { ReactNode } from "react";
import { RECORD_STATUS_LABELS, type RecordStatus } from "~/models/records/record-status";

/*
 * A record's status in words and a symbol, never by colour alone: the
 * colour only repeats what the word already says.
 */

const SYMBOLS: Record<RecordStatus, string> = { valid: "✓", expired: "!", revoked: "✕" };

export function RecordStatusBadge({ status }: { status: RecordStatus }) {
  return (
    <span className={`record-status record-status--${status}`}>
      <span className="record-status__icon" aria-hidden="true">
        {SYMBOLS[status]}
      </span>
      {RECORD_STATUS_LABELS[status]}
    </span>
  );
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
