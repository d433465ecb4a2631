/** One CSV field: quoted when it holds a comma, quote, semicolon or line break (RFC 4180); formulas defused. */
function field(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  // A spreadsheet would run a cell starting with = + - @ as a formula: prefix it so it stays text.
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV text (header first, CRLF line ends, UTF-8 BOM so spreadsheets read accents). */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}

/** Has the browser save `csv` as `filename`. */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}
