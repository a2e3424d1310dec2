import { eq, sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../../../../db/client';
import { postgresClientOf } from '../../../../db/copy';
import { importJobs } from '../../../../db/schema';
import { readFixedRecords } from '../../fixes/fixed-records';
import { createRowValidator } from '../../rows/validate-row';
import { loadAccess } from '../../../../db/queries/access';
import { hasPermission } from '../../../auth/access';
import {
  applyBatch, dropSourceContacts, prefetchWorkingSet, type BatchCounts, type BatchResult,
} from '../../engine/apply-batch';
import { APPLY_ROW_ERROR_CODES } from '../../engine/apply-rows';
import { errorRecords, errorRowMaxChars } from './error-rows';
import type { WorkingSet, WrittenBatch } from '../../engine/working-set';
import type { Scope } from '../../engine/load-working-set';
import type { NormalizedRow, RowError } from '../../rows/types';
import { loadJobContext, type JobContext } from './load-job';
import type { ImportOutcome, StepOptions } from './step-contract';
import { timePhase } from '../../engine/phase-timer';
import { pauseForWaitingQueries, yieldToEventLoop } from './event-loop';
import { lockDivisionForImport } from '../job-lock';
import { analyzeImportTables, vacuumImportTables } from '../../../../db/queries/maintenance';
import { importBatchSize } from '../../../config';

/**
 * Rows per batch transaction. PGlite has one connection: while a batch holds it, every page of
 * the app waits, once per query it runs; small batches keep the app answering during an import
 * (seen: a page took 36 s to open during a 300,000-row import with 10,000-row batches).
 */
// PostgreSQL's default (lib/config): two batches are in memory at once (one written, the next
// read ahead); 5,000 keeps the 1M-row benchmark under 400 MB (10,000: 531 MB) at the same speed.
function batchRows(db: AppDatabase): number {
  return importBatchSize(postgresClientOf(db) ? 'postgres' : 'pglite');
}

/**
 * Imports the valid rows in file order, a batch per transaction. The file is read and validated
 * again (the same deterministic rules as the dry run: cheaper than staging every row in the
 * database and reading it back), and the next batch is parsed while the database applies the
 * current one. Each transaction also moves the job's resume point and adds the batch's
 * counters, so after a crash the import goes on from the last committed batch and nothing is
 * applied or counted twice. Drop and insert runs as one transaction, as the user was told.
 */
export async function importJob(db: AppDatabase, jobId: string, options: StepOptions): Promise<ImportOutcome> {
  const job = await loadJobContext(db, jobId);
  const isDropAndInsert = job.settings.loadType === 'dropAndInsert';
  // A drop and insert commits whole: a resume point means it is done already.
  if (!(isDropAndInsert && job.lastCommittedLine > 0)) {
    const run = await newBatchRun(db, job, options, recordImportedBatch);
    // The division is the job's from first batch to last (a revert or clear there is refused
    // meanwhile, another import waits): a bounded wait that a cancel or shutdown stops.
    const divisionLock = await lockDivisionForImport(db, job.divisionId, options.signal);
    const now = await recordWriteTime(db, jobId);
    try {
      if (isDropAndInsert) {
        await db.transaction(async (tx) => {
          const dropped = await dropSourceContacts(tx, jobId, run.scope, now);
          await tx.update(importJobs).set({ dropped }).where(eq(importJobs.id, jobId));
          await applyValidRows(run, tx, now);
        });
      } else {
        await applyValidRows(run, db, now);
      }
    } finally {
      await run.statistics.settle();
      // An unlock failing means a broken connection, whose lock went with it.
      await divisionLock.release().catch(() => {});
    }
  }
  const [final] = await db.select().from(importJobs).where(eq(importJobs.id, jobId));
  await timePhase('maintenance', () => maintainAfterImport(db, final.inserted + final.updated + final.merged + final.deleted));
  return {
    inserted: final.inserted, updated: final.updated, merged: final.merged, deleted: final.deleted,
    unchanged: final.unchanged, skipped: final.skipped, failed: await countRefusedRows(db, jobId),
  };
}

/**
 * The time this run stamps on every contact it writes, kept on the job first: a revert tells the
 * contacts changed since the job by a `modified_at` that is none of its runs' times.
 */
async function recordWriteTime(db: AppDatabase, jobId: string): Promise<Date> {
  const now = new Date();
  await db.update(importJobs).set({ writeTimes: sql`array_append(${importJobs.writeTimes}, ${now.toISOString()}::timestamptz)` })
    .where(eq(importJobs.id, jobId));
  return now;
}

/** A batch applied, as its transaction records it (before it commits). */
export interface AppliedBatch {
  rows: readonly NormalizedRow[];
  /** The rows' cells as read, for the error report of a row the engine refuses. */
  cells: readonly string[][];
  counts: BatchResult;
}

/**
 * What a batch's transaction writes besides the engine's own writes: the import its refusals,
 * counters and resume point (recordImportedBatch); the dry run (project-step.ts) nothing.
 */
export type BatchRecorder = (db: AppDatabase, jobId: string, batch: AppliedBatch) => Promise<void>;

export interface BatchRun {
  db: AppDatabase;
  job: JobContext;
  options: StepOptions;
  scope: Scope;
  canSeeCandidates: boolean;
  statistics: StatisticsKeeper;
  record: BatchRecorder;
}

/** The batch loop's settings for a job: shared by the import and its dry run, so both apply the rows alike. */
export async function newBatchRun(db: AppDatabase, job: JobContext, options: StepOptions, record: BatchRecorder): Promise<BatchRun> {
  return {
    db, job, options, record, statistics: new StatisticsKeeper(),
    canSeeCandidates: await onBehalfUserSeesDivision(db, job),
    scope: { divisionId: job.divisionId, sourceId: job.settings.externalSourceId },
  };
}

/** The import's record of a batch, in its transaction: refused rows, counters, resume point. */
async function recordImportedBatch(db: AppDatabase, jobId: string, { rows, cells, counts }: AppliedBatch): Promise<void> {
  await recordRefusals(db, jobId, counts.refusals, rows, cells);
  await recordBatch(db, jobId, rows[rows.length - 1].line, counts);
}

/**
 * Applies the valid rows batch by batch: in a transaction of its own each, or all inside `tx`
 * when it is a transaction already (drop and insert). The next batch is parsed and validated
 * while the database applies the current one. On PostgreSQL its working set is read then too,
 * on another connection, and brought up to date with what the current batch wrote: the job
 * holds the division's import lock throughout, so nothing else imported there meanwhile.
 */
export async function applyValidRows(run: BatchRun, tx: AppDatabase, now: Date): Promise<void> {
  const pipelined = tx === run.db && postgresClientOf(run.db) !== null;
  return applyBatches(run, tx, now, pipelined);
}

async function applyBatches(run: BatchRun, tx: AppDatabase, now: Date, pipelined: boolean): Promise<void> {
  const { db, job, options } = run;
  // Inside a drop-and-insert transaction the file is read through it too (PGlite runs one
  // transaction at a time: a read beside it would wait for it forever).
  const batches = validBatches(tx, job, batchRows(db));
  let pending = batches.next();
  let ahead: Promise<WorkingSet | undefined> = Promise.resolve(undefined);
  let done = 0;
  const usesPGlite = postgresClientOf(db) === null;
  try {
    for (;;) {
      options.signal.throwIfAborted();
      const next = await timePhase('wait for parsed batch', () => pending);
      if (next.done) return;
      const prefetched = await timePhase('wait for working set', () => ahead);
      pending = batches.next();
      ahead = pipelined ? pending.then((upcoming) => (upcoming.done || upcoming.value.rows.length === 0 ? undefined
        : timePhase('load working set (ahead)', () => prefetchWorkingSet(db, {
          scope: run.scope, settings: job.settings, rows: upcoming.value.rows, canSeeCandidates: run.canSeeCandidates,
        })))) : ahead;
      const { rows, cells, skipped } = next.value;
      done += skipped;
      if (rows.length === 0) continue;
      let written: WrittenBatch | undefined;
      const apply = async (batchDb: AppDatabase) => {
        const counts = await applyBatch({
          db: batchDb, jobId: job.id, scope: run.scope, settings: job.settings, rows, now,
          canSeeCandidates: run.canSeeCandidates,
        }, { prefetched, divisionLocked: true, onWritten: (w) => { written = w; } });
        await run.record(batchDb, job.id, { rows, cells, counts });
        return counts;
      };
      const counts = await timePhase('batch transaction', () => tx === db ? db.transaction((batchTx) => apply(batchTx)) : apply(tx));
      // Committed: the next batch's set, read before or after, now sees what this one wrote.
      ahead = ahead.then((set) => {
        if (set && written) set.overlay(written);
        return set;
      });
      await timePhase('analyze', () => run.statistics.afterBatch(tx, counts.inserted, pipelined));
      done += rows.length;
      await options.onProgress(done, job.validRows);
      await (usesPGlite ? pauseForWaitingQueries() : yieldToEventLoop());
    }
  } finally {
    // A step stopped part-way leaves its read-ahead behind: that read failing later is no error.
    pending.catch(() => {});
    ahead.catch(() => {});
  }
}

/**
 * The valid rows after the resume point, validated again, in batches, with their cells as
 * imported (for the error report of a row the engine refuses); counts the rows skipped. The file
 * is read with the workbench's fixes laid over it: an excluded line is left out, a fixed one is
 * validated and imported with its corrected cells.
 */
async function* validBatches(db: AppDatabase, job: JobContext, size: number) {
  const validate = createRowValidator(job.settings, job.upload.headers);
  let rows: NormalizedRow[] = [];
  let cells: string[][] = [];
  let skipped = 0;
  for await (const record of readFixedRecords(db, job)) {
    if (record.excluded) continue;
    if (record.line <= job.lastCommittedLine) {
      if (validate(record.cells, record.line).ok) skipped += 1;
      continue;
    }
    const result = validate(record.cells, record.line);
    if (!result.ok) continue;
    rows.push(result.row);
    cells.push(record.cells);
    if (rows.length >= size) {
      yield { rows, cells, skipped };
      rows = [];
      cells = [];
      skipped = 0;
    }
  }
  yield { rows, cells, skipped };
}

/**
 * The rows the engine refused, as row errors beside the dry run's (validation log, error report),
 * in the batch's transaction: a resumed import neither loses nor repeats them.
 */
async function recordRefusals(
  db: AppDatabase, jobId: string, refusals: readonly RowError[], rows: readonly NormalizedRow[], cells: readonly string[][],
) {
  if (refusals.length === 0) return;
  const indexOfLine = new Map(rows.map((row, i) => [row.line, i]));
  const maxChars = errorRowMaxChars();
  const records = refusals.flatMap((error) => errorRecords([error], cells[indexOfLine.get(error.line)!], maxChars).records);
  await db.execute(sql`insert into job_row_errors (job_id, line, "column", code, params, row, row_truncated)
    select ${jobId}, v.line, v.column, v.code, v.params, v.row, v.row_truncated
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
      as v(line int, "column" text, code text, params jsonb, row jsonb, row_truncated boolean)`);
}

/** Valid rows the engine refused, over every run of the step: they are not imported. */
async function countRefusedRows(db: AppDatabase, jobId: string): Promise<number> {
  const [row] = await queryRows<{ count: number | string }>(db, sql`
    select count(distinct line) as count from job_row_errors
    where job_id = ${jobId} and code = any(${`{${APPLY_ROW_ERROR_CODES.join(',')}}`}::text[])`);
  return Number(row.count);
}

async function recordBatch(db: AppDatabase, jobId: string, lastLine: number, counts: BatchCounts) {
  await db.execute(sql`update import_jobs set
      last_committed_line = ${lastLine},
      inserted = inserted + ${counts.inserted}, updated = updated + ${counts.updated},
      unchanged = unchanged + ${counts.unchanged}, deleted = deleted + ${counts.deleted},
      merged = merged + ${counts.merged}, skipped = skipped + ${counts.skipped}, heartbeat_at = now()
    where id = ${jobId}`);
}

/** Matching sees only contacts the on-behalf-of user (else the requester) may see (seed 002). */
async function onBehalfUserSeesDivision(db: AppDatabase, job: JobContext): Promise<boolean> {
  const userId = job.onBehalfOf ?? job.requestedBy;
  if (!userId) return true;
  return hasPermission(await loadAccess(db, userId), 'externalContacts:contact:view', job.divisionId);
}

/**
 * A first import into an empty table leaves the planner believing the table is empty, and the
 * next batch's lookups then scan it row by row (seen: 100x slower). Statistics are refreshed
 * whenever this job has doubled the table, starting with its first batch into an empty one;
 * a table already large (a re-import) is left alone, as its plans do not change.
 *
 * On PostgreSQL the refresh runs on a connection of its own while the next batches go on (it
 * takes a lock that no write waits for; measured: 2.5 s of a 200,000-row import spent waiting
 * for it). A refresh still running when another is due is waited for, and so is the last one
 * before the step ends.
 */
export class StatisticsKeeper {
  private inserted = 0;
  private nextRefresh: number | null = null;
  private running: Promise<unknown> = Promise.resolve();

  /** `inBackground`: `db` is a pool (not one transaction's connection) with connections to spare. */
  async afterBatch(db: AppDatabase, inserted: number, inBackground: boolean): Promise<void> {
    this.nextRefresh ??= Math.max(1, await estimatedContacts(db));
    this.inserted += inserted;
    if (this.inserted < this.nextRefresh) return;
    this.nextRefresh = this.inserted * 2;
    await this.running;
    if (!inBackground) return analyzeContacts(db);
    // Handled at once: a refresh that fails only leaves the statistics older, and a rejection
    // nobody listens to yet would end the worker process.
    this.running = analyzeContacts(db).catch(() => {});
  }

  /** Waits for a refresh still running. */
  async settle(): Promise<void> {
    await this.running;
  }
}

/**
 * After an import that changed a tenth of the contacts or more: PGlite has no autovacuum, so the
 * dead row versions of updated contacts stay (each with an entry in every index that later
 * lookups step over) and the statistics grow old unless the application refreshes them; on
 * PostgreSQL, statistics refreshed now serve the next import at once, not after autovacuum's turn.
 */
async function maintainAfterImport(db: AppDatabase, changed: number): Promise<void> {
  if (changed === 0 || changed * 10 < await estimatedContacts(db)) return;
  if (postgresClientOf(db)) await analyzeImportTables(db);
  else await vacuumImportTables(db);
}

async function analyzeContacts(db: AppDatabase): Promise<void> {
  await analyzeImportTables(db);
}

async function estimatedContacts(db: AppDatabase): Promise<number> {
  const [row] = await queryRows<{ tuples: number | string }>(db,
    sql`select greatest(reltuples, 0) as tuples from pg_class where oid = 'contacts'::regclass`);
  return Number(row?.tuples ?? 0);
}
