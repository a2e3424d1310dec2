import { sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../../../../db/client';
import { lockSpaceOf, trySessionLock } from '../../../../db/advisory-lock';
import { postgresClientOf } from '../../../../db/copy';
import { dryRunWaitSeconds } from '../projection/quiet-period';
import { dropSourceContacts } from '../../engine/apply-batch';
import { divisionImportLock } from '../job-lock';
import { enqueueStep, wakeWorkersFor } from '../queue/queues';
import { collectSamples, lastChangeId } from '../projection/samples';
import { findProjection, finishProjection, startProjection } from '../projection/projection-store';
import { zeroCounts, type ProjectionCounts, type ProjectionSampleSet } from '../projection/types';
import { applyValidRows, newBatchRun, type BatchRecorder } from './import-step';
import { loadJobContext } from './load-job';
import type { Scope } from '../../engine/load-working-set';
import type { StepOptions } from './step-contract';

/** When the division is busy with an import (or the dry run gave way to one): try again after this. */
const BUSY_RETRY_SECONDS = 15;

export interface DryRunResult {
  counts: ProjectionCounts;
  samples: ProjectionSampleSet;
}

/** Thrown at the end of the dry run's transaction, so that it always rolls back; carries the result out. */
class RolledBack extends Error {
  constructor(readonly result: DryRunResult) {
    super('dry run rolled back');
  }
}

/** The abort reason of a dry run that stops to let an import (or a newer fix) go first. */
const GIVE_WAY = 'give way';

/** Why: an import runs or waits in the division, or the job moved on or was fixed again. */
type GiveWay = 'import' | 'job';

/**
 * The `projecting` step: the import's dry run (decision 008). The import's own batch loop
 * (import-step.ts, the same reading of the file with its fixes, the same engine) runs over the
 * whole file inside one transaction that is always rolled back; what it counted, and a sample of
 * each kind of change read before the rollback, go to job_projections with the fix version they
 * were computed at. Nothing else lasts: identity sequences advance, as after any rolled-back write.
 *
 * Not pipelined: a working set read ahead on another connection would not see the transaction's
 * writes. It writes nothing to import_jobs (the job row is not locked by it, a cell edit or
 * Continue goes on beside it), and gives way to imports: it only tries the division's import
 * lock (when busy it asks to run again later), and between batches it stops and asks again when
 * an import waits for the division, or when the job moved on or was fixed again.
 */
export async function projectJob(db: AppDatabase, jobId: string, options: StepOptions): Promise<void> {
  const [state] = await queryRows<{ status: string; step: string | null; fix_version: number; valid_rows: number; since_fix: number | null }>(db,
    sql`select status, step, fix_version, valid_rows,
      (select extract(epoch from now() - max(created_at))::float8 from job_fix_operations where job_id = ${jobId}) as since_fix
    from import_jobs where id = ${jobId}`);
  if (state?.status !== 'running' || state.step !== 'validated') return;
  const fixVersion = Number(state.fix_version);
  const stored = await findProjection(db, jobId);
  // A message queued twice for the same version: the first run did the work.
  if (stored?.status === 'done' && stored.fixVersion === fixVersion) return;
  const wait = dryRunWaitSeconds(postgresClientOf(db) ? 'postgres' : 'pglite', Number(state.valid_rows),
    state.since_fix === null ? null : Number(state.since_fix));
  if (wait > 0) return askAgain(db, jobId, wait);

  // The file is read from its start: the import itself has not run (the job is validated).
  const job = { ...await loadJobContext(db, jobId), lastCommittedLine: 0 };
  await startProjection(db, jobId, fixVersion, job.validRows);
  const space = lockSpaceOf(db);
  if (!space) throw new Error('the dry run needs the database, not a transaction');
  const divisionLock = await trySessionLock(space, divisionImportLock(job.divisionId));
  if (!divisionLock) return askAgain(db, jobId, BUSY_RETRY_SECONDS);

  const giveWay = new AbortController();
  let mustGiveWay: () => Promise<GiveWay | null> = async () => null;
  const stopped: { reason: GiveWay | null } = { reason: null };
  const run = await newBatchRun(db, job, {
    signal: AbortSignal.any([options.signal, giveWay.signal]),
    onProgress: async (done, total) => {
      await options.onProgress(done, total);
      stopped.reason = await mustGiveWay();
      if (stopped.reason) giveWay.abort(GIVE_WAY);
    },
  }, async () => {});
  let result: DryRunResult;
  try {
    const dropAndInsert = job.settings.loadType === 'dropAndInsert';
    result = await dryRun(db, { jobId, scope: run.scope, dropAndInsert, now: new Date() }, async (tx, record, now) => {
      mustGiveWay = () => giveWayTo(tx, jobId, job.divisionId, fixVersion);
      await applyValidRows({ ...run, record }, tx, now);
    });
  } catch (error) {
    // An import first, then this again; a job fixed meanwhile (or moved on: that run ends at once) at once.
    if (giveWay.signal.aborted && !options.signal.aborted) return askAgain(db, jobId, stopped.reason === 'import' ? BUSY_RETRY_SECONDS : 0);
    throw error;
  } finally {
    await run.statistics.settle();
    // An unlock failing means a broken connection, whose lock went with it.
    await divisionLock.release().catch(() => {});
  }
  // Fixed again while it ran: its figures are of an older version; another run takes the new one.
  if (!await finishProjection(db, jobId, fixVersion, result.counts, result.samples)) await askAgain(db, jobId, 0);
}

export interface DryRunInput {
  jobId: string;
  scope: Scope;
  dropAndInsert: boolean;
  now: Date;
}

/**
 * The dry run proper, in a transaction of `db` (a savepoint when `db` is a transaction) that is
 * always rolled back: the drop of a drop and insert, then `applyRows`, which applies the rows
 * through the engine and hands each batch to `record`; then the samples, read before the
 * rollback. Returns the counters and the samples.
 */
export async function dryRun(
  db: AppDatabase, input: DryRunInput, applyRows: (tx: AppDatabase, record: BatchRecorder, now: Date) => Promise<void>,
): Promise<DryRunResult> {
  return rolledBack(db, async (tx) => {
    const counts = zeroCounts();
    let lastDropChange = 0;
    if (input.dropAndInsert) {
      counts.dropped = await dropSourceContacts(tx, input.jobId, input.scope, input.now);
      lastDropChange = await lastChangeId(tx, input.jobId);
    }
    await applyRows(tx, async (_tx, _jobId, batch) => {
      counts.inserted += batch.counts.inserted;
      counts.updated += batch.counts.updated;
      counts.merged += batch.counts.merged;
      counts.unchanged += batch.counts.unchanged;
      counts.deleted += batch.counts.deleted;
      counts.skipped += batch.counts.skipped;
      // The import records each refused row in job_row_errors; here they are counted only.
      counts.failed += batch.counts.refused;
    }, input.now);
    return { counts, samples: await collectSamples(tx, input.jobId, input.scope, lastDropChange) };
  });
}

/** Runs `body` in a transaction that is rolled back whatever happens; returns what the body returned. */
async function rolledBack(db: AppDatabase, body: (tx: AppDatabase) => Promise<DryRunResult>): Promise<DryRunResult> {
  try {
    await db.transaction(async (tx) => {
      throw new RolledBack(await body(tx));
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.result;
    throw error;
  }
  throw new Error('the dry run committed');
}

/**
 * Between two batches: an import runs (or waits to run) in the division, or the job is no longer
 * the validated job at the version being computed. Read in the dry run's transaction: on
 * PostgreSQL each statement sees what others committed since.
 */
async function giveWayTo(tx: AppDatabase, jobId: string, divisionId: string, fixVersion: number): Promise<GiveWay | null> {
  const [row] = await queryRows<{ importing: boolean; current: boolean }>(tx, sql`
    select exists (select 1 from import_jobs where division_id = ${divisionId} and status = 'running' and step = 'importing') as importing,
      exists (select 1 from import_jobs where id = ${jobId} and status = 'running' and step = 'validated'
        and fix_version = ${fixVersion}) as current`);
  if (row?.importing) return 'import';
  return row?.current ? null : 'job';
}

/** Queues the dry run again (after `delaySeconds`); a run for a job no longer validated ends at once. */
async function askAgain(db: AppDatabase, jobId: string, delaySeconds: number): Promise<void> {
  await enqueueStep(db, jobId, 'projecting', delaySeconds > 0 ? { delaySeconds } : {});
  if (delaySeconds === 0) wakeWorkersFor('projecting');
}
