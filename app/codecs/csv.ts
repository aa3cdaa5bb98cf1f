/*
 * CSV for spreadsheet programs, written one way for every export (progress
 * table, completion records, competency record).
 */

/** A table cell. */
export type CsvValue = string | number | null;

/**
 * A cell as CSV text: quoted when needed. Text starting with =, +, - or @
 * (or a tab or carriage return) would run as a formula in a spreadsheet
 * program, and names are typed by the people themselves, so it is marked as
 * text with a leading apostrophe. Numbers are written as they are.
 */
export function csvCell(value: CsvValue): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as a CSV file: CRLF per RFC 4180, and a byte order mark so spreadsheet programs read UTF-8. */
export function csvDocument(rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
