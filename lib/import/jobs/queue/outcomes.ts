import { and, eq, sql } from 'drizzle-orm';
import type { AppDatabase } from '../../../../db/client';
import { importJobs } from '../../../../db/schema';
import type { ImportOutcome, ValidationOutcome } from '../steps/step-contract';
import { countersFromOutcome, findCounterViolation } from '../counters';
import { jobErrorMessage, type JobErrorCode } from '../job-errors';
import { notifyRequester } from '../notify';
import { enqueueStep, wakeWorkersFor, type RunnableStep } from './queues';

// What the runner writes when a step ends. Each write is guarded by the state the step ran in,
// so a job cancelled meanwhile keeps its 'cancelled' status.

/**
 * For a job that ends before its import completes: what the committed batches did is imported
 * (or skipped, by a create-only or update-only profile), and every other row of the file is not.
 */
export const committedCounters = {
  imported: sql`${importJobs.inserted} + ${importJobs.updated} + ${importJobs.unchanged} + ${importJobs.deleted}`,
  notImported: sql`greatest(${importJobs.rowsInFile} - (${importJobs.inserted} + ${importJobs.updated}
    + ${importJobs.unchanged} + ${importJobs.deleted} + ${importJobs.skipped}), 0)`,
  failed: sql`greatest(${importJobs.rowsInFile} - (${importJobs.inserted} + ${importJobs.updated}
    + ${importJobs.unchanged} + ${importJobs.deleted} + ${importJobs.skipped}), 0)`,
};

const runningAt = (jobId: string, step: Exclude<RunnableStep, 'projecting'>) =>
  and(eq(importJobs.id, jobId), eq(importJobs.status, 'running'), eq(importJobs.step, step));

/** Validating -> validated, or straight on to importing when the job asked to continue by itself. */
export async function finishValidation(
  db: AppDatabase, jobId: string, outcome: ValidationOutcome,
): Promise<'validated' | 'importing' | 'gone'> {
  const counts = {
    rowsInFile: outcome.rowsInFile, validRows: outcome.validRows, invalidRows: outcome.invalidRows,
    notImported: outcome.invalidRows, failed: outcome.invalidRows, repeatedRows: outcome.repeatedRows,
  };
  const result = await db.transaction(async (tx) => {
    const [row] = await tx.update(importJobs)
      .set({
        ...counts,
        step: sql`case when ${importJobs.autoContinue} then 'importing' else 'validated' end`,
        progressDone: sql`case when ${importJobs.autoContinue} then 0 else ${outcome.rowsInFile} end`,
        progressTotal: sql`case when ${importJobs.autoContinue} then 0 else ${outcome.rowsInFile} end`,
        heartbeatAt: sql`now()`,
      })
      .where(runningAt(jobId, 'validating'))
      .returning({ step: importJobs.step });
    if (!row) {
      await tx.update(importJobs).set(counts).where(and(eq(importJobs.id, jobId), eq(importJobs.status, 'cancelled')));
      return 'gone' as const;
    }
    if (row.step === 'importing') await enqueueStep(tx, jobId, 'importing');
    else await queueProjection(tx, jobId);
    return row.step === 'importing' ? 'importing' as const : 'validated' as const;
  });
  wakeWorkersFor(result === 'importing' ? 'importing' : 'projecting');
  return result;
}

/**
 * Importing -> completed, with the counters. Counters that break SPEC section 7's invariants
 * are a bug: the job fails with 'countersInvariant' rather than show numbers that do not add up.
 */
export async function finishImport(
  db: AppDatabase, jobId: string, outcome: ImportOutcome,
): Promise<'completed' | 'failed' | 'gone'> {
  return db.transaction(async (tx) => {
    const [job] = await tx.select().from(importJobs).where(runningAt(jobId, 'importing')).for('update');
    if (!job) return 'gone';
    // Rows excluded in the validation workbench are not imported, as invalid rows are not.
    const counters = countersFromOutcome(job.invalidRows + job.excludedRows, outcome);
    const violation = findCounterViolation(job.rowsInFile, counters);
    if (violation) console.error(`import job ${jobId}: counters do not add up: ${violation}`);
    const [row] = await tx.update(importJobs)
      .set({
        ...counters,
        status: violation ? 'failed' : 'completed',
        errorCode: violation ? 'countersInvariant' : null,
        errorMessage: violation ? jobErrorMessage('countersInvariant') : null,
        progressDone: sql`${importJobs.progressTotal}`,
        finishedAt: sql`now()`,
        heartbeatAt: null,
      })
      .where(runningAt(jobId, 'importing'))
      .returning();
    await notifyRequester(tx, row, violation ? 'importFailed' : 'importCompleted');
    return violation ? 'failed' : 'completed';
  });
}

/**
 * A step that threw: the job fails with a stable code and that code's message in English (for
 * files and logs; pages translate the code). The error's own text is never stored: the caller
 * logs it.
 */
export async function failJob(db: AppDatabase, jobId: string, step: Exclude<RunnableStep, 'projecting'>, code: JobErrorCode): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(importJobs)
      .set({
        status: 'failed', errorCode: code, errorMessage: jobErrorMessage(code), finishedAt: sql`now()`,
        heartbeatAt: null, ...(step === 'importing' ? committedCounters : {}),
      })
      .where(runningAt(jobId, step))
      .returning();
    if (row) await notifyRequester(tx, row, 'importFailed');
    return Boolean(row);
  });
}

/**
 * Asks for the dry run of a validated job (in the caller's transaction): after its validation, and
 * after every fix or undo (the step itself starts over if more fixes came meanwhile). Call
 * `wakeWorkersFor('projecting')` after the commit.
 */
export async function queueProjection(tx: AppDatabase, jobId: string): Promise<void> {
  await enqueueStep(tx, jobId, 'projecting');
}

/** Fixing -> validated once the queued bulk fixes are applied; the projection is asked for again. */
export async function finishFixing(db: AppDatabase, jobId: string): Promise<'validated' | 'gone'> {
  const result = await db.transaction(async (tx) => {
    const [row] = await tx.update(importJobs).set({ step: 'validated', heartbeatAt: sql`now()` })
      .where(runningAt(jobId, 'fixing')).returning({ id: importJobs.id });
    if (!row) return 'gone' as const;
    await queueProjection(tx, jobId);
    return 'validated' as const;
  });
  if (result === 'validated') wakeWorkersFor('projecting');
  return result;
}

/**
 * A bulk fix that failed: its batches committed so far stay (each with its fix records), the
 * operation keeps the failure's code, and the job goes back to validated, where the person may
 * undo it or try again.
 */
export async function failFixing(db: AppDatabase, jobId: string, code: JobErrorCode): Promise<void> {
  const failed = await db.transaction(async (tx) => {
    await tx.execute(sql`update job_fix_operations set status = 'failed', error_code = ${code}, finished_at = now()
      where job_id = ${jobId} and status in ('queued', 'running')`);
    const [row] = await tx.update(importJobs).set({ step: 'validated', heartbeatAt: sql`now()` })
      .where(runningAt(jobId, 'fixing')).returning({ id: importJobs.id });
    if (row) await queueProjection(tx, jobId);
    return Boolean(row);
  });
  if (failed) wakeWorkersFor('projecting');
}

/** A dry run that failed: the projection says so (with the code); the job itself is not touched. */
export async function failProjection(db: AppDatabase, jobId: string, code: JobErrorCode): Promise<void> {
  await db.execute(sql`update job_projections set status = 'failed', error_code = ${code}, finished_at = now(),
      heartbeat_at = null
    where job_id = ${jobId} and status = 'running'`);
}

/** A dry run stopped because its worker shuts down: queued again while the job still waits validated. */
export async function releaseInterruptedProjection(db: AppDatabase, jobId: string): Promise<void> {
  const released = await db.transaction(async (tx) => {
    await tx.execute(sql`update job_projections set heartbeat_at = null where job_id = ${jobId} and status = 'running'`);
    const [row] = await tx.select({ id: importJobs.id }).from(importJobs)
      .where(and(eq(importJobs.id, jobId), eq(importJobs.status, 'running'), eq(importJobs.step, 'validated')));
    if (row) await queueProjection(tx, jobId);
    return Boolean(row);
  });
  if (released) wakeWorkersFor('projecting');
}

/** After a cancelled step stopped: count what its committed batches did. */
export async function settleCancelledJob(db: AppDatabase, jobId: string): Promise<void> {
  await db.update(importJobs).set(committedCounters)
    .where(and(eq(importJobs.id, jobId), eq(importJobs.status, 'cancelled')));
}

/**
 * A step stopped because its worker shuts down: queue it again now for another worker, and
 * clear the heartbeat so any worker's recovery takes it up should that message be lost.
 */
export async function releaseInterruptedJob(db: AppDatabase, jobId: string, step: Exclude<RunnableStep, 'projecting'>): Promise<void> {
  const released = await db.transaction(async (tx) => {
    const [row] = await tx.update(importJobs).set({ heartbeatAt: null })
      .where(runningAt(jobId, step)).returning({ id: importJobs.id });
    if (row) await enqueueStep(tx, jobId, step);
    return Boolean(row);
  });
  if (released) wakeWorkersFor(step);
}
