import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { importJobs, uploads, type JobStatus } from '../../../db/schema';
import { DomainError, notFound } from '../../actions/result';
import { abortLocalSteps } from './queue/local';
import { enqueueStep, wakeWorkersFor, type RunnableStep } from './queue/queues';
import { committedCounters } from './queue/outcomes';
import type { ImportSettings } from '../rows/types';
import { freezeProfile } from './snapshot';

// The job's state machine (SPEC section 7): created -> running (validating -> validated ->
// importing) -> completed | failed | cancelled. Every change is one `update ... where <expected
// state> returning`, so two concurrent requests cannot both win; the message that asks a worker
// to run the next step is queued in the same transaction. The outcomes of steps are in outcomes.ts.

export type ImportJob = typeof importJobs.$inferSelect;
/** Runs inside the transition's transaction (e.g. the operation's audit row). */
export type InTransaction = (tx: AppDatabase, job: ImportJob) => Promise<void>;

export interface CreateImportJobInput {
  uploadId: string;
  profileId: string;
  divisionId: string;
  description: string;
  requestedBy: string | null;
  onBehalfOf?: string | null;
  origin?: 'wizard' | 'api' | 'folder';
  autoContinue?: boolean;
  /** Settings to run with instead of the profile's (see freezeProfile). */
  settings?: ImportSettings;
}

export async function createImportJob(
  db: AppDatabase, input: CreateImportJobInput, inTransaction?: InTransaction,
): Promise<ImportJob> {
  const job = await db.transaction(async (tx) => {
    if (!await lockUploadFile(tx, input.uploadId)) throw new DomainError('jobs.errors.fileGone', 409, 'uploadId');
    const profileSnapshot = await freezeProfile(tx, input.profileId, input.settings);
    const [created] = await tx.insert(importJobs).values({
      uploadId: input.uploadId, profileId: input.profileId, profileSnapshot, divisionId: input.divisionId,
      description: input.description, requestedBy: input.requestedBy, onBehalfOf: input.onBehalfOf ?? null,
      origin: input.origin ?? 'wizard', autoContinue: input.autoContinue ?? false, status: 'created',
    }).returning();
    const [running] = await tx.update(importJobs)
      .set({ status: 'running', step: 'validating', startedAt: sql`now()`, heartbeatAt: sql`now()` })
      .where(and(eq(importJobs.id, created.id), eq(importJobs.status, 'created')))
      .returning();
    await enqueueStep(tx, running.id, 'validating');
    await inTransaction?.(tx, running);
    return running;
  });
  wakeWorkersFor('validating');
  return job;
}

/** Validated -> importing: the user looked at the validation and goes on. */
export async function continueJob(db: AppDatabase, jobId: string, inTransaction?: InTransaction): Promise<ImportJob> {
  const job = await db.transaction(async (tx) => {
    const [row] = await tx.update(importJobs)
      .set({ step: 'importing', heartbeatAt: sql`now()`, progressDone: 0, progressTotal: 0 })
      .where(and(eq(importJobs.id, jobId), eq(importJobs.status, 'running'), eq(importJobs.step, 'validated')))
      .returning();
    if (!row) throw await refusal(tx, jobId, 'jobs.errors.notValidated');
    await enqueueStep(tx, jobId, 'importing');
    await inTransaction?.(tx, row);
    return row;
  });
  wakeWorkersFor('importing');
  return job;
}

/**
 * Created or running -> cancelled. A step running elsewhere notices at its next heartbeat and
 * stops after its current batch; what it committed stays, and is counted on the job.
 */
export async function cancelJob(db: AppDatabase, jobId: string, inTransaction?: InTransaction): Promise<ImportJob> {
  // First, so that a step of this process holding PGlite's only connection lets go of it.
  abortLocalSteps(jobId, 'cancel');
  return db.transaction(async (tx) => {
    const cancellable: JobStatus[] = ['created', 'running'];
    const [row] = await tx.update(importJobs)
      .set({ status: 'cancelled', finishedAt: sql`now()`, heartbeatAt: null, ...committedCounters })
      .where(and(eq(importJobs.id, jobId), inArray(importJobs.status, cancellable)))
      .returning();
    if (!row) throw await refusal(tx, jobId, 'jobs.errors.notCancellable');
    await inTransaction?.(tx, row);
    return row;
  });
}

/**
 * Failed -> running again at the step that failed: validation starts over, an import resumes.
 * Not after 'countersInvariant': that import ran to its end, a second run would count nothing
 * right (and, for drop and insert, would drop again what it inserted).
 */
export async function retryJob(db: AppDatabase, jobId: string, inTransaction?: InTransaction): Promise<ImportJob> {
  const job = await db.transaction(async (tx) => {
    const [failed] = await tx.select({ uploadId: importJobs.uploadId }).from(importJobs)
      .where(and(eq(importJobs.id, jobId), eq(importJobs.status, 'failed')));
    // Retention deleted the file (its jobs had all ended long ago): nothing left to run on.
    if (failed && !await lockUploadFile(tx, failed.uploadId)) throw new DomainError('jobs.errors.fileGone', 409);
    const [row] = await tx.update(importJobs)
      .set({
        status: 'running', errorCode: null, errorMessage: null, finishedAt: null, heartbeatAt: sql`now()`,
        progressDone: 0, progressTotal: 0,
      })
      .where(and(eq(importJobs.id, jobId), eq(importJobs.status, 'failed'),
        inArray(importJobs.step, ['validating', 'fixing', 'importing']),
        or(isNull(importJobs.errorCode), ne(importJobs.errorCode, 'countersInvariant'))))
      .returning();
    if (!row) throw await refusal(tx, jobId, 'jobs.errors.notRetryable');
    await enqueueStep(tx, jobId, row.step as RunnableStep);
    await inTransaction?.(tx, row);
    return row;
  });
  wakeWorkersFor(job.step as RunnableStep);
  return job;
}

/**
 * Whether the upload's content is still stored, locking the row `for share` until the end of the
 * transaction: retention's cleanup (db/queries/retention.ts) locks it `for update` before deleting,
 * so a job cannot start or resume on a file being deleted.
 */
async function lockUploadFile(tx: AppDatabase, uploadId: string | null): Promise<boolean> {
  if (!uploadId) return false;
  const [upload] = await tx.select({ fileDeletedAt: uploads.fileDeletedAt }).from(uploads)
    .where(eq(uploads.id, uploadId)).for('share');
  return Boolean(upload) && !upload.fileDeletedAt;
}

/** A refused transition: 404 when there is no such job, else 409 with the reason. */
async function refusal(db: AppDatabase, jobId: string, key: string): Promise<DomainError> {
  const [job] = await db.select({ id: importJobs.id }).from(importJobs).where(eq(importJobs.id, jobId)).limit(1);
  return job ? new DomainError(key, 409) : notFound();
}

export {
  finishValidation, finishImport, failJob, settleCancelledJob, releaseInterruptedJob,
} from './queue/outcomes';
