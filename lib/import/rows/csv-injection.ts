/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell starting with `=`, `+`, `-`, `@`,
 * tab or carriage return is run as a formula by Excel, LibreOffice and Google Sheets
 * (`=HYPERLINK(...)`, `+cmd|' /C calc'!A0`). OWASP's advice is to prefix such a cell with a single
 * quote, which spreadsheets show as text. That includes phones such as `+44 121 496 0000`: the
 * quote keeps them readable (Excel would otherwise turn them into numbers and drop the `+`), and
 * telling a phone from a formula by its look is exactly what an attacker exploits. The
 * full-width forms (＝＋－＠) are quoted too: some spreadsheet locales read them as the ASCII ones.
 * https://owasp.org/www-community/attacks/CSV_Injection
 */
const TRIGGERS = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d, 0xff1d, 0xff0b, 0xff0d, 0xff20]);
const QUOTE = 0x27;

export function startsLikeFormula(value: string): boolean {
  return value.length > 0 && TRIGGERS.has(value.charCodeAt(0));
}

/** The cell as written, or prefixed with `'` when a spreadsheet would read it as a formula. */
export function neutraliseCell(value: string): string {
  return startsLikeFormula(value) ? `'${value}` : value;
}

/** Undoes neutraliseCell: `'=1+1` -> `=1+1`; any other text is returned as is. */
export function restoreCell(value: string): string {
  return value.length > 1 && value.charCodeAt(0) === QUOTE && TRIGGERS.has(value.charCodeAt(1)) ? value.slice(1) : value;
}
