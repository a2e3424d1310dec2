import { eq } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { importJobs, uploads, type FixOperationKind } from '../../../db/schema';
import {
  addFixCounters, insertFixRecords, replaceRowErrors, upsertRowEdits,
  type CounterDelta, type ErrorRecordWrite, type FixRecordWrite, type StoredWorkbenchRow,
} from '../../../db/queries/workbench';
import { createRowValidator, type RowValidator } from '../rows/validate-row';
import type { ImportSettings } from '../rows/types';
import { errorRecords, errorRowMaxChars } from '../jobs/steps/error-rows';
import { EXCLUDED, type RowChange } from './transforms';
import type { WorkbenchCounts, WorkbenchRow, WorkbenchRowState } from './schemas';

// Writing fixes: one function for a cell edit (in the request) and a bulk fix's batch (in the
// step), so both re-validate, record and count the same way, in the caller's transaction.

export interface FixJob {
  id: string;
  divisionId: string;
  status: string;
  step: string | null;
  settings: ImportSettings;
  headers: string[];
  validate: RowValidator;
  counts: WorkbenchCounts;
}

type JobRow = typeof importJobs.$inferSelect;

export function countsOf(job: Pick<JobRow, 'rowsInFile' | 'validRows' | 'invalidRows' | 'fixedRows' | 'excludedRows' | 'fixVersion'>): WorkbenchCounts {
  return {
    rowsInFile: job.rowsInFile, validRows: job.validRows, invalidRows: job.invalidRows,
    fixedRows: job.fixedRows, excludedRows: job.excludedRows, fixVersion: job.fixVersion,
  };
}

/** The job with what fixing needs: its frozen settings, the file's headers and the row validator. */
export async function loadFixJob(db: AppDatabase, job: JobRow): Promise<FixJob> {
  const [upload] = job.uploadId
    ? await db.select({ headers: uploads.headers }).from(uploads).where(eq(uploads.id, job.uploadId)).limit(1)
    : [];
  const settings = job.profileSnapshot as ImportSettings;
  const headers = upload?.headers ?? [];
  return {
    id: job.id, divisionId: job.divisionId, status: job.status, step: job.step, settings, headers,
    validate: createRowValidator(settings, headers), counts: countsOf(job),
  };
}

/** The job row locked against other fixes and transitions for the transaction (`for no key update`). */
export async function lockJobRow(tx: AppDatabase, jobId: string): Promise<JobRow | undefined> {
  const [job] = await tx.select().from(importJobs).where(eq(importJobs.id, jobId)).for('no key update');
  return job;
}

export function rowState(row: { excluded: boolean; errors: readonly unknown[] }): WorkbenchRowState {
  if (row.excluded) return 'excluded';
  return row.errors.length > 0 ? 'invalid' : 'fixed';
}

export function toWorkbenchRow(row: StoredWorkbenchRow): WorkbenchRow {
  return {
    line: row.line, cells: row.cells, original: row.edited ? row.original : null, state: rowState(row),
    errors: row.errors, truncated: row.truncated,
  };
}

export interface PlannedChange {
  row: StoredWorkbenchRow;
  change: RowChange;
}

/**
 * Writes the changes of one operation: the rows' edits, their errors now (re-validated with the
 * import's rules; the new ones carry the corrected cells), the fix records, and the job's
 * counters moved by each row's state before and after, with its fix version raised.
 */
export async function writeRowChanges(
  tx: AppDatabase, job: FixJob, operationId: string, actorId: string | null, recordKind: FixOperationKind,
  changes: readonly PlannedChange[],
): Promise<CounterDelta> {
  const delta: CounterDelta = { valid: 0, invalid: 0, fixed: 0, excluded: 0 };
  if (changes.length === 0) return delta;
  const maxChars = errorRowMaxChars();
  const errors: ErrorRecordWrite[] = [];
  const records: FixRecordWrite[] = [];
  const move = (state: WorkbenchRowState, by: number) => {
    if (state === 'excluded') delta.excluded += by;
    else if (state === 'invalid') delta.invalid += by;
    else {
      delta.fixed += by;
      delta.valid += by;
    }
  };
  for (const { row, change } of changes) {
    const result = job.validate(change.cells, row.line);
    const rowErrors = result.ok ? [] : result.errors;
    for (const record of errorRecords(rowErrors, change.cells, maxChars).records) errors.push(record);
    move(rowState(row), -1);
    move(rowState({ excluded: change.excluded, errors: rowErrors }), 1);
    for (const r of change.records) {
      // An exclusion within a cell edit is recorded as what it is; an undo's records are all 'undo'.
      const kind = r.column !== null || recordKind === 'undo' ? recordKind : r.after === EXCLUDED ? 'exclude' : 'include';
      records.push({ line: row.line, column: r.column, kind, before: r.before, after: r.after });
    }
  }
  await upsertRowEdits(tx, job.id, changes.map(({ row, change }) => ({
    line: row.line, original: row.edited && row.original ? row.original : row.cells, cells: change.cells, excluded: change.excluded,
  })));
  await replaceRowErrors(tx, job.id, changes.map(({ row }) => row.line), errors);
  await insertFixRecords(tx, job.id, operationId, actorId, records);
  await addFixCounters(tx, job.id, delta);
  return delta;
}
