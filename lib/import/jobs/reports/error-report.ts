import { neutraliseCell } from '../../rows/csv-injection';

export { neutraliseCell, restoreCell } from '../../rows/csv-injection';

export interface ErrorReportRow {
  line: number;
  cells: readonly string[];
  /** The row's error messages, already translated (several joined by the caller). */
  message: string;
  /** What was fixed in the row on the validation page, already translated (`Work Email: jo@exa -> jo@example.com`). */
  fixed?: string;
}

export interface ErrorReportOptions {
  /**
   * Translated names of the added columns (`importErrors.report.line` / `.error`), and of the
   * Fixed column for a job whose rows were fixed on the validation page (no column without it).
   */
  labels: { line: string; error: string; fixed?: string };
  /** `,` by default; `;` opens in one click in a French Excel. */
  separator?: ',' | ';' | '\t';
}

const BOM = '\uFEFF';
const CRLF = '\r\n';
const CHUNK_CHARS = 64 * 1024;

function csvField(value: string, needsQuotes: RegExp): string {
  const cell = neutraliseCell(value);
  return needsQuotes.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * The downloadable error report (SPEC section 7): the file's own columns, then Line and Error
 * (and Fixed, when the job's rows were fixed).
 * RFC 4180 (CRLF, fields with a separator, quote or line break quoted, quotes doubled), UTF-8
 * with a byte order mark so that Excel reads accents right, and every cell, headers included,
 * neutralised against formula injection (see csv-injection.ts). A row with more cells than the
 * header keeps the extra ones after Error (or Fixed), so nothing the file held is lost and the original
 * columns stay aligned: a corrected report can be imported again (Line and Error are then
 * unmapped columns, and the validator drops the neutralising quote).
 * Yields chunks of about 64 kB; the caller encodes them as UTF-8.
 */
export async function* writeErrorReport(
  headers: readonly string[],
  rows: AsyncIterable<ErrorReportRow> | Iterable<ErrorReportRow>,
  options: ErrorReportOptions,
): AsyncGenerator<string> {
  const separator = options.separator ?? ',';
  const needsQuotes = new RegExp(`["\\r\\n${separator === '\t' ? '\\t' : separator}]`);
  const width = headers.length;
  const withFixed = options.labels.fixed !== undefined;
  const added = [options.labels.line, options.labels.error, ...(withFixed ? [options.labels.fixed!] : [])];
  const header = [...headers, ...added].map((h) => csvField(h, needsQuotes));
  let chunk = BOM + header.join(separator) + CRLF;

  for await (const row of rows) {
    let line = '';
    for (let i = 0; i < width; i++) line += (i > 0 ? separator : '') + csvField(row.cells[i] ?? '', needsQuotes);
    line += (width > 0 ? separator : '') + String(row.line) + separator + csvField(row.message, needsQuotes);
    if (withFixed) line += separator + csvField(row.fixed ?? '', needsQuotes);
    for (let i = width; i < row.cells.length; i++) line += separator + csvField(row.cells[i], needsQuotes);
    chunk += line + CRLF;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
