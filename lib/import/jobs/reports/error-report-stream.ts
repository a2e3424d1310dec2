import type { AppDatabase } from '../../../../db/client';
import { findJobFileFormat } from '../../../../db/queries/job-reports';
import {
  jobHasRowEdits, readEditsOfLines, readErrorsOfLines, readReportLineNumbers, type JobErrorLine, type ReportRowEdit,
} from '../../../../db/queries/job-report-lines';
import { formatRowError } from '../../rows/error-messages';
import { errorRowMaxChars } from '../steps/error-rows';
import { writeErrorReport, type ErrorReportRow } from './error-report';
import { isSeparator } from '../../upload/csv-format';
import type { Locale } from '../../../i18n/config';
import { getTranslator } from '../../../i18n/translator';

/** Lines read per query: a few hundred kB of rows at most, whatever the size of the file. */
const LINES_PER_PAGE = 1000;
type Translate = (key: string, params?: Record<string, unknown>) => string;

export function errorReportFileName(jobId: string): string {
  return `errors-${jobId}.csv`;
}

/** `Work Email: jo@exa -> jo@example.com` for each cell a fix changed, the row as read against the row to import. */
function describeFixes(edit: ReportRowEdit, headers: readonly string[], t: Translate): string {
  const shown = (value: string | undefined) => (value ? value : t('importErrors.report.emptyValue'));
  const changes: string[] = [];
  for (let i = 0; i < Math.max(edit.original.length, edit.cells.length); i++) {
    if ((edit.original[i] ?? '') === (edit.cells[i] ?? '')) continue;
    const column = headers[i] ?? t('importErrors.report.columnNumber', { number: i + 1 });
    changes.push(t('importErrors.report.fixedCell', { column, before: shown(edit.original[i]), after: shown(edit.cells[i]) }));
  }
  return changes.join('; ');
}

/**
 * One report row for a line: its errors' messages joined by "; " (a line cut to the stored cap
 * says so after them), preceded for an excluded line by the exclusion. The row is stored on one
 * error of the line only; a fixed or excluded line shows its cells as they stand now.
 */
function toReportRow(
  line: number, errors: JobErrorLine[], edit: ReportRowEdit | undefined, headers: readonly string[], t: Translate,
): ErrorReportRow {
  const messages = errors.map((error) => formatRowError({ ...error, params: error.params ?? undefined }, t));
  if (edit?.excluded) messages.unshift(t('importErrors.report.excludedByUser'));
  if (errors.some((error) => error.rowTruncated)) messages.push(t('importErrors.report.truncated', { max: errorRowMaxChars() }));
  return {
    line,
    cells: edit?.cells ?? errors.find((error) => error.row !== null)?.row ?? [],
    message: messages.join('; '),
    fixed: edit ? describeFixes(edit, headers, t) : '',
  };
}

/**
 * The report's lines a page at a time: the lines that fail and the excluded ones, then their
 * errors and their edits. Memory holds one page of lines, whatever the size of the file.
 */
async function* reportRows(
  db: AppDatabase, jobId: string, headers: readonly string[], t: Translate, linesPerPage: number, withEdits: boolean,
): AsyncGenerator<ErrorReportRow> {
  let afterLine = 0;
  for (;;) {
    const lines = await readReportLineNumbers(db, jobId, afterLine, linesPerPage);
    if (lines.length === 0) return;
    const [errors, edits] = await Promise.all([
      readErrorsOfLines(db, jobId, afterLine, lines[lines.length - 1]),
      withEdits ? readEditsOfLines(db, jobId, lines) : Promise.resolve([]),
    ]);
    const editOf = new Map(edits.map((edit) => [edit.line, edit]));
    let next = 0;
    for (const line of lines) {
      const start = next;
      while (next < errors.length && errors[next].line === line) next += 1;
      yield toReportRow(line, errors.slice(start, next), editOf.get(line), headers, t);
    }
    afterLine = lines[lines.length - 1];
  }
}

/**
 * The full error report of a job (SPEC section 7) as CSV text chunks: the file's own columns in
 * its own separator (a corrected report can be imported again), then Line and Error in the
 * reader's language, and Fixed when rows were fixed on the validation page (decision 008): the
 * rows the import leaves out, those still failing and those a person excluded. Read from the database a page of lines at a time, never all at once.
 * Runs no permission check: callers reach it through the openJobErrorReport operation.
 */
export async function* streamErrorReport(
  db: AppDatabase, jobId: string, locale: Locale, { linesPerPage = LINES_PER_PAGE } = {},
): AsyncGenerator<string> {
  const t = getTranslator(locale) as unknown as Translate;
  // Without its upload (deleted), a job's rows still carry their cells; the header is then unknown.
  const format = await findJobFileFormat(db, jobId);
  const headers = format?.headers ?? [];
  // A job no one fixed keeps the report it always had; with fixes, a Fixed column says what changed.
  const withEdits = await jobHasRowEdits(db, jobId);
  yield* writeErrorReport(headers, reportRows(db, jobId, headers, t, linesPerPage, withEdits), {
    labels: {
      line: t('importErrors.report.line'), error: t('importErrors.report.error'),
      ...(withEdits ? { fixed: t('importErrors.report.fixed') } : {}),
    },
    separator: isSeparator(format?.separator) ? format.separator : ',',
  });
}

/** The chunks as a UTF-8 byte stream that reads the next page only when the client takes more. */
export function toUtf8Stream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
