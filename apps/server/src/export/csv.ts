/**
 * CSV as the exports write it (threads, review decisions, the dossier): UTF-8 with a BOM so
 * spreadsheet programs read the accents, CRLF line ends (RFC 4180), every cell quoted, and cells a
 * spreadsheet would run as formulas neutralized.
 */

/**
 * One CSV cell: always quoted (quotes doubled), and a value a spreadsheet would evaluate (starting
 * with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'` so it stays text.
 */
export function csvCell(value: string | number | boolean): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** A whole CSV file from its rows (the header first). */
export function csvFile(rows: readonly (readonly (string | number | boolean)[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
