import { describe, expect, it } from "vitest";
import { canonicalTimeZone, describeTimeZone, formatClock, formatDateTime, formatDay, listTimeZoneGroups } from "~/time-format";

describe("times in the reader's time zone", () => {
  // 23:30 UTC on 3 May is already 4 May in Berlin (UTC+2 in summer) and still 3 May in Los Angeles.
  const lateEvening = "2026-05-03T23:30:00.000Z";

  it("writes a timestamp's day as it was in the reader's zone", () => {
    expect(formatDay(lateEvening, "UTC")).toBe("3 May 2026");
    expect(formatDay(lateEvening, "Europe/Berlin")).toBe("4 May 2026");
    expect(formatDay(lateEvening, "America/Los_Angeles")).toBe("3 May 2026");
  });

  it("never shifts a calendar day, whatever the zone", () => {
    for (const zone of ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin"]) {
      expect(formatDay("2026-12-31", zone)).toBe("31 December 2026");
    }
  });

  it("writes the clock in the zone, and says UTC only when the zone is UTC", () => {
    expect(formatClock(lateEvening, "UTC")).toBe("23:30 UTC");
    expect(formatClock(lateEvening, "Europe/Berlin")).toBe("01:30");
    expect(formatClock(lateEvening, "Asia/Kolkata")).toBe("05:00");
    expect(formatDateTime(lateEvening, "Europe/Berlin")).toBe("4 May 2026, 01:30");
    expect(formatDateTime(lateEvening, "UTC")).toBe("3 May 2026, 23:30 UTC");
  });

  it("follows daylight saving: the same UTC hour reads an hour apart in winter and summer", () => {
    expect(formatClock("2026-01-15T12:00:00Z", "Europe/London")).toBe("12:00");
    expect(formatClock("2026-07-15T12:00:00Z", "Europe/London")).toBe("13:00");
    expect(formatClock("2026-03-29T00:59:00Z", "Europe/Berlin")).toBe("01:59");
    expect(formatClock("2026-03-29T01:00:00Z", "Europe/Berlin")).toBe("03:00");
  });

  it("writes midnight as 00, not 24", () => {
    expect(formatClock("2026-05-03T22:00:00Z", "Europe/Berlin")).toBe("00:00");
  });

  it("gives back what is not a time unchanged rather than failing", () => {
    expect(formatDay("not a date", "Europe/Berlin")).toBe("not a date");
    expect(formatClock("", "Europe/Berlin")).toBe("");
  });

  it("accepts only zones the runtime knows, in their canonical spelling", () => {
    expect(canonicalTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    for (const bad of ["Mars/Olympus_Mons", "../../etc/passwd", "", "Europe/Berlin; drop table", "x".repeat(100)]) {
      expect(canonicalTimeZone(bad), bad).toBeNull();
    }
  });

  it("names a zone the way people say it", () => {
    expect(describeTimeZone("Europe/Berlin")).toBe("Berlin time (Europe/Berlin)");
    expect(describeTimeZone("America/Argentina/Buenos_Aires")).toBe("Buenos Aires time (America/Argentina/Buenos_Aires)");
    expect(describeTimeZone("UTC")).toBe("UTC");
  });

  it("lists every zone of the runtime by region, with the stored one among them", () => {
    const groups = listTimeZoneGroups("Europe/Berlin");
    const all = groups.flatMap((g) => g.zones.map((z) => z.value));
    expect(all).toEqual(expect.arrayContaining(Intl.supportedValuesOf("timeZone").filter((z) => z.includes("/"))));
    expect(groups.find((g) => g.region === "America")!.zones).toContainEqual({
      value: "America/Argentina/Rio_Gallegos",
      label: "Argentina / Rio Gallegos (America)",
    });
  });
});
