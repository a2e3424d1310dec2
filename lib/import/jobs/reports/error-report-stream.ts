import type { AppDatabase } from '../../../../db/client';
import { findJobFileFormat, readJobErrorLines, type JobErrorLine } from '../../../../db/queries/job-reports';
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

/**
 * Groups a line's errors into one report row, its messages joined by "; ". The row is stored on
 * one error of the line only; a line cut to the stored cap says so after its messages.
 */
function toReportRow(errors: JobErrorLine[], t: Translate): ErrorReportRow {
  const messages = errors.map((error) => formatRowError({ ...error, params: error.params ?? undefined }, t));
  if (errors.some((error) => error.rowTruncated)) messages.push(t('importErrors.report.truncated', { max: errorRowMaxChars() }));
  return {
    line: errors[0].line,
    cells: errors.find((error) => error.row !== null)?.row ?? [],
    message: messages.join('; '),
  };
}

async function* reportRows(db: AppDatabase, jobId: string, t: Translate, linesPerPage: number): AsyncGenerator<ErrorReportRow> {
  let afterLine = 0;
  for (;;) {
    const errors = await readJobErrorLines(db, jobId, afterLine, linesPerPage);
    if (errors.length === 0) return;
    let group: JobErrorLine[] = [];
    for (const error of errors) {
      if (group.length > 0 && group[0].line !== error.line) {
        yield toReportRow(group, t);
        group = [];
      }
      group.push(error);
    }
    yield toReportRow(group, t);
    afterLine = group[0].line;
  }
}

/**
 * The full error report of a job (SPEC section 7) as CSV text chunks: the file's own columns in
 * its own separator (a corrected report can be imported again), then Line and Error in the
 * reader's language. Read from the database a page of lines at a time, never all at once.
 * Runs no permission check: callers reach it through the openJobErrorReport operation.
 */
export async function* streamErrorReport(
  db: AppDatabase, jobId: string, locale: Locale, { linesPerPage = LINES_PER_PAGE } = {},
): AsyncGenerator<string> {
  const t = getTranslator(locale) as unknown as Translate;
  // Without its upload (deleted), a job's rows still carry their cells; the header is then unknown.
  const format = await findJobFileFormat(db, jobId);
  yield* writeErrorReport(format?.headers ?? [], reportRows(db, jobId, t, linesPerPage), {
    labels: { line: t('importErrors.report.line'), error: t('importErrors.report.error') },
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
