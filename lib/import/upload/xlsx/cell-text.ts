/**
 * A cell of a workbook as the text a person sees in Excel, for the import to read like a CSV cell.
 * Takes what exceljs's reader gives (a string, number, boolean, Date, or an object for rich text,
 * formulas, hyperlinks and errors) and the cell's number format.
 */

// Excel shows and keeps 15 significant digits; never an exponent, never a thousands separator.
const NUMBER = new Intl.NumberFormat('en-US', { useGrouping: false, maximumSignificantDigits: 15 });
const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30); // serial 0 in the 1900 date system, as exceljs counts
const EPOCH_1904 = Date.UTC(1904, 0, 1);

export interface CellFormat {
  /** The cell's number format code ("00000", "yyyy-mm-dd", "General"...), if any. */
  numFmt?: string;
  /** The workbook counts dates from 1904 (old Mac workbooks). */
  date1904?: boolean;
}

export function cellText(value: unknown, format: CellFormat = {}): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return unescapeOoxml(value);
  if (typeof value === 'number') return numberText(value, format);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value, format.date1904);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return v.richText.map((run: { text?: unknown }) => (typeof run?.text === 'string' ? run.text : '')).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result, format);
    if (typeof v.error === 'string') return v.error;
    if ('text' in v) return cellText(v.text, format); // a hyperlink: its text, not its address
  }
  return '';
}

/**
 * Characters XML cannot hold, written by Excel as `_xHHHH_` (a carriage return is `_x000D_`); a
 * text that really holds `_x000D_` has its underscore escaped (`_x005F_x000D_`).
 */
export function unescapeOoxml(text: string): string {
  if (text.indexOf('_x') === -1) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A number as Excel shows it with the cell's format: a date, zero-padded digits, or plain. */
export function numberText(n: number, { numFmt, date1904 = false }: CellFormat = {}): string {
  if (!Number.isFinite(n)) return '';
  if (isDateFormat(numFmt)) return dateText(serialToDate(n, date1904), date1904);
  const padded = numFmt ? zeroPadded(n, numFmt) : undefined;
  return padded ?? plainNumber(n);
}

/** Digits in full, no exponent, no ".0": 123456789012, not 1.23457E+11. */
export function plainNumber(n: number): string {
  if (n === 0) return '0'; // and -0
  if (Number.isSafeInteger(n) && Math.abs(n) < 1e15) return String(n);
  return NUMBER.format(n);
}

/**
 * A number format made of zeros ("00000", a ZIP code) or of groups of zeros joined by dashes
 * ("00000-0000", "000-00-0000"): digits padded with leading zeros, extra digits in the first group.
 * Other formats (currency, percent, separators) give undefined: the number is read plain.
 */
export function zeroPadded(n: number, numFmt: string): string | undefined {
  if (!/^0+(-0+)*$/.test(numFmt) || !Number.isInteger(n) || n < 0) return undefined;
  const groups = numFmt.split('-').map((g) => g.length);
  const total = groups.reduce((a, b) => a + b, 0);
  const digits = plainNumber(n).padStart(total, '0');
  const parts: string[] = [];
  let end = digits.length;
  for (let i = groups.length - 1; i > 0; i--) {
    parts.unshift(digits.slice(end - groups[i], end));
    end -= groups[i];
  }
  parts.unshift(digits.slice(0, end));
  return parts.join('-');
}

/**
 * Whether a number format shows a date or time: letters y, m, d, h, s (or b, Buddhist years)
 * outside quoted text and [brackets] (colours, locales, elapsed-time units). exceljs's rule too,
 * so formula results read like the cells exceljs converts itself.
 */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(bare);
}

function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round(serial * DAY_MS) + (date1904 ? EPOCH_1904 : EPOCH_1900));
}

/**
 * ISO text: `2024-03-15` when there is no time of day, else `2024-03-15T14:30:00`; a time alone
 * (day 0 of the date system) is `14:30:00`. Rounded to the second, as Excel shows it (a serial
 * stored as a float lands a few microseconds off).
 */
export function dateText(date: Date, date1904 = false): string {
  if (Number.isNaN(date.getTime())) return '';
  const ms = Math.round(date.getTime() / 1000) * 1000;
  const dayStart = Math.floor(ms / DAY_MS) * DAY_MS;
  const iso = new Date(ms).toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ (years 0-9999)
  const time = iso.slice(11, 19);
  if (ms === dayStart) return iso.slice(0, 10);
  if (dayStart === (date1904 ? EPOCH_1904 : EPOCH_1900)) return time;
  return `${iso.slice(0, 10)}T${time}`;
}
