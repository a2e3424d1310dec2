import { eq, sql } from 'drizzle-orm';
import { importJobs } from '../../../db/schema';
import { queryRows, type AppDatabase } from '../../../db/client';
import {
  fixRecordsAt, loadWorkbenchRows, pendingFixOperations, refreshWorkbenchStatistics, selectFixedLines,
  selectWorkbenchLines, type FixOperationRow,
} from '../../../db/queries/workbench';
import type { FixOutcome, StepOptions } from '../jobs/steps/step-contract';
import { yieldToEventLoop } from '../jobs/steps/event-loop';
import { loadFixJob, lockJobRow, writeRowChanges, type FixJob, type PlannedChange } from './row-changes';
import { fixActionSchema, fixFilterSchema } from './schemas';
import { workbenchFilter } from './preview';
import { applyAction, EXCLUDED, INCLUDED, type RowChange } from './transforms';

/** Lines per batch transaction: small, so that on PGlite the pages keep answering meanwhile. */
const BATCH_LINES = 500;
/** Statistics looked at every this many batches (a look is one query; an ANALYZE only when stale). */
const STATISTICS_EVERY_BATCHES = 20;

/** The job moved on (cancelled) while the step ran: it stops, its committed batches stay. */
class JobMovedOn extends Error {}

/**
 * The `fixing` step: the job's queued bulk fixes and undos, oldest first. Each runs in batches
 * of lines after its resume point (`last_line`); a batch's transaction holds its edits, fix
 * records, errors, the job's counters and the operation's resume point and changed rows, so a
 * worker stopped at any moment resumes after the last committed batch with exact counters.
 */
export async function applyJobFixes(db: AppDatabase, jobId: string, options: StepOptions): Promise<FixOutcome> {
  const outcome: FixOutcome = { operations: 0, changedRows: 0 };
  const [jobRow] = await db.select().from(importJobs).where(eq(importJobs.id, jobId));
  if (!jobRow) return outcome;
  const job = await loadFixJob(db, jobRow);
  try {
    for (const operation of await pendingFixOperations(db, jobId)) {
      options.signal.throwIfAborted();
      await db.execute(sql`update job_fix_operations set status = 'running' where id = ${operation.id} and status = 'queued'`);
      outcome.changedRows += await applyOperation(db, job, operation, options);
      await db.transaction(async (tx) => {
        await tx.execute(sql`update job_fix_operations set status = 'applied', finished_at = now()
          where id = ${operation.id} and status = 'running'`);
        if (operation.undoes) {
          await tx.execute(sql`update job_fix_operations set undone_at = now() where id = ${operation.undoes} and undone_at is null`);
        }
      });
      outcome.operations += 1;
    }
  } catch (error) {
    if (error instanceof JobMovedOn) return outcome;
    throw error;
  }
  // Back to the validated job's progress (every row read), which the fixes' progress replaced.
  await options.onProgress(job.counts.rowsInFile, job.counts.rowsInFile);
  return outcome;
}

async function applyOperation(db: AppDatabase, job: FixJob, operation: FixOperationRow, options: StepOptions): Promise<number> {
  let lastLine = Number(operation.last_line);
  let changed = Number(operation.changed_rows);
  const total = Number(operation.target_rows);
  let batches = 0;
  const plan = operation.kind === 'undo' ? planUndo(job, operation.undoes!) : planBulk(job, operation);
  for (;;) {
    options.signal.throwIfAborted();
    // Before the first batch, and as the edits grow: plans made on stale statistics read every row.
    if (batches % STATISTICS_EVERY_BATCHES === 0) {
      // An undo reads the fix records of the operation it undoes (its target: the rows that one changed).
      await refreshStatistics(db, job.id, operation.kind === 'undo' ? total : 0);
    }
    batches += 1;
    const batch = await db.transaction(async (tx) => {
      const locked = await lockJobRow(tx, job.id);
      if (!locked || locked.status !== 'running' || locked.step !== 'fixing') throw new JobMovedOn();
      const { lines, changes } = await plan(tx, lastLine);
      if (lines.length === 0) return null;
      const end = lines[lines.length - 1];
      // The resume point moves only from where this run read it: a second runner would find it moved.
      const [moved] = await queryRows<{ id: string }>(tx, sql`update job_fix_operations
        set last_line = ${end}, changed_rows = changed_rows + ${changes.length}
        where id = ${operation.id} and last_line = ${lastLine} returning id`);
      if (!moved) throw new Error(`fix operation ${operation.id}: resume point moved under the step`);
      await writeRowChanges(tx, job, operation.id, operation.actor_id, operation.kind, changes);
      return { end, changed: changes.length };
    });
    if (!batch) return changed - Number(operation.changed_rows);
    lastLine = batch.end;
    changed += batch.changed;
    await options.onProgress(changed, Math.max(total, changed));
    await yieldToEventLoop();
  }
}

/** The job's errors and edits as its counters know them, for the planner's statistics. */
async function refreshStatistics(db: AppDatabase, jobId: string, fixes: number): Promise<void> {
  const [job] = await db.select().from(importJobs).where(eq(importJobs.id, jobId));
  if (job) {
    await refreshWorkbenchStatistics(db, {
      errors: job.invalidRows + job.excludedRows, edits: job.fixedRows + job.excludedRows, fixes,
    });
  }
}

type BatchPlan = (tx: AppDatabase, after: number) => Promise<{ lines: number[]; changes: PlannedChange[] }>;

/** A bulk fix: the next lines of its filter that can be fixed, and what the action does to each. */
function planBulk(job: FixJob, operation: FixOperationRow): BatchPlan {
  const filter = workbenchFilter(fixFilterSchema.parse(operation.filter));
  const action = fixActionSchema.parse({ ...operation.params, kind: operation.kind });
  return async (tx, after) => {
    const lines = await selectWorkbenchLines(tx, job.id, filter, after, BATCH_LINES, true);
    const rows = await loadWorkbenchRows(tx, job.id, lines);
    const changes: PlannedChange[] = [];
    for (const line of lines) {
      const row = rows.get(line);
      const change = row && applyAction(action, job.headers, row);
      if (row && change) changes.push({ row, change });
    }
    return { lines, changes };
  };
}

/**
 * An undo: the lines the undone operation changed, and for each of its records, the value
 * before put back where the row still holds the value the operation wrote (an exclusion is
 * taken back while the row is still excluded). A value changed since is left as it is.
 */
function planUndo(job: FixJob, undoneId: string): BatchPlan {
  return async (tx, after) => {
    const lines = await selectFixedLines(tx, undoneId, after, BATCH_LINES);
    const rows = await loadWorkbenchRows(tx, job.id, lines);
    const records = await fixRecordsAt(tx, undoneId, lines);
    const byLine = new Map<number, RowChange>();
    for (const record of records) {
      const row = rows.get(Number(record.line));
      if (!row) continue;
      let change = byLine.get(row.line);
      if (!change) {
        change = { cells: [...row.cells], excluded: row.excluded, records: [] };
        byLine.set(row.line, change);
      }
      if (record.column === null) {
        const now = change.excluded ? EXCLUDED : INCLUDED;
        if (now !== record.after || record.before === null) continue;
        change.excluded = record.before === EXCLUDED;
        change.records.push({ column: null, before: now, after: record.before });
      } else {
        const index = job.headers.indexOf(record.column);
        if (index < 0 || (change.cells[index] ?? '') !== (record.after ?? '')) continue;
        while (change.cells.length <= index) change.cells.push('');
        change.cells[index] = record.before ?? '';
        change.records.push({ column: record.column, before: record.after ?? '', after: record.before ?? '' });
      }
    }
    const changes: PlannedChange[] = [];
    for (const [line, change] of byLine) {
      if (change.records.length > 0) changes.push({ row: rows.get(line)!, change });
    }
    return { lines, changes };
  };
}
