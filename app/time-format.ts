/*
 * The one place that turns stored times into words on a page (decision 024).
 *
 * Stored times are ISO-8601 UTC; calendar days (due dates, cohort dates) are
 * "YYYY-MM-DD" and belong to no time zone, so they are never shifted. A
 * timestamp is shown in the reader's time zone. The words are built here from
 * numbers, not by the runtime's locale data, so the server and the browser
 * write exactly the same text for the same zone and hydration never differs.
 */

export const DEFAULT_TIME_ZONE = "UTC";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A zone name the runtime knows, in its canonical spelling; null for anything else. */
export function canonicalTimeZone(value: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(value)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Whether times in this zone are plain UTC, which people rarely read a clock in: those say "UTC" beside the time. */
export function isUtc(timeZone: string): boolean {
  return timeZone === "UTC" || timeZone === "Etc/UTC" || timeZone === "Etc/GMT" || timeZone === "GMT";
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone, kept: making one costs far more than using it, and a progress table formats hundreds of times. */
function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    const zone = canonicalTimeZone(timeZone) ?? DEFAULT_TIME_ZONE;
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      hourCycle: "h23",
    });
    formats.set(timeZone, format);
  }
  return format;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The calendar day and clock time of an instant as read in `timeZone`. */
function wallClock(date: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatIn(timeZone).formatToParts(date)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute! };
}

function parseInstant(value: string): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const dayWords = (clock: Pick<WallClock, "year" | "month" | "day">) => `${clock.day} ${MONTHS[clock.month - 1]} ${clock.year}`;
const two = (n: number) => String(n).padStart(2, "0");

/**
 * "3 May 2026". A calendar day ("2026-05-03") is written as it is; a
 * timestamp as the day it was in `timeZone`. Anything else comes back unchanged.
 */
export function formatDay(value: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const calendar = CALENDAR_DAY.exec(value);
  if (calendar) return dayWords({ year: Number(calendar[1]), month: Number(calendar[2]), day: Number(calendar[3]) });
  const date = parseInstant(value);
  return date ? dayWords(wallClock(date, timeZone)) : value;
}

/**
 * A completion record's own dates (issued, valid until, revoked, signed off)
 * as "3 May 2026": the UTC days written into the signed credential and the
 * certificate, so the holder, the admin and an employer all read the same day
 * (decision 024).
 */
export function formatUtcDay(value: string): string {
  return formatDay(value, "UTC");
}

/** "06:18" in the zone, or "06:18 UTC" when the zone is UTC. */
export function formatClock(value: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const date = parseInstant(value);
  if (!date) return value;
  const clock = wallClock(date, timeZone);
  return `${two(clock.hour)}:${two(clock.minute)}${isUtc(timeZone) ? " UTC" : ""}`;
}

/** "3 May 2026, 06:18" in the zone ("… 06:18 UTC" when the zone is UTC). */
export function formatDateTime(value: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const date = parseInstant(value);
  if (!date) return value;
  return `${dayWords(wallClock(date, timeZone))}, ${formatClock(value, timeZone)}`;
}

/** "Europe/Berlin" as people say it: "Berlin time"; UTC stays "UTC". */
export function timeZoneShortName(timeZone: string): string {
  return isUtc(timeZone) ? "UTC" : `${timeZone.split("/").at(-1)!.replace(/_/g, " ")} time`;
}

/** "Berlin time (Europe/Berlin)"; UTC stays "UTC". */
export function describeTimeZone(timeZone: string): string {
  return isUtc(timeZone) ? "UTC" : `${timeZoneShortName(timeZone)} (${timeZone})`;
}

export interface TimeZoneGroup {
  region: string;
  zones: { value: string; label: string }[];
}

/**
 * Every zone the runtime knows, grouped by region for a select:
 * "America/Argentina/Buenos_Aires" is "Argentina / Buenos Aires (America)" under America.
 * `current` is always among them, even when this runtime spells it differently.
 */
export function listTimeZoneGroups(current: string | null): TimeZoneGroup[] {
  const names = new Set(Intl.supportedValuesOf("timeZone"));
  if (current && !isUtc(current)) names.add(current);
  const groups = new Map<string, TimeZoneGroup>();
  for (const name of [...names].sort()) {
    const [region, ...rest] = name.split("/");
    if (!region || rest.length === 0) continue;
    let group = groups.get(region);
    if (!group) groups.set(region, (group = { region, zones: [] }));
    group.zones.push({ value: name, label: `${rest.join(" / ").replace(/_/g, " ")} (${region})` });
  }
  return [...groups.values()];
}
