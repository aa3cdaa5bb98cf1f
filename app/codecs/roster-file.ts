import { DomainError } from "~/domain-error";
import { MAX_ROSTER_ROWS } from "~/limits";

/*
 * Reading a roster: a pasted list of addresses or a CSV file (any of the
 * common encodings and delimiters) becomes one entry per address with where
 * it was, for the messages. Pure: nothing here reads or writes the database.
 */

/** One address as the trainer gave it, with where it was ("Row 4" of a file, "Line 2" of a pasted list). */
export interface RosterEntry {
  place: string;
  value: string;
}

/**
 * A file or list that cannot be read as a whole: nothing in it is added, and
 * the message says what to fix.
 */
export class MalformedRosterError extends DomainError {
  constructor(message: string) {
    super(message, 400);
    this.name = "MalformedRosterError";
  }
}

/**
 * A pasted list: addresses separated by new lines, commas, semicolons or
 * spaces, also in the "Name <address>" form that mail programs copy and
 * with names beside them as spreadsheets copy.
 */
export function parsePastedAddresses(text: string): RosterEntry[] {
  const entries: RosterEntry[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    for (const piece of line.split(/[,;]/)) {
      const trimmed = piece.trim();
      if (!trimmed) continue;
      const bracketed = /<([^<>]*)>\s*$/.exec(trimmed);
      // Cells copied from a spreadsheet arrive as "Ana Lima<tab>ana@example.org": keep the words that look like addresses.
      const words = trimmed.split(/\s+/);
      const addresses = words.filter((word) => word.includes("@"));
      const values = bracketed ? [bracketed[1]!.trim()] : addresses.length > 0 ? addresses : [trimmed];
      for (const value of values) entries.push({ place: `Line ${index + 1}`, value });
    }
  });
  if (entries.length === 0) throw new MalformedRosterError("Paste at least one email address.");
  if (entries.length > MAX_ROSTER_ROWS) {
    throw new MalformedRosterError(
      `The list has ${entries.length.toLocaleString("en")} addresses. Add at most ${MAX_ROSTER_ROWS.toLocaleString("en")} at a time: split the list and add each part.`,
    );
  }
  return entries;
}

/** Reads the bytes of an uploaded file as text, refusing what is not a text file. */
export function decodeRosterFile(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new MalformedRosterError("The file is empty. Choose a CSV file with email addresses in it.");
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    throw new MalformedRosterError(
      "This looks like a spreadsheet file (such as .xlsx), not a CSV file. In your spreadsheet program choose “Save as” or “Download”, then “CSV”, and upload that file.",
    );
  }
  if (bytes.includes(0)) throw new MalformedRosterError("This file is not a text file. Upload a CSV file: plain text, one row per person.");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Older spreadsheet programs save CSV in a Windows code page; addresses are plain ASCII either way.
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  return text.replace(/^\uFEFF/, "");
}

/** Splits CSV text into records (RFC 4180 quoting; comma, semicolon or tab between fields). */
export function splitCsvRecords(text: string): string[][] {
  const delimiter = guessDelimiter(text);
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let quoteOpenedOnRecord = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += char;
      }
      continue;
    }
    if (char === '"' && field.trim() === "") {
      quoted = true;
      field = "";
      quoteOpenedOnRecord = records.length + 1;
    } else if (char === delimiter) {
      record.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else {
      field += char;
    }
  }
  if (quoted) {
    throw new MalformedRosterError(
      `Row ${quoteOpenedOnRecord} has a quotation mark (") that is never closed, so we cannot tell where the row ends. Fix that row and upload the file again.`,
    );
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function guessDelimiter(text: string): string {
  const firstLine = text.split(/\r\n|\r|\n/, 1)[0] ?? "";
  const counts = [",", ";", "\t"].map((d) => [d, firstLine.split(d).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ",";
}

const HEADER_NAMES = new Set(["email", "emailaddress", "mail", "emailadres", "courriel"]);

/**
 * The addresses of a roster file: the column headed "email" (or the only
 * column, or the one column of the first row holding an "@"), one entry per
 * non-blank row, numbered as a spreadsheet numbers them.
 */
export function parseRosterCsv(text: string): RosterEntry[] {
  const records = splitCsvRecords(text);
  const rows = records
    .map((cells, index) => ({ number: index + 1, cells: cells.map((c) => c.trim()) }))
    .filter((row) => row.cells.some((c) => c !== ""));
  if (rows.length === 0) throw new MalformedRosterError("The file has no rows with text in them. Choose a CSV file with email addresses in it.");
  const first = rows[0]!;
  const headerIndex = first.cells.findIndex((cell) => HEADER_NAMES.has(cell.toLowerCase().replace(/[\s_-]/g, "")));
  let column: number;
  let dataRows = rows;
  if (headerIndex >= 0) {
    column = headerIndex;
    dataRows = rows.slice(1);
  } else if (rows.every((row) => row.cells.filter((c) => c !== "").length <= 1)) {
    column = -1;
  } else {
    const withAt = first.cells.flatMap((cell, index) => (cell.includes("@") ? [index] : []));
    if (withAt.length !== 1) {
      throw new MalformedRosterError(
        "We could not tell which column holds the email addresses. Add a first row that names the columns, with one of them called “email”, and upload the file again.",
      );
    }
    column = withAt[0]!;
  }
  if (dataRows.length === 0) throw new MalformedRosterError("The file has a heading row but no people under it.");
  if (dataRows.length > MAX_ROSTER_ROWS) {
    throw new MalformedRosterError(
      `The file has ${dataRows.length.toLocaleString("en")} rows. Add at most ${MAX_ROSTER_ROWS.toLocaleString("en")} people at a time: split the file and upload each part.`,
    );
  }
  return dataRows.map((row) => ({
    place: `Row ${row.number}`,
    value: column === -1 ? (row.cells.find((c) => c !== "") ?? "") : (row.cells[column] ?? ""),
  }));
}
