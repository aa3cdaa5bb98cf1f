import { Link, useFetcher, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useMemo, useRef } from "react";
import type { loader as rootLoader } from "~/root";
import { DEFAULT_TIME_ZONE, describeTimeZone, formatClock, formatDateTime, formatDay, isUtc } from "~/time-format";

/*
 * Times in the reader's time zone. The zone comes from the root loader, so
 * the server renders with it and the browser hydrates with the same value:
 * both write the same words (app/time-format.ts), and a page never changes
 * when React takes it over.
 */

export const TIME_ZONE_SETTINGS = "/account/time-zone";

function useRootTimeZone() {
  const data = useRouteLoaderData<typeof rootLoader>("root");
  return { timeZone: data?.timeZone ?? DEFAULT_TIME_ZONE, known: data?.timeZoneKnown ?? false };
}

export function useTimeZone(): string {
  return useRootTimeZone().timeZone;
}

/** The formatters of app/time-format.ts, bound to the reader's time zone. */
export function useDates() {
  const timeZone = useTimeZone();
  return useMemo(
    () => ({
      timeZone,
      day: (value: string) => formatDay(value, timeZone),
      clock: (value: string) => formatClock(value, timeZone),
      dateTime: (value: string) => formatDateTime(value, timeZone),
    }),
    [timeZone],
  );
}

/** A timestamp as a <time> element, written in the reader's zone ("day" unless told otherwise). */
export function Time({ value, show = "day" }: { value: string; show?: "day" | "date-time" | "clock" }) {
  const dates = useDates();
  const text = show === "day" ? dates.day(value) : show === "clock" ? dates.clock(value) : dates.dateTime(value);
  return <time dateTime={value}>{text}</time>;
}

/** Under every page of a signed-in person: which zone the times are in, and where to change it. */
export function TimeZoneNote() {
  const { timeZone, known } = useRootTimeZone();
  return (
    <footer className="site-footer">
      <p>
        {known && !isUtc(timeZone) ? `Times are shown in ${describeTimeZone(timeZone)}.` : "Times are shown in UTC (Coordinated Universal Time)."}{" "}
        <Link to={TIME_ZONE_SETTINGS}>Change your time zone</Link>
      </p>
    </footer>
  );
}

/**
 * Tells the server the browser's time zone once, while the account has none
 * stored. The answer reloads the page's data, so times switch to the zone at
 * once. A browser set to UTC sends nothing: UTC is already what pages show.
 * Without JavaScript nothing is sent and the note under the page says UTC.
 */
export function TimeZoneDetector() {
  const { known } = useRootTimeZone();
  const fetcher = useFetcher();
  const sent = useRef(false);
  useEffect(() => {
    if (known || sent.current) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || isUtc(zone) || zone === "Etc/Unknown") return;
    sent.current = true;
    fetcher.submit({ intent: "detected", timeZone: zone }, { method: "post", action: TIME_ZONE_SETTINGS });
  }, [known, fetcher]);
  return null;
}
