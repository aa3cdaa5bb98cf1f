import type { ReactNode } from "react";

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** "2025-05-03" (or a full timestamp) as "3 May 2025": the same on the server and in the browser. */
export function formatDay(value: string): string {
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : dayFormat.format(date);
}

export type CellStatus = "not-started" | "in-progress" | "completed" | "overdue";

const cellWords: Record<CellStatus, string> = {
  "not-started": "Not started",
  "in-progress": "In progress",
  completed: "Completed",
  overdue: "Overdue",
};

/**
 * One module's state for one trainee, in words: "Completed 3 May 2025",
 * "Overdue (in progress)". Colour and an icon (drawn by CSS, hidden from
 * screen readers) only repeat the words. Kept to one element: the progress
 * table has one per trainee and module.
 */
export function StatusBadge({ status, started, completedOn }: { status: CellStatus; started?: boolean; completedOn?: string | null }) {
  const detail =
    status === "completed" && completedOn ? ` ${formatDay(completedOn)}` : status === "overdue" ? (started ? " (in progress)" : " (not started)") : "";
  return (
    <span className={`cell-status cell-status--${status}`}>
      {cellWords[status]}
      {detail}
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
