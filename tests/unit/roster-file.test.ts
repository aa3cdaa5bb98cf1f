import { describe, expect, it } from "vitest";
import { decodeRosterFile, MalformedRosterError, parsePastedAddresses, parseRosterCsv, splitCsvRecords } from "~/codecs/roster-file";
import { MAX_ROSTER_ROWS } from "~/limits";

/*
 * Reading rosters, byte by byte and cell by cell. What a trainer sees of it
 * (the messages, the rows added and refused): tests/integration/cohorts-roster.test.ts.
 */

const bytes = (text: string) => new TextEncoder().encode(text);

function refusal(read: () => unknown): MalformedRosterError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedRosterError);
    return error as MalformedRosterError;
  }
  throw new Error("expected the roster to be refused");
}

describe("a pasted list of addresses", () => {
  it("splits on new lines of every kind, commas and semicolons, numbering lines from 1", () => {
    expect(parsePastedAddresses("a@x.org\r\nb@x.org\rc@x.org\nd@x.org, e@x.org;f@x.org")).toEqual([
      { place: "Line 1", value: "a@x.org" },
      { place: "Line 2", value: "b@x.org" },
      { place: "Line 3", value: "c@x.org" },
      { place: "Line 4", value: "d@x.org" },
      { place: "Line 4", value: "e@x.org" },
      { place: "Line 4", value: "f@x.org" },
    ]);
  });

  it("skips blank lines and empty pieces but keeps counting lines", () => {
    expect(parsePastedAddresses("\n  \na@x.org,, ;\n\nb@x.org")).toEqual([
      { place: "Line 3", value: "a@x.org" },
      { place: "Line 5", value: "b@x.org" },
    ]);
  });

  it("takes the address out of “Name <address>”, as mail programs copy it", () => {
    expect(parsePastedAddresses("Ana Lima <ana@x.org>, Bo <  bo@x.org >  ")).toEqual([
      { place: "Line 1", value: "ana@x.org" },
      { place: "Line 1", value: "bo@x.org" },
    ]);
  });

  it("reads brackets only at the end: text after them keeps the piece as it is", () => {
    expect(parsePastedAddresses("<ana@x.org> extra")).toEqual([{ place: "Line 1", value: "<ana@x.org>" }]);
  });

  it("keeps the words that look like addresses from cells copied out of a spreadsheet", () => {
    expect(parsePastedAddresses("Ana Lima\tana@x.org\tTrainee\nBo  bo@x.org cy@x.org")).toEqual([
      { place: "Line 1", value: "ana@x.org" },
      { place: "Line 2", value: "bo@x.org" },
      { place: "Line 2", value: "cy@x.org" },
    ]);
  });

  it("keeps a piece with no address in it whole, so the trainer is told which one was not an address", () => {
    expect(parsePastedAddresses("  Ana Lima  ")).toEqual([{ place: "Line 1", value: "Ana Lima" }]);
  });

  it("refuses a list with no addresses at all", () => {
    expect(refusal(() => parsePastedAddresses(" \n,;\n ")).message).toBe("Paste at least one email address.");
  });

  it("takes exactly the most allowed and refuses one more, saying how many and what to do", () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `p${i}@x.org`).join("\n");
    expect(parsePastedAddresses(list(MAX_ROSTER_ROWS))).toHaveLength(MAX_ROSTER_ROWS);
    const error = refusal(() => parsePastedAddresses(list(MAX_ROSTER_ROWS + 1)));
    expect(error.message).toBe("The list has 1,001 addresses. Add at most 1,000 at a time: split the list and add each part.");
    expect(error.status).toBe(400);
    expect(error.name).toBe("MalformedRosterError");
  });
});

describe("the bytes of an uploaded file", () => {
  it("are read as UTF-8, without a byte order mark", () => {
    expect(decodeRosterFile(bytes("\uFEFFemail\nzoë@x.org\n"))).toBe("email\nzoë@x.org\n");
  });

  it("keep a byte order mark that is not at the start (it is not one)", () => {
    expect(decodeRosterFile(bytes("a\uFEFFb"))).toBe("a\uFEFFb");
  });

  it("are read as Windows-1252 when they are not UTF-8, as older spreadsheet programs save CSV", () => {
    expect(decodeRosterFile(Uint8Array.from([0x5a, 0x6f, 0xeb, 0x0a, 0x61, 0x40, 0x78]))).toBe("Zoë\na@x");
  });

  it("that are empty are refused", () => {
    expect(refusal(() => decodeRosterFile(new Uint8Array())).message).toBe("The file is empty. Choose a CSV file with email addresses in it.");
  });

  it("of a spreadsheet (a zip file, starting PK) are refused with how to save a CSV instead", () => {
    expect(refusal(() => decodeRosterFile(Uint8Array.from([0x50, 0x4b, 0x03, 0x04]))).message).toMatch(/^This looks like a spreadsheet file/);
    // PK must be the first two bytes; a file that starts "P" and then something else is text.
    expect(decodeRosterFile(bytes("Pa@x.org"))).toBe("Pa@x.org");
    expect(decodeRosterFile(bytes("aPK@x.org"))).toBe("aPK@x.org");
    expect(decodeRosterFile(bytes("K"))).toBe("K");
  });

  it("holding a NUL byte are refused as not text", () => {
    expect(refusal(() => decodeRosterFile(Uint8Array.from([0x61, 0x00, 0x62]))).message).toBe(
      "This file is not a text file. Upload a CSV file: plain text, one row per person.",
    );
  });
});

describe("CSV records", () => {
  it("are split on commas, and on new lines of every kind, without a record for the final line break", () => {
    expect(splitCsvRecords("a,b\r\nc,d\re,f\ng,h\n")).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["e", "f"],
      ["g", "h"],
    ]);
  });

  it("keep a last record that has no line break after it, and an empty field at its end", () => {
    expect(splitCsvRecords("a,b\nc,")).toEqual([
      ["a", "b"],
      ["c", ""],
    ]);
    expect(splitCsvRecords("")).toEqual([]);
  });

  it("are split on the delimiter the first line uses most: semicolon or tab", () => {
    expect(splitCsvRecords("name;email;note\nAna, Lima;a@x.org;x")).toEqual([
      ["name", "email", "note"],
      ["Ana, Lima", "a@x.org", "x"],
    ]);
    expect(splitCsvRecords("name\temail\tnote,x\nAna, Lima\ta@x.org")).toEqual([
      ["name", "email", "note,x"],
      ["Ana, Lima", "a@x.org"],
    ]);
    // A tie goes to the comma, then the semicolon.
    expect(splitCsvRecords("a\tb,c")).toEqual([["a\tb", "c"]]);
    expect(splitCsvRecords("a\tb;c")).toEqual([["a\tb", "c"]]);
    expect(splitCsvRecords("a,b;c,d\ne;f")).toEqual([["a", "b;c", "d"], ["e;f"]]);
  });

  it("are split on commas when the first line names no delimiter", () => {
    expect(splitCsvRecords("email\na@x.org,b@x.org")).toEqual([["email"], ["a@x.org", "b@x.org"]]);
  });

  it("keep quoted delimiters, doubled quotes and line breaks inside one field", () => {
    expect(splitCsvRecords('"Lima, Ana","say ""hi""","two\nlines"\nx')).toEqual([["Lima, Ana", 'say "hi"', "two\nlines"], ["x"]]);
  });

  it("open a quote only at the start of a field (after spaces): a quote inside a field is a character", () => {
    expect(splitCsvRecords('  "a,b",c"d,e\n')).toEqual([["a,b", 'c"d', "e"]]);
  });

  it("with a quote never closed are refused, naming the row where it opened", () => {
    const error = refusal(() => splitCsvRecords('a@x.org\nb@x.org\n"c@x.org\nd@x.org\n'));
    expect(error.message).toBe(
      'Row 3 has a quotation mark (") that is never closed, so we cannot tell where the row ends. Fix that row and upload the file again.',
    );
  });
});

describe("the addresses of a roster file", () => {
  it.each(["email", "Email", "E-mail", "email address", "Email_Address", "mail", "emailadres", "COURRIEL"])("finds the column headed %j", (heading) => {
    expect(parseRosterCsv(`name,${heading}\nAna, a@x.org \nBo,b@x.org`)).toEqual([
      { place: "Row 2", value: "a@x.org" },
      { place: "Row 3", value: "b@x.org" },
    ]);
  });

  it("takes every row of a single column without a heading, numbered as the spreadsheet numbers them", () => {
    expect(parseRosterCsv("a@x.org\n\n , \nb@x.org\n")).toEqual([
      { place: "Row 1", value: "a@x.org" },
      { place: "Row 4", value: "b@x.org" },
    ]);
  });

  it("takes the one filled cell of each row when no row has more than one", () => {
    expect(parseRosterCsv("a@x.org,\n,b@x.org\nnot an address")).toEqual([
      { place: "Row 1", value: "a@x.org" },
      { place: "Row 2", value: "b@x.org" },
      { place: "Row 3", value: "not an address" },
    ]);
  });

  it("without a heading, takes the one column of the first row holding an @", () => {
    expect(parseRosterCsv("Ana,a@x.org,Trainee\nBo,,Trainee\nCy,c@x.org")).toEqual([
      { place: "Row 1", value: "a@x.org" },
      { place: "Row 2", value: "" },
      { place: "Row 3", value: "c@x.org" },
    ]);
    expect(parseRosterCsv("Ana,a@x.org\nBo")).toEqual([
      { place: "Row 1", value: "a@x.org" },
      { place: "Row 2", value: "" },
    ]);
  });

  it.each([
    ["no column holds an @", "Ana,Lima\nBo,b@x.org"],
    ["two columns hold an @", "a@x.org,b@x.org\nc@x.org,d@x.org"],
  ])("refuses a file whose address column cannot be told: %s", (_, text) => {
    expect(refusal(() => parseRosterCsv(text)).message).toMatch(/^We could not tell which column holds the email addresses/);
  });

  it("refuses a file with nothing but blank rows, and one with a heading and nobody under it", () => {
    expect(refusal(() => parseRosterCsv("\n , \n")).message).toBe("The file has no rows with text in them. Choose a CSV file with email addresses in it.");
    expect(refusal(() => parseRosterCsv("name,email\n,\n")).message).toBe("The file has a heading row but no people under it.");
  });

  it("takes exactly the most allowed rows under a heading and refuses one more", () => {
    const file = (n: number) => ["email", ...Array.from({ length: n }, (_, i) => `p${i}@x.org`)].join("\n");
    expect(parseRosterCsv(file(MAX_ROSTER_ROWS))).toHaveLength(MAX_ROSTER_ROWS);
    expect(refusal(() => parseRosterCsv(file(MAX_ROSTER_ROWS + 1))).message).toBe(
      "The file has 1,001 rows. Add at most 1,000 people at a time: split the file and upload each part.",
    );
  });
});
