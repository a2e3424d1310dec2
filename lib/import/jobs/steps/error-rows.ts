import type { RowError } from '../../rows/types';
import { config, type AppConfig } from '../../../config';

// What the dry run keeps of a failing line for the validation log and the error report, in
// bounded space whatever the file: the row once per line (not once per error), cut to a cap,
// and no character PostgreSQL refuses in `text` or `jsonb`.

/** A column name longer than this is cut in the stored error (a header may be near 1 MiB). */
export const ERROR_COLUMN_MAX_CHARS = 1000;

/**
 * The most characters of a line kept for the error report: `IMPORT_ERROR_ROW_MAX_CHARS` (lib/config:
 * at least 1,024, 32,768 by default). Each cell counts its length plus one (its separator), so a
 * line of a million empty cells is cut as well as one long cell.
 */
export function errorRowMaxChars(settings: AppConfig = config()): number {
  return settings.IMPORT_ERROR_ROW_MAX_CHARS;
}

/** NUL (U+0000) cannot be stored in `text` or `jsonb`: it is shown as U+FFFD in what is kept. */
export function storableText(value: string): string {
  return value.indexOf('\0') === -1 ? value : value.replaceAll('\0', '\uFFFD');
}

/** Cut at `max` UTF-16 units, never between the two halves of a surrogate pair (jsonb refuses a lone one). */
function cut(value: string, max: number): string {
  if (value.length <= max) return value;
  const end = max > 0 && /[\uD800-\uDBFF]/.test(value[max - 1]) ? max - 1 : max;
  return value.slice(0, end);
}

export interface StoredRow {
  cells: string[];
  truncated: boolean;
  /** The stored characters, cells plus one per separator: at most the cap. */
  chars: number;
}

/** The cells of a failing line as kept: in order, until the cap; the cell that passes it is cut. */
export function storedRow(cells: readonly string[], max: number): StoredRow {
  const kept: string[] = [];
  let chars = 0;
  for (const cell of cells) {
    const room = max - chars - 1;
    if (room < 0 || cell.length > room) {
      if (room > 0) {
        const part = cut(cell, room);
        kept.push(storableText(part));
        chars += part.length + 1;
      }
      return { cells: kept, truncated: true, chars };
    }
    kept.push(storableText(cell));
    chars += cell.length + 1;
  }
  return { cells: kept, truncated: false, chars };
}

export interface ErrorRecord {
  line: number;
  column: string | null;
  code: string;
  params: Record<string, string | number> | null;
  row: string[] | null;
  row_truncated: boolean;
  /** Absent: an error (the row fails). A warning leaves the row valid (a repeated identifier). */
  severity?: 'warning';
}

function storableParams(params: RowError['params']): Record<string, string | number> | null {
  if (!params) return null;
  let clean: Record<string, string | number> | null = null;
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' && value.indexOf('\0') !== -1) {
      clean ??= { ...params };
      clean[key] = storableText(value);
    }
  }
  return clean ?? params;
}

/**
 * The records of one failing line: the row on the first error only, every one flagged when the
 * row was cut; column names and params made storable.
 */
export function errorRecords(errors: readonly RowError[], cells: readonly string[], maxChars: number): { records: ErrorRecord[]; chars: number } {
  const row = storedRow(cells, maxChars);
  const records = errors.map((error, i): ErrorRecord => ({
    line: error.line,
    column: error.column === null ? null : storableText(cut(error.column, ERROR_COLUMN_MAX_CHARS)),
    code: error.code,
    params: storableParams(error.params),
    row: i === 0 ? row.cells : null,
    row_truncated: row.truncated,
  }));
  return { records, chars: row.chars };
}
