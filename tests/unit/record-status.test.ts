import { describe, expect, it } from "vitest";
import { addMonths, describeRecordCompetency, RECORD_STATUS_LABELS, RECORD_STATUSES, recordStatus } from "~/models/records/record-status";

const now = new Date("2026-06-15T12:00:00.000Z");

describe("where a completion record stands", () => {
  it("is valid with no end date and not revoked", () => {
    expect(recordStatus({ revoked_at: null, valid_until: null }, now)).toBe("valid");
  });

  it("is valid until its last moment, and expired from it on", () => {
    expect(recordStatus({ revoked_at: null, valid_until: "2026-06-15T12:00:00.001Z" }, now)).toBe("valid");
    expect(recordStatus({ revoked_at: null, valid_until: "2026-06-15T12:00:00.000Z" }, now)).toBe("expired");
    expect(recordStatus({ revoked_at: null, valid_until: "2026-06-15T11:59:59.999Z" }, now)).toBe("expired");
  });

  it("is revoked once revoked, whether or not it has also expired", () => {
    expect(recordStatus({ revoked_at: "2026-01-01T00:00:00.000Z", valid_until: null }, now)).toBe("revoked");
    expect(recordStatus({ revoked_at: "2026-01-01T00:00:00.000Z", valid_until: "2027-01-01T00:00:00.000Z" }, now)).toBe("revoked");
    expect(recordStatus({ revoked_at: "2026-01-01T00:00:00.000Z", valid_until: "2026-02-01T00:00:00.000Z" }, now)).toBe("revoked");
  });

  it("is judged against the present moment when no time is given", () => {
    expect(recordStatus({ revoked_at: null, valid_until: "2000-01-01T00:00:00.000Z" })).toBe("expired");
    expect(recordStatus({ revoked_at: null, valid_until: "9999-01-01T00:00:00.000Z" })).toBe("valid");
  });

  it("has a label a person reads for each status", () => {
    expect(RECORD_STATUSES).toEqual(["valid", "expired", "revoked"]);
    expect(RECORD_STATUSES.map((s) => RECORD_STATUS_LABELS[s])).toEqual(["Valid", "Expired", "Revoked"]);
  });
});

describe("the end of a record's validity (issue time plus whole months)", () => {
  it.each([
    ["2026-03-10T09:30:00.000Z", 12, "2027-03-10T09:30:00.000Z"],
    ["2026-03-10T09:30:00.000Z", 1, "2026-04-10T09:30:00.000Z"],
    ["2026-11-20T00:00:00.000Z", 3, "2027-02-20T00:00:00.000Z"],
    // A day the end month lacks falls back to that month's last day, never into the month after.
    ["2026-01-31T10:00:00.000Z", 1, "2026-02-28T10:00:00.000Z"],
    ["2027-12-31T10:00:00.000Z", 2, "2028-02-29T10:00:00.000Z"],
    ["2026-08-31T23:59:59.000Z", 1, "2026-09-30T23:59:59.000Z"],
    ["2028-02-29T08:00:00.000Z", 12, "2029-02-28T08:00:00.000Z"],
  ])("%s plus %i months is %s", (start, months, end) => {
    expect(addMonths(start, months)).toBe(end);
  });
});

describe("a record's competency in words", () => {
  it("gives its title, code and the level reached", () => {
    const competency = { code: "PSC-3", title: "Active listening", frameworkTitle: "Core skills", minLevel: "developing" as const, level: "demonstrated" as const, caseUrl: "urn:uuid:x" };
    expect(describeRecordCompetency(competency)).toBe("Active listening (PSC-3): Demonstrated");
  });
});
