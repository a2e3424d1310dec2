import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../client';
import { jobRowEdits, jobRowErrors } from '../schema';

// The error report's lines once a job has fixes (decision 008): the lines that still fail, and
// the lines a person excluded, in line order, each with its row edit when it has one.

/** Whether anyone fixed or excluded a row of the job: the report then has its Fixed column. */
export async function jobHasRowEdits(db: AppDatabase, jobId: string): Promise<boolean> {
  const [row] = await db.select({ line: jobRowEdits.line }).from(jobRowEdits).where(eq(jobRowEdits.jobId, jobId)).limit(1);
  return row !== undefined;
}

/**
 * The next `lineCount` lines after `afterLine` that the import leaves out: those with an error
 * (a warning's row is imported) and those excluded. Keyset on line, so a page costs the same
 * however far into the file; both sides are read by their (job, line) index.
 */
export async function readReportLineNumbers(
  db: AppDatabase, jobId: string, afterLine: number, lineCount: number,
): Promise<number[]> {
  const rows = await queryRows<{ line: number }>(db, sql`
    select line from (
      (select distinct ${jobRowErrors.line} as line from ${jobRowErrors}
        where ${jobRowErrors.jobId} = ${jobId} and ${jobRowErrors.line} > ${afterLine} and ${jobRowErrors.severity} = 'error'
        order by 1 limit ${lineCount})
      union
      (select ${jobRowEdits.line} as line from ${jobRowEdits}
        where ${jobRowEdits.jobId} = ${jobId} and ${jobRowEdits.line} > ${afterLine} and ${jobRowEdits.excluded}
        order by 1 limit ${lineCount})
    ) as report_lines
    order by line
    limit ${lineCount}`);
  return rows.map((row) => Number(row.line));
}

export interface JobErrorLine {
  line: number;
  column: string | null;
  code: string;
  params: Record<string, string | number> | null;
  /** The row as read (or as fixed, once re-validated), on the first error of its line only (null on the others). */
  row: string[] | null;
  rowTruncated: boolean;
}

/**
 * The errors of the lines in (afterLine, lastLine], in line order: a page of the report's lines
 * holds every failing line of its range, so a range scan of the (job, line) index reads exactly
 * them (a list of a thousand lines as parameters cost twice the time). Errors only: a warning's
 * row was imported, so the report (rows to fix and import again) leaves it out.
 */
export function readErrorsOfLines(db: AppDatabase, jobId: string, afterLine: number, lastLine: number): Promise<JobErrorLine[]> {
  return db.select({
    line: jobRowErrors.line, column: jobRowErrors.column, code: jobRowErrors.code, params: jobRowErrors.params,
    row: jobRowErrors.row, rowTruncated: jobRowErrors.rowTruncated,
  })
    .from(jobRowErrors)
    .where(and(
      eq(jobRowErrors.jobId, jobId), gt(jobRowErrors.line, afterLine), lte(jobRowErrors.line, lastLine),
      eq(jobRowErrors.severity, 'error'),
    ))
    .orderBy(asc(jobRowErrors.line), asc(jobRowErrors.id));
}

export interface ReportRowEdit {
  line: number;
  /** The row as read. */
  original: string[];
  /** The row as it will be imported. */
  cells: string[];
  excluded: boolean;
}

/**
 * The row edits of these lines (fixed, excluded, or both), the lines given as one array: the
 * range of a page may hold many more edits of lines fixed and now valid, which the report skips.
 */
export function readEditsOfLines(db: AppDatabase, jobId: string, lines: readonly number[]): Promise<ReportRowEdit[]> {
  if (lines.length === 0) return Promise.resolve([]);
  return db.select({ line: jobRowEdits.line, original: jobRowEdits.original, cells: jobRowEdits.cells, excluded: jobRowEdits.excluded })
    .from(jobRowEdits)
    .where(and(eq(jobRowEdits.jobId, jobId), sql`${jobRowEdits.line} = any(${`{${lines.join(',')}}`}::int[])`))
    .orderBy(asc(jobRowEdits.line));
}
