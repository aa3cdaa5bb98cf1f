import type { ReactNode } from "react";
import { useDates } from "~/components/time";
import { formatDay } from "~/time-format";

import type { CellStatus } from "~/models/cohorts/cohort-progress.server";

const cellWords: Record<CellStatus, string> = {
  "not-started": "Not started",
  "in-progress": "In progress",
  completed: "Completed",
  overdue: "Overdue",
};

/**
 * One module's state for one trainee, in words: "Completed 3 May 2025"
 * (the day in the reader's time zone), "Overdue (in progress)". Colour and an
 * icon (drawn by CSS, hidden from screen readers) only repeat the words. The
 * detail may wrap below the word, never inside a word.
 */
export function StatusBadge({ status, started, completedAt }: { status: CellStatus; started?: boolean; completedAt?: string | null }) {
  const dates = useDates();
  const detail =
    status === "completed" && completedAt ? dates.day(completedAt) : status === "overdue" ? (started ? "(in progress)" : "(not started)") : "";
  return (
    <span className={`cell-status cell-status--${status}`}>
      <span className="cell-status__words">
        {cellWords[status]}
        {detail ? " " : ""}
        {detail ? <span className="cell-status__detail">{detail}</span> : null}
      </span>
    </span>
  );
}

export const phaseWords = {
  upcoming: "Not started yet",
  running: "Running",
  ended: "Ended",
  archived: "Archived (read-only)",
} as const;

export function DateRange({ startsOn, endsOn }: { startsOn: string; endsOn: string }) {
  return (
    <>
      {formatDay(startsOn)} to {formatDay(endsOn)}
    </>
  );
}

/** "3 of 10 (30%)", or only "3 of 4" for a small cohort (decision 012: no percentages below five trainees). */
export function CountOf({ count, of, small }: { count: number; of: number; small: boolean }): ReactNode {
  if (of === 0) return "none yet";
  return small ? `${count} of ${of}` : `${count} of ${of} (${Math.round((count / of) * 100)}%)`;
}

/** "Progress · Spring cohort · Peer Support Training": the page's own name first. */
export function cohortPageTitle(section: string, cohortName: string | undefined): string {
  return cohortName ? `${section} · ${cohortName} · Peer Support Training` : `${section} · Peer Support Training`;
}
